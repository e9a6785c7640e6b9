/**
 * Import of a hand-over package (scripts/ops/export-network.ts) into an empty deployment.
 *
 * Order of work: the whole package is checked first (manifest, every file's SHA-256, size, item
 * count, every line parsed, keys strictly ascending); then the target must be empty; only then is
 * anything written, streaming line by line in BatchWriteItem requests of 25.
 *
 * Outbox events and the stream. The target table has a stream, and its pipe forwards every
 * INSERTED item with `type = event` to the bus (OUTBOX_STREAM_FILTER): importing the stored
 * events as they are would publish the whole history again — confirmations, invoices and
 * reminders mailed a second time. So every item the pipe would forward is written in two steps:
 * first *staged* with `type = import-staged-event` (its INSERT does not match the filter), then,
 * once every file is in, overwritten with its exact exported content (an overwrite is a MODIFY,
 * which the filter does not forward either). The table ends up holding exactly the exported
 * items, and the bus sees none of them. This relies on the filter forwarding INSERT only, which is
 * checked before anything is written (IMPORT_UNSAFE_STREAM_FILTER otherwise).
 *
 * Personal data: the package holds it (docs/privacy.md); progress reports carry counts only.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BatchWriteItemCommand,
  type DynamoDBClient,
  ScanCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { OUTBOX_STREAM_FILTER } from '../../functions/adapters/table-design';
import { matchesEventPattern } from '../../local/event-pattern-matcher';
import {
  compareKeys,
  fileListText,
  type Item,
  type ItemKey,
  MANIFEST_FILE,
  type Manifest,
  manifestSchema,
  PACKAGE_FILE_NAME,
  PACKAGE_FORMAT,
  PACKAGE_FORMAT_VERSION,
  PackageError,
  parseItemLine,
  readLines,
} from './package-format';

/** The `type` an event item has between its staged write and its final one. */
export const STAGED_EVENT_TYPE = 'import-staged-event';

/** What an import reports while it runs: counts only, never an item. */
export interface ImportProgress {
  phase: 'verify' | 'write' | 'finalise-events' | 'done';
  /** Items checked (verify), written (write, done) or event items finalised so far. */
  items: number;
  /** Items in the package. */
  total: number;
}

export interface ImportNetworkOptions {
  /** A raw or a document client: the import writes raw attribute values either way. */
  client: DynamoDBClient | DynamoDBDocumentClient;
  tableName: string;
  /** A package directory written by `exportNetwork`. */
  inDir: string;
  onProgress?: (progress: ImportProgress) => void;
  /**
   * The package fingerprint (`filesSha256`) received from the exporting side by another channel.
   * The checksums in the manifest catch corruption; only a fingerprint checked out of band also
   * catches a package altered together with its manifest.
   */
  expectedFilesSha256?: string;
  /** BatchWriteItem requests in flight at once (default 4). */
  concurrency?: number;
}

export interface ImportNetworkResult {
  manifest: Manifest;
  items: number;
  /** Event items written staged, then in their final form. */
  events: number;
}

const BATCH_SIZE = 25;
const MAX_ATTEMPTS = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Would the pipe forward this item if it were inserted? (The pipe's own filter and matcher.) */
const wouldPublish = (item: Item): boolean =>
  matchesEventPattern(OUTBOX_STREAM_FILTER, {
    eventName: 'INSERT',
    // The stream record carries DynamoDB JSON; binary is irrelevant to the filter.
    dynamodb: { NewImage: JSON.parse(JSON.stringify(item)) },
  });

const staged = (item: Item): Item => ({ ...item, type: { S: STAGED_EVENT_TYPE } });

/** Reads and checks the manifest's shape and version. */
const readManifest = async (inDir: string): Promise<Manifest> => {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(join(inDir, MANIFEST_FILE), 'utf8'));
  } catch (error) {
    throw new PackageError('PACKAGE_MALFORMED', `No readable ${MANIFEST_FILE} in ${inDir}: ${String(error)}`);
  }
  const format = (json as { format?: unknown; formatVersion?: unknown } | null) ?? {};
  if (format.format !== PACKAGE_FORMAT)
    throw new PackageError('PACKAGE_MALFORMED', 'Not a hand-over package');
  if (format.formatVersion !== PACKAGE_FORMAT_VERSION) {
    throw new PackageError(
      'PACKAGE_VERSION_UNSUPPORTED',
      `Package format version ${String(format.formatVersion)}; this import reads version ${PACKAGE_FORMAT_VERSION}`,
    );
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success)
    throw new PackageError('PACKAGE_MALFORMED', `The manifest is not valid: ${parsed.error.message}`);
  return parsed.data;
};

/**
 * Checks everything that can be checked without the target: every file the manifest lists, byte
 * by byte against its SHA-256, size and count; every line parsed; keys strictly ascending; no
 * data file the manifest does not list; the fingerprint; and that no item would still reach the
 * bus once staged. Returns the names of the files that hold items the pipe would forward.
 */
const verifyPackage = async (
  inDir: string,
  manifest: Manifest,
  options: Pick<ImportNetworkOptions, 'expectedFilesSha256' | 'onProgress'>,
): Promise<Set<string>> => {
  const mismatch = (message: string) => new PackageError('PACKAGE_CHECKSUM_MISMATCH', message);
  const fingerprint = createHash('sha256').update(fileListText(manifest.files)).digest('hex');
  if (fingerprint !== manifest.filesSha256) throw mismatch('The file list does not match filesSha256');
  if (options.expectedFilesSha256 !== undefined && options.expectedFilesSha256 !== fingerprint) {
    throw new PackageError(
      'PACKAGE_NOT_EXPECTED',
      'The package is not the one announced (filesSha256 differs)',
    );
  }
  const names = new Set(manifest.files.map((file) => file.name));
  if (names.size !== manifest.files.length)
    throw new PackageError('PACKAGE_MALFORMED', 'A file is listed twice');
  const unlisted = (await readdir(inDir)).filter((name) => name.endsWith('.jsonl') && !names.has(name));
  if (unlisted.length > 0)
    throw new PackageError('PACKAGE_MALFORMED', `Files not in the manifest: ${unlisted.join(', ')}`);
  if (manifest.files.reduce((sum, file) => sum + file.items, 0) !== manifest.itemCount) {
    throw new PackageError('PACKAGE_MALFORMED', 'itemCount is not the sum of the files');
  }

  let checked = 0;
  const publishable = new Set<string>();
  for (const file of manifest.files) {
    if (!PACKAGE_FILE_NAME.test(file.name))
      throw new PackageError('PACKAGE_MALFORMED', `Bad file name ${file.name}`);
    const hash = createHash('sha256');
    let bytes = 0;
    let items = 0;
    let unterminated = false;
    let previous: ItemKey | undefined;
    const lines = readLines(
      join(inDir, file.name),
      (chunk) => {
        hash.update(chunk);
        bytes += chunk.length;
      },
      () => {
        unterminated = true;
      },
    );
    try {
      for await (const line of lines) {
        // A file that fails its checksum is reported as such, not as whatever its lines say.
        let parsed: ReturnType<typeof parseItemLine>;
        try {
          parsed = parseItemLine(line);
        } catch {
          throw mismatch(`${file.name}: line ${items + 1} is not an item`);
        }
        if (previous && compareKeys(previous, parsed.key) >= 0)
          throw mismatch(`${file.name}: keys out of order`);
        previous = parsed.key;
        if (wouldPublish(parsed.item)) {
          if (wouldPublish(staged(parsed.item))) {
            throw new PackageError(
              'IMPORT_UNSAFE_STREAM_FILTER',
              'A staged event item would still reach the bus',
            );
          }
          publishable.add(file.name);
        }
        items += 1;
        checked += 1;
        if (checked % 1000 === 0)
          options.onProgress?.({ phase: 'verify', items: checked, total: manifest.itemCount });
      }
    } catch (error) {
      if (error instanceof PackageError) throw error;
      throw mismatch(`${file.name} cannot be read: ${String(error)}`);
    }
    if (unterminated) throw mismatch(`${file.name} does not end with a newline`);
    if (hash.digest('hex') !== file.sha256)
      throw mismatch(`${file.name}: SHA-256 does not match the manifest`);
    if (bytes !== file.bytes) throw mismatch(`${file.name}: ${bytes} bytes, the manifest says ${file.bytes}`);
    if (items !== file.items) throw mismatch(`${file.name}: ${items} items, the manifest says ${file.items}`);
  }
  return publishable;
};

/** One BatchWriteItem of up to 25 puts, retrying unprocessed items with jittered backoff. */
const writeBatch = async (client: DynamoDBClient, tableName: string, items: Item[]): Promise<void> => {
  let requests: WriteRequest[] = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 1; requests.length > 0; attempt++) {
    if (attempt > MAX_ATTEMPTS)
      throw new Error(`${requests.length} items still unprocessed after ${MAX_ATTEMPTS} attempts`);
    if (attempt > 1) await sleep(Math.random() * Math.min(5_000, 50 * 2 ** attempt));
    const { UnprocessedItems } = await client.send(
      new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }),
    );
    requests = UnprocessedItems?.[tableName] ?? [];
  }
};

/**
 * Imports a hand-over package into an empty table, streaming, without republishing its events.
 *
 * 1. Verifies the package (every checksum, size, count and line) — nothing is written if any
 *    check fails.
 * 2. Refuses a target table that holds any item.
 * 3. Writes every item with BatchWriteItem (25 a request, unprocessed items retried), event items
 *    staged so that the pipe does not forward them (see the module comment); then writes the
 *    event items in their final form.
 *
 * An import that fails half-way leaves a partial table: empty it (or create a new one) and run
 * the import again — the emptiness check refuses to import on top of it.
 *
 * @throws PackageError PACKAGE_MALFORMED, PACKAGE_VERSION_UNSUPPORTED, PACKAGE_CHECKSUM_MISMATCH,
 *   PACKAGE_NOT_EXPECTED, IMPORT_UNSAFE_STREAM_FILTER or IMPORT_TARGET_NOT_EMPTY, before writing.
 */
export const importNetwork = async (options: ImportNetworkOptions): Promise<ImportNetworkResult> => {
  const { tableName, inDir } = options;
  const client = options.client as DynamoDBClient;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const progress = options.onProgress ?? (() => undefined);

  // The staging trick holds only while the pipe forwards inserts alone.
  const forwarded = OUTBOX_STREAM_FILTER.eventName as readonly string[];
  if (forwarded.length !== 1 || forwarded[0] !== 'INSERT') {
    throw new PackageError(
      'IMPORT_UNSAFE_STREAM_FILTER',
      'The outbox pipe forwards more than INSERT records',
    );
  }

  const manifest = await readManifest(inDir);
  const total = manifest.itemCount;
  const withEvents = await verifyPackage(inDir, manifest, options);

  const probe = await client.send(new ScanCommand({ TableName: tableName, Limit: 1, ConsistentRead: true }));
  if ((probe.Items?.length ?? 0) > 0 || probe.LastEvaluatedKey) {
    throw new PackageError(
      'IMPORT_TARGET_NOT_EMPTY',
      `${tableName} is not empty: import only into an empty table`,
    );
  }

  /** Streams the items of `files` (optionally only some) into the table, `concurrency` batches at once. */
  const load = async (
    phase: ImportProgress['phase'],
    select: (item: Item) => Item | undefined,
    files: readonly string[],
  ): Promise<number> => {
    let written = 0;
    let failure: unknown;
    const inFlight = new Set<Promise<void>>();
    const send = async (batch: Item[]) => {
      const promise: Promise<void> = writeBatch(client, tableName, batch)
        .then(
          () => {
            written += batch.length;
            progress({ phase, items: written, total });
          },
          (error: unknown) => {
            failure ??= error;
          },
        )
        .finally(() => inFlight.delete(promise));
      inFlight.add(promise);
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
      if (failure !== undefined) throw failure;
    };
    let batch: Item[] = [];
    try {
      for (const name of files) {
        for await (const line of readLines(join(inDir, name))) {
          const item = select(parseItemLine(line).item);
          if (!item) continue;
          batch.push(item);
          if (batch.length === BATCH_SIZE) {
            await send(batch);
            batch = [];
          }
        }
      }
      if (batch.length > 0) await send(batch);
    } finally {
      // Whatever happened, no request is left running behind the caller's back.
      await Promise.all(inFlight);
    }
    if (failure !== undefined) throw failure;
    return written;
  };

  const names = manifest.files.map((file) => file.name);
  const items = await load('write', (item) => (wouldPublish(item) ? staged(item) : item), names);
  // Overwrites of existing items: MODIFY records, which the pipe does not forward.
  const events = await load(
    'finalise-events',
    (item) => (wouldPublish(item) ? item : undefined),
    names.filter((name) => withEvents.has(name)),
  );
  progress({ phase: 'done', items, total });
  return { manifest, items, events };
};
