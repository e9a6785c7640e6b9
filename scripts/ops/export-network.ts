/**
 * Export of the whole network (issue 9, hand-over to a new principal): every item of the table,
 * one JSON-lines file per kind, the outbox events in `events.jsonl`, and `manifest.json` with
 * counts and SHA-256 checksums. Format: scripts/ops/package-format.ts.
 *
 * The package holds personal data (registrations: names, addresses, dietary needs; subscribers'
 * addresses): docs/privacy.md. Files are created readable by their owner only, progress reports
 * carry counts only, and the package must travel encrypted and be deleted once imported.
 *
 * Streaming with a deterministic order. A Scan returns items in the table's hash order, which
 * differs between tables, so the order is made afterwards by an external merge sort: the Scan's
 * pages are canonicalised into lines and kept per kind in a buffer of bounded size; a full buffer
 * is sorted by (PK, SK) and written as a sorted run; at the end the runs of each kind are merged
 * (one line per run in memory) into the kind's file, hashed as it is written. Memory is bounded by
 * `sortBufferBytes` plus one Scan page per segment, whatever the size of the table. (Query per
 * partition would need the list of partitions first — itself a Scan — and one request per
 * meeting, invoice, receipt and event: far more requests for the same order.)
 */
import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DynamoDBClient, ScanCommand, type ScanCommandOutput } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  compareKeys,
  compareStrings,
  fileListText,
  type Item,
  type ItemKey,
  itemKey,
  itemLine,
  kindOf,
  MANIFEST_FILE,
  type Manifest,
  type ManifestFile,
  manifestText,
  PACKAGE_FORMAT,
  PACKAGE_FORMAT_VERSION,
  PackageError,
  readLines,
} from './package-format';

/** What an export reports while it runs: counts only, never an item. */
export interface ExportProgress {
  phase: 'scan' | 'sort' | 'done';
  /** Items scanned so far (scan), or written to the package so far (sort, done). */
  items: number;
  /** The kind being merged (sort). */
  kind?: string;
}

export interface ExportNetworkOptions {
  /** A raw or a document client: the export reads raw attribute values either way. */
  client: DynamoDBClient | DynamoDBDocumentClient;
  tableName: string;
  /** Created if missing; must be empty (a package is never mixed with another). */
  outDir: string;
  onProgress?: (progress: ExportProgress) => void;
  /** Parallel Scan segments (default 4). The order of the package does not depend on it. */
  segments?: number;
  /** Size of the sort buffer across kinds before it is written as sorted runs (default 8 MiB). */
  sortBufferBytes?: number;
  /** The export time recorded in the manifest's provenance (default: now). */
  now?: Date;
}

export interface ExportNetworkResult {
  manifest: Manifest;
  /** Directory of the package. */
  outDir: string;
  /** Total bytes of the data files and the manifest. */
  bytes: number;
}

const RUNS_DIR = '.runs';
/** Owner-only: the package holds personal data. */
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

/** A line of a sorted run: the key as JSON, a tab (never inside JSON text), the item line. */
const runLine = (key: ItemKey, line: string) => `${JSON.stringify(key)}\t${line}\n`;
const splitRunLine = (text: string): { key: ItemKey; line: string } => {
  const tab = text.indexOf('\t');
  return { key: JSON.parse(text.slice(0, tab)) as ItemKey, line: text.slice(tab + 1) };
};

/** Writes with back-pressure: waits for `drain` when the stream's buffer is full. */
const write = async (stream: WriteStream, text: string): Promise<void> => {
  if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
};
const close = (stream: WriteStream): Promise<void> =>
  new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => resolve());
  });

/** A min-heap of the current line of each run, by key. */
class RunHeap {
  private readonly heads: { key: ItemKey; line: string; run: number }[] = [];
  get size() {
    return this.heads.length;
  }
  push(head: { key: ItemKey; line: string; run: number }) {
    const heads = this.heads;
    heads.push(head);
    let i = heads.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compareKeys((heads[parent] as typeof head).key, head.key) <= 0) break;
      heads[i] = heads[parent] as typeof head;
      i = parent;
    }
    heads[i] = head;
  }
  pop() {
    const heads = this.heads;
    const top = heads[0];
    const last = heads.pop();
    if (top === undefined || last === undefined || heads.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heads.length) break;
      const right = left + 1;
      const child =
        right < heads.length &&
        compareKeys((heads[right] as typeof last).key, (heads[left] as typeof last).key) < 0
          ? right
          : left;
      if (compareKeys((heads[child] as typeof last).key, last.key) >= 0) break;
      heads[i] = heads[child] as typeof last;
      i = child;
    }
    heads[i] = last;
    return top;
  }
}

/**
 * Exports every item of `tableName` into a new hand-over package in `outDir`, streaming: memory
 * stays bounded by the sort buffer whatever the size of the table.
 *
 * The package: `<kind>.jsonl` per kind (`events.jsonl` for the outbox events), each line one item
 * in canonical DynamoDB JSON, sorted by (PK, SK); `manifest.json` with the format version, per
 * file its item count, byte size and SHA-256, the SHA-256 of the file list (`filesSha256`, the
 * package's fingerprint) and a `provenance` block (export time, source table). Two exports of
 * tables with equal content are byte-identical in every file except `provenance` in the manifest.
 *
 * Consistency: a Scan is not a snapshot. Export a table nobody writes to (the old deployment
 * stopped, or a table restored from point-in-time recovery).
 *
 * @throws PackageError `EXPORT_TARGET_NOT_EMPTY` when `outDir` exists and is not empty.
 */
export const exportNetwork = async (options: ExportNetworkOptions): Promise<ExportNetworkResult> => {
  const { tableName, outDir } = options;
  const client = options.client as DynamoDBClient;
  const segments = Math.max(1, options.segments ?? 4);
  const bufferLimit = options.sortBufferBytes ?? 8 * 1024 * 1024;
  const progress = options.onProgress ?? (() => undefined);
  const exportedAt = (options.now ?? new Date()).toISOString();

  await mkdir(outDir, { recursive: true, mode: DIR_MODE });
  if ((await readdir(outDir)).length > 0) {
    throw new PackageError(
      'EXPORT_TARGET_NOT_EMPTY',
      `${outDir} is not empty: a package goes into a directory of its own`,
    );
  }
  const runsDir = join(outDir, RUNS_DIR);
  await mkdir(runsDir, { mode: DIR_MODE });

  // Pass 1: scan, canonicalise, buffer per kind, spill sorted runs.
  const buffers = new Map<string, { key: ItemKey; line: string }[]>();
  const runs = new Map<string, string[]>();
  let buffered = 0;
  let scanned = 0;

  const spill = async () => {
    for (const [kind, lines] of buffers) {
      lines.sort((a, b) => compareKeys(a.key, b.key));
      const path = join(runsDir, `${kind}.${runs.get(kind)?.length ?? 0}.run`);
      const stream = createWriteStream(path, { mode: FILE_MODE });
      for (const { key, line } of lines) await write(stream, runLine(key, line));
      await close(stream);
      runs.set(kind, [...(runs.get(kind) ?? []), path]);
    }
    buffers.clear();
    buffered = 0;
  };

  const accept = async (items: Item[]) => {
    for (const item of items) {
      const kind = kindOf(item);
      const line = itemLine(item);
      let lines = buffers.get(kind);
      if (!lines) {
        lines = [];
        buffers.set(kind, lines);
      }
      lines.push({ key: itemKey(item), line });
      // Characters ≈ bytes for this data; twice for the key and the object overhead.
      buffered += line.length * 2 + 64;
    }
    scanned += items.length;
    progress({ phase: 'scan', items: scanned });
    if (buffered >= bufferLimit) await spill();
  };

  // Segments hand their pages over one at a time (a promise chain), each waiting for its page
  // to be taken before reading the next: at most one page per segment is in flight.
  let chain: Promise<void> = Promise.resolve();
  const scanSegment = async (segment: number) => {
    let ExclusiveStartKey: ScanCommandOutput['LastEvaluatedKey'];
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: tableName,
          ExclusiveStartKey,
          ...(segments > 1 ? { Segment: segment, TotalSegments: segments } : {}),
        }),
      );
      chain = chain.then(() => accept(page.Items ?? []));
      await chain;
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  };
  await Promise.all(Array.from({ length: segments }, (_, segment) => scanSegment(segment)));
  await spill();

  // Pass 2: merge each kind's runs into its file, hashing what is written.
  const files: ManifestFile[] = [];
  let written = 0;
  for (const kind of [...runs.keys()].sort(compareStrings)) {
    const name = `${kind}.jsonl`;
    const hash = createHash('sha256');
    let items = 0;
    let bytes = 0;
    const out = createWriteStream(join(outDir, name), { mode: FILE_MODE });
    const readers = (runs.get(kind) ?? []).map((path) => readLines(path)[Symbol.asyncIterator]());
    const heap = new RunHeap();
    const advance = async (run: number) => {
      const next = await (readers[run] as AsyncIterator<string>).next();
      if (!next.done) heap.push({ ...splitRunLine(next.value), run });
    };
    for (let run = 0; run < readers.length; run++) await advance(run);
    let previous: ItemKey | undefined;
    while (heap.size > 0) {
      const head = heap.pop() as { key: ItemKey; line: string; run: number };
      if (previous && compareKeys(previous, head.key) >= 0) {
        throw new Error(`The scan returned ${kind} items out of key order or twice`);
      }
      previous = head.key;
      const text = `${head.line}\n`;
      hash.update(text);
      bytes += Buffer.byteLength(text);
      items += 1;
      written += 1;
      await write(out, text);
      if (written % 1000 === 0) progress({ phase: 'sort', items: written, kind });
      await advance(head.run);
    }
    await close(out);
    files.push({ name, kind, items, bytes, sha256: hash.digest('hex') });
  }
  await rm(runsDir, { recursive: true, force: true });

  files.sort((a, b) => compareStrings(a.name, b.name));
  const manifest: Manifest = {
    format: PACKAGE_FORMAT,
    formatVersion: PACKAGE_FORMAT_VERSION,
    itemCount: written,
    files,
    filesSha256: createHash('sha256').update(fileListText(files)).digest('hex'),
    provenance: { exportedAt, sourceTable: tableName, tool: 'scripts/ops/export-network.ts' },
  };
  // The manifest last, by rename: a package with a manifest is a complete package.
  const text = manifestText(manifest);
  await writeFile(join(outDir, `${MANIFEST_FILE}.partial`), text, { mode: FILE_MODE });
  await rename(join(outDir, `${MANIFEST_FILE}.partial`), join(outDir, MANIFEST_FILE));
  progress({ phase: 'done', items: written });
  return { manifest, outDir, bytes: files.reduce((sum, file) => sum + file.bytes, Buffer.byteLength(text)) };
};
