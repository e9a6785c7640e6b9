/**
 * A metering HTTP proxy on loopback in front of DynamoDB Local, for the capacity figures of issue 8.
 * Everything that talks to DynamoDB through it (the functions of a local cloud started with
 * `dynamoDbEndpoint` set to the proxy, the stream pipe, a benchmark's own client) is counted
 * without a line of production code knowing: every DynamoDB call that accepts
 * `ReturnConsumedCapacity` and does not set it gets `TOTAL` added, and the `ConsumedCapacity`
 * DynamoDB Local answers with is summed per operation, with the items read and written.
 *
 * Units: standard reads and writes are billed as DynamoDB Local reports them (per item ⌈size / 1 KB⌉
 * write units plus one index write per GSI1 item, ½ or 1 unit per 4 KB read; checked against a
 * probe of DynamoDB Local 2.x). Transactions are not: AWS bills every action of a
 * TransactWriteItems 2 × ⌈size / 1 KB⌉ (prepare and commit), but DynamoDB Local's figure for a
 * transaction does not add up per action (a probe of 2026-11-27: one, two or three small items
 * without an index all report 2; two small items of which one has a GSI1 key report 6). So for
 * TransactWriteItems `billed*Units` is computed here, from the items: for each action
 * 2 × ⌈larger of the stored and the new item's size / 1 KB⌉ (the stored images are read directly
 * from DynamoDB Local before and after, unmetered), plus ⌈size / 1 KB⌉ per GSI1 entry written or
 * removed (index upkeep assumed billed as standard writes: AWS documents the doubling for the
 * table's items only). TransactGetItems: reported units ×2. `reported*Units` keeps what DynamoDB
 * Local said.
 */
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** Read and write operations of DynamoDB's JSON 1.0 protocol (`X-Amz-Target: DynamoDB_20120810.<op>`). */
const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
const TRANSACTIONS = new Set(['TransactGetItems', 'TransactWriteItems']);

export interface OperationTally {
  requests: number;
  /** Requests DynamoDB refused (4xx/5xx): conditional check failures, transaction cancellations. */
  refused: number;
  /** Capacity units as DynamoDB Local reported them. */
  reportedUnits: number;
  /** Units as AWS bills them (transactional operations ×2). */
  billedUnits: number;
  /** Items the requests named (writes) or returned (reads). */
  items: number;
}

export interface CapacityTotals {
  requests: number;
  reportedReadUnits: number;
  reportedWriteUnits: number;
  billedReadUnits: number;
  billedWriteUnits: number;
  itemsRead: number;
  itemsWritten: number;
  byOperation: Record<string, OperationTally>;
}

export interface CapacityProxy {
  endpoint: string;
  /** The totals since start or the last `reset()`. */
  totals(): CapacityTotals;
  reset(): void;
  stop(): Promise<void>;
}

const readAll = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

type Json = Record<string, unknown>;

const unitsOf = (answer: Json): number => {
  const consumed = answer.ConsumedCapacity;
  const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
  return list.reduce((sum: number, entry) => sum + Number((entry as Json).CapacityUnits ?? 0), 0);
};

/** Items a write request names, or a read answer returns. */
const itemsOf = (operation: string, request: Json, answer: Json): number => {
  switch (operation) {
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return 1;
    case 'TransactWriteItems':
    case 'TransactGetItems':
      return Array.isArray(request.TransactItems) ? request.TransactItems.length : 0;
    case 'BatchWriteItem':
      return Object.values((request.RequestItems ?? {}) as Record<string, unknown[]>).reduce(
        (sum, writes) => sum + writes.length,
        0,
      );
    case 'GetItem':
      return answer.Item ? 1 : 0;
    case 'BatchGetItem':
      return Object.values((answer.Responses ?? {}) as Record<string, unknown[]>).reduce(
        (sum, items) => sum + items.length,
        0,
      );
    case 'Query':
    case 'Scan':
      // Items read, not returned: a filter discards after the read is paid for.
      return Number(answer.ScannedCount ?? answer.Count ?? 0);
    default:
      return 0;
  }
};

type Item = Record<string, Json>;

/** DynamoDB's size of one attribute value (the developer guide's item-size rules). */
const valueSize = (value: Json): number => {
  if (typeof value.S === 'string') return Buffer.byteLength(value.S, 'utf8');
  if (typeof value.N === 'string') return Math.ceil(value.N.replace(/^-|\.|^0+/g, '').length / 2) + 1;
  if (typeof value.B === 'string') return Buffer.from(value.B, 'base64').length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (Array.isArray(value.SS)) return (value.SS as string[]).reduce((n, x) => n + Buffer.byteLength(x), 0);
  if (Array.isArray(value.NS))
    return (value.NS as string[]).reduce((n, x) => n + Math.ceil(x.length / 2) + 1, 0);
  if (Array.isArray(value.L)) return 3 + (value.L as Json[]).reduce((n, v) => n + 1 + valueSize(v), 0);
  if (value.M && typeof value.M === 'object')
    return (
      3 +
      Object.entries(value.M as Item).reduce((n, [k, v]) => n + 1 + Buffer.byteLength(k) + valueSize(v), 0)
    );
  return 0;
};

export const dynamoItemSize = (item: Item | undefined): number =>
  item ? Object.entries(item).reduce((n, [k, v]) => n + Buffer.byteLength(k) + valueSize(v), 0) : 0;

const INDEX_KEY = 'GSI1PK';

/** Units AWS bills for one successful TransactWriteItems, from the images before and after. */
const transactionWriteUnits = (before: (Item | undefined)[], after: (Item | undefined)[]): number =>
  before.reduce((sum, old, i) => {
    const next = after[i];
    const size = Math.max(dynamoItemSize(old), dynamoItemSize(next), 1);
    const kb = Math.ceil(size / 1024);
    const oldKey = old?.[INDEX_KEY]?.S;
    const newKey = next?.[INDEX_KEY]?.S;
    // An index entry is written when the item is in the index after, removed when it was before
    // and is no longer (or moved to another key: both).
    const indexWrites = (newKey ? 1 : 0) + (oldKey && oldKey !== newKey ? 1 : 0);
    return sum + 2 * kb + indexWrites * kb;
  }, 0);

/** The table and key an action of TransactWriteItems names. */
const actionTarget = (action: Json): { table: string; key: Item } | undefined => {
  const [kind, body] = Object.entries(action)[0] ?? [];
  if (!kind || !body) return undefined;
  const b = body as Json;
  const table = String(b.TableName);
  if (kind === 'Put') {
    const item = b.Item as Item;
    return { table, key: { PK: item.PK as Json, SK: item.SK as Json } };
  }
  return { table, key: b.Key as Item };
};

const empty = (): CapacityTotals => ({
  requests: 0,
  reportedReadUnits: 0,
  reportedWriteUnits: 0,
  billedReadUnits: 0,
  billedWriteUnits: 0,
  itemsRead: 0,
  itemsWritten: 0,
  byOperation: {},
});

/** Starts the proxy in front of `target` (a DynamoDB Local endpoint). */
export const startCapacityProxy = async (target: string): Promise<CapacityProxy> => {
  const upstreamUrl = new URL(target);
  let totals = empty();

  const record = (
    operation: string,
    status: number,
    request: Json,
    answer: Json,
    billedOverride?: number,
  ) => {
    const isRead = READS.has(operation);
    if (!isRead && !WRITES.has(operation)) return;
    const tally = totals.byOperation[operation] ?? {
      requests: 0,
      refused: 0,
      reportedUnits: 0,
      billedUnits: 0,
      items: 0,
    };
    totals.byOperation[operation] = tally;
    totals.requests += 1;
    tally.requests += 1;
    if (status >= 400) {
      // A refused write is still paid for in AWS (a failed condition consumes the write units);
      // DynamoDB Local says nothing about it, so it is counted as the items it named.
      tally.refused += 1;
      if (!isRead) {
        const units = itemsOf(operation, request, {}) * (TRANSACTIONS.has(operation) ? 2 : 1);
        tally.billedUnits += units;
        totals.billedWriteUnits += units;
      }
      return;
    }
    const reported = unitsOf(answer);
    const billed = billedOverride ?? reported * (TRANSACTIONS.has(operation) ? 2 : 1);
    const items = itemsOf(operation, request, answer);
    tally.reportedUnits += reported;
    tally.billedUnits += billed;
    tally.items += items;
    if (isRead) {
      totals.reportedReadUnits += reported;
      totals.billedReadUnits += billed;
      totals.itemsRead += items;
    } else {
      totals.reportedWriteUnits += reported;
      totals.billedWriteUnits += billed;
      totals.itemsWritten += items;
    }
  };

  /** The stored images of a transaction's items, read directly (unmetered, consistent). */
  const images = (request: Json, headers: IncomingMessage['headers']): Promise<(Item | undefined)[]> =>
    Promise.all(
      ((request.TransactItems ?? []) as Json[]).map((action) => {
        const target = actionTarget(action);
        if (!target) return Promise.resolve(undefined);
        const body = Buffer.from(
          JSON.stringify({ TableName: target.table, Key: target.key, ConsistentRead: true }),
          'utf8',
        );
        return new Promise<Item | undefined>((resolve) => {
          const get = httpRequest(
            {
              host: upstreamUrl.hostname,
              port: upstreamUrl.port,
              method: 'POST',
              path: '/',
              headers: {
                ...headers,
                host: upstreamUrl.host,
                'x-amz-target': 'DynamoDB_20120810.GetItem',
                'content-length': String(body.length),
              },
            },
            (answer) => {
              void readAll(answer).then((raw) => {
                try {
                  resolve((JSON.parse(raw.toString('utf8')) as Json).Item as Item | undefined);
                } catch {
                  resolve(undefined);
                }
              });
            },
          );
          get.on('error', () => resolve(undefined));
          get.end(body);
        });
      }),
    );

  const server = createServer((req, res) => {
    void (async () => {
      let body = await readAll(req);
      const amzTarget = String(req.headers['x-amz-target'] ?? '');
      // DynamoDB Streams (`DynamoDBStreams_20120810.*`) pass through uncounted: not billed per unit.
      const operation = amzTarget.startsWith('DynamoDB_20120810.') ? amzTarget.slice(18) : '';
      const metered = READS.has(operation) || WRITES.has(operation);
      let request: Json = {};
      let askedForCapacity = true;
      if (metered) {
        request = JSON.parse(body.toString('utf8')) as Json;
        askedForCapacity =
          request.ReturnConsumedCapacity !== undefined && request.ReturnConsumedCapacity !== 'NONE';
        if (!askedForCapacity) {
          body = Buffer.from(JSON.stringify({ ...request, ReturnConsumedCapacity: 'TOTAL' }), 'utf8');
        }
      }
      const headers = { ...req.headers, host: upstreamUrl.host, 'content-length': String(body.length) };
      // DynamoDB Local signs nothing it checks: the caller's headers serve for the proxy's own reads.
      const imagesBefore = operation === 'TransactWriteItems' ? await images(request, req.headers) : [];
      const upstream = httpRequest(
        { host: upstreamUrl.hostname, port: upstreamUrl.port, method: req.method, path: req.url, headers },
        (answer) => {
          if (!metered) {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            return;
          }
          const respond = (raw: Buffer, parsed: Json, status: number) => {
            // The caller gets the answer it asked for: the added ConsumedCapacity is removed again.
            let out = raw;
            if (!askedForCapacity && status < 400 && 'ConsumedCapacity' in parsed) {
              const { ConsumedCapacity: _removed, ...rest } = parsed;
              out = Buffer.from(JSON.stringify(rest), 'utf8');
            }
            const outHeaders: OutgoingHttpHeaders = {
              ...answer.headers,
              'content-length': String(out.length),
            };
            // DynamoDB's CRC32 of the original body would no longer match the changed one.
            delete outHeaders['x-amz-crc32'];
            res.writeHead(status, outHeaders);
            res.end(out);
          };
          void readAll(answer).then(async (raw) => {
            const status = answer.statusCode ?? 502;
            let parsed: Json = {};
            try {
              parsed = JSON.parse(raw.toString('utf8')) as Json;
            } catch {
              // Not JSON: passed on as it came, not counted.
            }
            const billed =
              operation === 'TransactWriteItems' && status < 400
                ? transactionWriteUnits(imagesBefore, await images(request, req.headers))
                : undefined;
            record(operation, status, request, parsed, billed);
            respond(raw, parsed, status);
          });
        },
      );
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      upstream.end(body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    totals: () => structuredClone(totals),
    reset: () => {
      totals = empty();
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** The difference `after − before` of two snapshots, for the capacity of one use case. */
export const capacityBetween = (before: CapacityTotals, after: CapacityTotals): CapacityTotals => {
  const result = empty();
  for (const key of [
    'requests',
    'reportedReadUnits',
    'reportedWriteUnits',
    'billedReadUnits',
    'billedWriteUnits',
    'itemsRead',
    'itemsWritten',
  ] as const) {
    result[key] = after[key] - before[key];
  }
  for (const [operation, tally] of Object.entries(after.byOperation)) {
    const earlier = before.byOperation[operation];
    const diff: OperationTally = {
      requests: tally.requests - (earlier?.requests ?? 0),
      refused: tally.refused - (earlier?.refused ?? 0),
      reportedUnits: tally.reportedUnits - (earlier?.reportedUnits ?? 0),
      billedUnits: tally.billedUnits - (earlier?.billedUnits ?? 0),
      items: tally.items - (earlier?.items ?? 0),
    };
    if (diff.requests > 0) result.byOperation[operation] = diff;
  }
  return result;
};
