import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventBridgeEvent } from 'aws-lambda';
import { SurveyRecorded } from '../../events/survey-recorded';
import { EVENT_ITEM_TYPE } from '../../functions/adapters/table-design';
import { startAwsControlPlane } from '../../local/aws-control-plane';
import { LocalEventBus } from '../../local/event-bus';
import type { LocalCloud } from '../../local/local-cloud';
import { startStreamPipe } from '../../local/stream-pipe';
import { exportNetwork } from '../../scripts/ops/export-network';
import { importNetwork } from '../../scripts/ops/import-network';
import {
  itemLine,
  MANIFEST_FILE,
  type Manifest,
  manifestText,
  PackageError,
} from '../../scripts/ops/package-format';
import { freshTable } from '../fixtures/dynamodb';
import { dynamoDbEndpoint } from '../fixtures/dynamodb-endpoint';
import { api, startTestCloud } from '../fixtures/local-cloud';

/**
 * Issue 9, hand-over: the network's data, filled by the real flows of a local cloud, goes through
 * export → import into a fresh table → export, and the two packages are the same bytes; the
 * import publishes none of the stored events again, and refuses tampered packages and non-empty
 * targets without writing. A 20,000-item table is exported in a process of its own to show that
 * memory does not grow with the data.
 */
const repoRoot = join(import.meta.dirname, '..', '..');
const work = await mkdtemp(join(tmpdir(), 'ops-export-import-'));
let source: { raw: DynamoDBClient; client: DynamoDBDocumentClient };
let sourceTable: string;
let packageA: string;
let cloud: LocalCloud | undefined;

/** An item of every DynamoDB type, to show nothing is lost on the way through JSON. */
const exoticItem: Record<string, AttributeValue> = {
  PK: { S: 'ZZ_TYPES#1' },
  SK: { S: 'ZZ_TYPES' },
  big: { N: '12345678901234567890.0123456789' },
  strings: { SS: ['ö', 'a', 'Z'] },
  numbers: { NS: ['3', '-1.5', '10'] },
  bytes: { B: new Uint8Array([0, 1, 2, 255]) },
  byteSet: { BS: [new Uint8Array([9]), new Uint8Array([1, 2])] },
  nothing: { NULL: true },
  flag: { BOOL: false },
  nested: { M: { list: { L: [{ S: 'x' }, { N: '1' }, { M: { deep: { S: 'åäö "quoted"\n' } } }] } } },
};

const scanAll = async (client: DynamoDBClient, tableName: string) => {
  const items: Record<string, AttributeValue>[] = [];
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
};

const readManifest = async (dir: string): Promise<{ text: string; manifest: Manifest }> => {
  const text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  return { text, manifest: JSON.parse(text) as Manifest };
};

const refusal = async (work: Promise<unknown>): Promise<PackageError> => {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PackageError);
  return error as PackageError;
};

beforeAll(async () => {
  // The real flows: a seeded network, registrations (one with dietary needs), a subscription,
  // all consumers run (confirmations, person index, statistics, receipts, notice marks).
  cloud = await startTestCloud();
  sourceTable = cloud.tableName;
  const meetings = await api(cloud, 'GET', '/api/meetings');
  expect(meetings.status).toBe(200);
  const meeting = (meetings.body.meetings as { id: string; kind: string }[]).find(
    (m) => m.kind === 'physical',
  );
  expect(meeting).toBeDefined();
  for (let i = 0; i < 6; i++) {
    const registered = await api(cloud, 'POST', `/api/meetings/${meeting?.id}/registrations`, {
      name: `Deltagare ${i}`,
      email: `deltagare${i}@kommun.example`,
      municipalityCode: '1490',
      role: 'environmental-strategist',
      consent: true,
      ...(i === 0 ? { dietaryNeeds: 'vegetarian' } : {}),
    });
    expect(registered.status).toBe(201);
  }
  const subscribed = await api(cloud, 'POST', '/api/focus-groups/nature-conservation/subscriptions', {
    email: 'prenumerant@kommun.example',
    consent: true,
  });
  expect(subscribed.status).toBe(202);
  await cloud.settle({ timeoutMs: 60_000 });
  // Nothing writes to the source any more while it is exported (as in a real hand-over).
  await cloud.stop();
  cloud = undefined;

  const raw = new DynamoDBClient({
    endpoint: dynamoDbEndpoint(),
    region: 'eu-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  source = { raw, client: DynamoDBDocumentClient.from(raw) };
  await source.raw.send(new PutItemCommand({ TableName: sourceTable, Item: exoticItem }));
  packageA = join(work, 'a');
  // The document client, as the CLI has it: the export reads raw values through it all the same.
  await exportNetwork({ client: source.client, tableName: sourceTable, outDir: packageA });
}, 180_000);

afterAll(async () => {
  await cloud?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('export → import → export', () => {
  it('gives a byte-identical package, every item kept exactly, and no event republished', async () => {
    const sourceItems = await scanAll(source.raw, sourceTable);
    const { text: textA, manifest: a } = await readManifest(packageA);
    expect(a.itemCount).toBe(sourceItems.length);
    const kinds = a.files.map((file) => file.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['events', 'registration', 'meeting', 'municipality', 'receipt']),
    );
    expect(a.files.find((file) => file.kind === 'events')?.items).toBe(
      sourceItems.filter((item) => item.type?.S === EVENT_ITEM_TYPE).length,
    );

    // The target has a stream; the pipe, exactly as the local cloud runs it, watches it.
    const target = await freshTable('ops-import-target');
    const streams = new DynamoDBStreamsClient({
      endpoint: target.endpoint,
      region: 'eu-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const published: EventBridgeEvent<string, { id?: string }>[] = [];
    // The bus's PutEvents, as the local cloud serves it, keeping what the pipe puts on it.
    const plane = await startAwsControlPlane({
      port: 0,
      bus: new LocalEventBus([]),
      eventBus: {
        name: 'import-target-bus',
        arn: 'arn:aws:events:eu-north-1:000000000000:event-bus/import-target-bus',
        put: (event) => published.push(event as (typeof published)[number]),
      },
      region: 'eu-north-1',
      stacks: () => ({}),
    });
    const eventBridge = new EventBridgeClient({
      endpoint: plane.endpoint,
      region: 'eu-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const pipe = await startStreamPipe({
      client: streams,
      streamArn: target.streamArn,
      eventBridge,
      eventBusName: 'import-target-bus',
    });
    try {
      const phases = new Set<string>();
      const imported = await importNetwork({
        client: target.raw,
        tableName: target.tableName,
        inDir: packageA,
        onProgress: (progress) => phases.add(progress.phase),
      });
      expect(imported.items).toBe(a.itemCount);
      expect(imported.events).toBe(a.files.find((file) => file.kind === 'events')?.items);
      expect(phases).toContain('finalise-events');

      const packageB = join(work, 'b');
      await exportNetwork({ client: target.raw, tableName: target.tableName, outDir: packageB, segments: 3 });

      const namesA = (await readdir(packageA)).sort();
      expect((await readdir(packageB)).sort()).toEqual(namesA);
      for (const name of namesA.filter((n) => n !== MANIFEST_FILE)) {
        const same = (await readFile(join(packageA, name))).equals(await readFile(join(packageB, name)));
        expect({ name, same }).toEqual({ name, same: true });
      }
      // The manifests differ only in provenance (when, from which table), by design.
      const { text: textB, manifest: b } = await readManifest(packageB);
      expect(b.provenance.sourceTable).toBe(target.tableName);
      expect(manifestText({ ...a, provenance: b.provenance })).toBe(textB);
      expect(manifestText(a)).toBe(textA);

      const copied = await target.raw.send(
        new GetItemCommand({
          TableName: target.tableName,
          Key: { PK: exoticItem.PK, SK: exoticItem.SK } as never,
        }),
      );
      // Sets are unordered in DynamoDB: compare canonical lines (sorted sets, exact numbers).
      expect(itemLine(copied.Item ?? {})).toBe(itemLine(exoticItem));
      expect(copied.Item?.big).toEqual({ N: '12345678901234567890.0123456789' });
      expect(copied.Item?.bytes?.B).toEqual(new Uint8Array([0, 1, 2, 255]));

      // A sentinel event written the normal way afterwards does reach the bus: once it has, every
      // record the import caused has been through the pipe, and none of them was forwarded.
      const sentinel = randomUUID();
      await target.raw.send(
        new PutItemCommand({
          TableName: target.tableName,
          Item: {
            PK: { S: `EVENT#${sentinel}` },
            SK: { S: 'EVENT' },
            type: { S: EVENT_ITEM_TYPE },
            eventId: { S: sentinel },
            source: { S: SurveyRecorded.source },
            detailType: { S: SurveyRecorded.detailType },
            version: { N: String(SurveyRecorded.version) },
            occurredAt: { S: '2027-01-01T00:00:00.000Z' },
            detail: { S: JSON.stringify({ year: 2026, respondents: 1 }) },
          },
        }),
      );
      const deadline = Date.now() + 30_000;
      const ids = () => published.map((event) => event.detail.id);
      while (!ids().includes(sentinel) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect(ids()).toEqual([sentinel]);
    } finally {
      await pipe.stop();
      eventBridge.destroy();
      await plane.stop();
    }
  }, 180_000);
});

describe('import refuses, writing nothing', () => {
  it('a package with one byte changed in any file', async () => {
    const target = await freshTable('ops-import-tampered');
    const { manifest } = await readManifest(packageA);
    for (const file of manifest.files) {
      const copy = join(work, `tampered-${file.kind}`);
      await cp(packageA, copy, { recursive: true });
      const bytes = await readFile(join(copy, file.name));
      let at = Math.floor(bytes.length / 2);
      while (bytes[at] === 0x0a) at += 1;
      bytes[at] = (bytes[at] as number) ^ 0x01;
      await writeFile(join(copy, file.name), bytes);

      const error = await refusal(
        importNetwork({ client: target.raw, tableName: target.tableName, inDir: copy }),
      );
      expect({ file: file.name, code: error.code }).toEqual({
        file: file.name,
        code: 'PACKAGE_CHECKSUM_MISMATCH',
      });
      expect(await scanAll(target.raw, target.tableName)).toEqual([]);
    }

    // The manifest's own checksum of a file changed (a hex digit for another): the list no
    // longer matches its fingerprint.
    const copy = join(work, 'tampered-manifest');
    await cp(packageA, copy, { recursive: true });
    const { text } = await readManifest(copy);
    const first = manifest.files[0]?.sha256 as string;
    const flipped = `${first[0] === '0' ? '1' : '0'}${first.slice(1)}`;
    await writeFile(join(copy, MANIFEST_FILE), text.replace(first, flipped));
    const error = await refusal(
      importNetwork({ client: target.raw, tableName: target.tableName, inDir: copy }),
    );
    expect(error.code).toBe('PACKAGE_CHECKSUM_MISMATCH');

    // A package other than the one announced out of band.
    const unexpected = await refusal(
      importNetwork({
        client: target.raw,
        tableName: target.tableName,
        inDir: packageA,
        expectedFilesSha256: '0'.repeat(64),
      }),
    );
    expect(unexpected.code).toBe('PACKAGE_NOT_EXPECTED');
    expect(await scanAll(target.raw, target.tableName)).toEqual([]);
  }, 120_000);

  it('a target that is not empty', async () => {
    const target = await freshTable('ops-import-nonempty');
    const existing = {
      PK: { S: 'MUNICIPALITY#0114' },
      SK: { S: 'MUNICIPALITY' },
      name: { S: 'Upplands Väsby' },
    };
    await target.raw.send(new PutItemCommand({ TableName: target.tableName, Item: existing }));

    const error = await refusal(
      importNetwork({ client: target.raw, tableName: target.tableName, inDir: packageA }),
    );
    expect(error.code).toBe('IMPORT_TARGET_NOT_EMPTY');
    expect(await scanAll(target.raw, target.tableName)).toEqual([existing]);
  });
});

describe('memory', () => {
  /** Fills a table with `count` synthetic items of the network's shapes (~1 KB each). */
  const fill = async (client: DynamoDBClient, tableName: string, count: number) => {
    const padding = 'x'.repeat(700);
    const item = (i: number): Record<string, AttributeValue> => {
      const id = String(i).padStart(6, '0');
      if (i % 3 === 0) {
        return {
          PK: { S: `EVENT#${id}` },
          SK: { S: 'EVENT' },
          GSI1PK: { S: 'EVENTS#2023' },
          GSI1SK: { S: `2023-05-01T00:00:00.000Z#${id}` },
          type: { S: EVENT_ITEM_TYPE },
          detailType: { S: 'RegistrationReceived' },
          detail: { S: JSON.stringify({ registrationId: id, padding }) },
        };
      }
      return {
        PK: { S: `MEETING#m${i % 50}` },
        SK: { S: `REGISTRATION#${id}` },
        type: { S: 'registration' },
        name: { S: `Deltagare ${id}` },
        email: { S: `deltagare${id}@kommun.example` },
        notes: { S: padding },
        days: { SS: ['2023-05-01', '2023-05-02'] },
        arrival: { N: String(i) },
      };
    };
    const batches: Record<string, AttributeValue>[][] = [];
    for (let i = 0; i < count; i += 25) {
      batches.push(Array.from({ length: Math.min(25, count - i) }, (_, j) => item(i + j)));
    }
    const next = { index: 0 };
    const worker = async () => {
      for (let b = next.index++; b < batches.length; b = next.index++) {
        let requests = (batches[b] ?? []).map((Item) => ({ PutRequest: { Item } }));
        while (requests.length > 0) {
          const { UnprocessedItems } = await client.send(
            new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }),
          );
          requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
        }
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
  };

  const measureExport = async (endpoint: string, tableName: string, outDir: string) => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        'tsx',
        'scripts/ops/package-measure.ts',
        'export',
        '--endpoint',
        endpoint,
        '--table',
        tableName,
        '--out',
        outDir,
        '--sort-buffer-bytes',
        String(1024 * 1024),
      ],
      { cwd: repoRoot, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
    );
    return JSON.parse(stdout.trim().split('\n').at(-1) as string) as {
      items: number;
      bytes: number;
      ms: number;
      peakRssMiB: number;
      retainedHeapMiB: number;
    };
  };

  it('exports 20,000 items with about the memory of 200', async () => {
    const small = await freshTable('ops-export-small');
    const large = await freshTable('ops-export-large');
    await fill(small.raw, small.tableName, 200);
    await fill(large.raw, large.tableName, 20_000);

    const smallRun = await measureExport(small.endpoint, small.tableName, join(work, 'small'));
    const largeRun = await measureExport(large.endpoint, large.tableName, join(work, 'large'));
    process.stdout.write(
      `export memory: 200 items ${JSON.stringify(smallRun)}, 20,000 items ${JSON.stringify(largeRun)}\n`,
    );

    expect(smallRun.items).toBe(200);
    expect(largeRun.items).toBe(20_000);
    // The large package is ~100 times the small one (~19 MB). Held in memory, its lines alone
    // would add ~20 MiB to the heap (one-byte strings; measured: +24 MiB with a sort buffer large
    // enough to hold the table); streamed, the heap that survives a collection grows by the sort
    // buffer (1 MiB) and the Scan pages in flight (measured: +6 MiB).
    expect(largeRun.bytes).toBeGreaterThan(50 * smallRun.bytes);
    expect(largeRun.retainedHeapMiB - smallRun.retainedHeapMiB).toBeLessThan(12);
  }, 300_000);
});
