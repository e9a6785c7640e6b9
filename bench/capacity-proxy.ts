/**
 * A metering HTTP proxy on loopback in front of DynamoDB Local, for the capacity figures of issue 8.
 * Everything that talks to DynamoDB through it (the functions of a local cloud started with
 * `dynamoDbEndpoint` set to the proxy, the stream pipe, a benchmark's own client) is counted
 * without a line of production code knowing: every DynamoDB call that accepts
 * `ReturnConsumedCapacity` and does not set it gets `TOTAL` added, and the `ConsumedCapacity`
 * DynamoDB Local answers with is summed per operation, with the items read and written.
 *
 * Units: DynamoDB Local reports the units of a *standard* request for transactions too (a
 * TransactWriteItems of two small items reports 2, where AWS bills 4: transactional requests cost
 * two units per item). `billed*Units` doubles the transactional operations so that the cost model
 * gets what AWS would charge; `reported*Units` keeps what DynamoDB Local said.
 */
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
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

  const record = (operation: string, status: number, request: Json, answer: Json) => {
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
    const billed = reported * (TRANSACTIONS.has(operation) ? 2 : 1);
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
      const upstream = httpRequest(
        { host: upstreamUrl.hostname, port: upstreamUrl.port, method: req.method, path: req.url, headers },
        (answer) => {
          if (!metered) {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            return;
          }
          void readAll(answer).then((raw) => {
            const status = answer.statusCode ?? 502;
            let parsed: Json = {};
            try {
              parsed = JSON.parse(raw.toString('utf8')) as Json;
            } catch {
              // Not JSON: passed on as it came, not counted.
            }
            record(operation, status, request, parsed);
            // The caller gets the answer it asked for: the added ConsumedCapacity is removed again.
            let out = raw;
            if (!askedForCapacity && status < 400 && 'ConsumedCapacity' in parsed) {
              const { ConsumedCapacity: _removed, ...rest } = parsed;
              out = Buffer.from(JSON.stringify(rest), 'utf8');
            }
            const outHeaders = { ...answer.headers, 'content-length': String(out.length) };
            // DynamoDB's CRC32 of the original body would no longer match the changed one.
            delete outHeaders['x-amz-crc32'];
            res.writeHead(status, outHeaders);
            res.end(out);
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
