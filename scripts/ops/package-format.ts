/**
 * The hand-over package (issue 9): its files, its manifest, and the one canonical way an item is
 * written as a line, shared by export-network.ts and import-network.ts so the two never disagree.
 *
 * Items are stored as DynamoDB JSON (`{"S": …}`, `{"N": "…"}`, …), not as plain JSON: numbers stay
 * the exact decimal strings DynamoDB holds, sets stay sets and binary stays binary, so nothing is
 * lost on the way through JavaScript. A line is canonical: attribute names sorted, set members
 * sorted, binary in base64, so that the same item always gives the same bytes.
 */
import { createReadStream } from 'node:fs';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';

export const PACKAGE_FORMAT = 'municipal-network-hand-over';
export const PACKAGE_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
/** The outbox events, in a file of their own (kind of items with `type = event`). */
export const EVENTS_KIND = 'events';
/** A file name in a package: a kind, kebab-case, and `.jsonl`. Nothing else is ever read. */
export const PACKAGE_FILE_NAME = /^[a-z][a-z0-9-]{0,62}\.jsonl$/;

/** A stable, machine-readable reason a package or a target was refused. */
export type PackageErrorCode =
  | 'PACKAGE_MALFORMED'
  | 'PACKAGE_VERSION_UNSUPPORTED'
  | 'PACKAGE_CHECKSUM_MISMATCH'
  | 'PACKAGE_NOT_EXPECTED'
  | 'EXPORT_TARGET_NOT_EMPTY'
  | 'IMPORT_TARGET_NOT_EMPTY'
  | 'IMPORT_UNSAFE_STREAM_FILTER';

/** Raised before anything is written: the package or the target is not acceptable. */
export class PackageError extends Error {
  constructor(
    readonly code: PackageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PackageError';
  }
}

/** One data file as the manifest lists it. */
export const manifestFileSchema = z.strictObject({
  name: z.string().regex(PACKAGE_FILE_NAME),
  kind: z.string(),
  items: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ManifestFile = z.infer<typeof manifestFileSchema>;

/**
 * `manifest.json`. Everything but `provenance` depends only on the table's content, so two exports
 * of equal tables have equal manifests once `provenance` (when, from which table) is left out.
 */
export const manifestSchema = z.strictObject({
  format: z.literal(PACKAGE_FORMAT),
  formatVersion: z.number().int(),
  itemCount: z.number().int().nonnegative(),
  /** Sorted by name. */
  files: z.array(manifestFileSchema),
  /** SHA-256 of the `sha256sum` listing of the files (see `fileListSha256`): the package's fingerprint. */
  filesSha256: z.string().regex(/^[0-9a-f]{64}$/),
  provenance: z.strictObject({
    exportedAt: z.string(),
    sourceTable: z.string(),
    tool: z.string(),
  }),
});
export type Manifest = z.infer<typeof manifestSchema>;

/**
 * The fingerprint of a package: SHA-256 over the lines `<sha256>  <name>\n` of its files sorted by
 * name — the text `sha256sum *.jsonl` prints, so it can be checked without this code.
 */
export const fileListText = (files: readonly Pick<ManifestFile, 'name' | 'sha256'>[]): string =>
  [...files]
    .sort((a, b) => compareStrings(a.name, b.name))
    .map((file) => `${file.sha256}  ${file.name}\n`)
    .join('');

/** The manifest as written: two-space JSON with a final newline, keys in schema order. */
export const manifestText = (manifest: Manifest): string => `${JSON.stringify(manifest, null, 2)}\n`;

/** Code-unit order: total and stable, which is all determinism needs. */
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export type ItemKey = readonly [pk: string, sk: string];

export const compareKeys = (a: ItemKey, b: ItemKey): number =>
  compareStrings(a[0], b[0]) || compareStrings(a[1], b[1]);

export type Item = Record<string, AttributeValue>;
/** An attribute value as JSON: binary as base64 strings. */
type JsonValue = Record<string, unknown>;

const sortedEntries = <T>(record: Record<string, T>): [string, T][] =>
  Object.entries(record).sort(([a], [b]) => compareStrings(a, b));

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** One attribute value in canonical JSON form. */
const valueToJson = (value: AttributeValue): JsonValue => {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.SS !== undefined) return { SS: [...value.SS].sort(compareStrings) };
  if (value.NS !== undefined) return { NS: [...value.NS].sort(compareStrings) };
  if (value.BS !== undefined) return { BS: value.BS.map(base64).sort(compareStrings) };
  if (value.L !== undefined) return { L: value.L.map(valueToJson) };
  if (value.M !== undefined) return { M: itemToJson(value.M) };
  throw new PackageError('PACKAGE_MALFORMED', 'An attribute value of an unknown DynamoDB type');
};

const itemToJson = (item: Item): Record<string, JsonValue> =>
  Object.fromEntries(sortedEntries(item).map(([name, value]) => [name, valueToJson(value)]));

/** The canonical line of an item (no newline). */
export const itemLine = (item: Item): string => JSON.stringify(itemToJson(item));

const fail = (message: string): never => {
  throw new PackageError('PACKAGE_MALFORMED', message);
};

const valueFromJson = (json: unknown): AttributeValue => {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return fail('An attribute is not an object');
  const entries = Object.entries(json);
  if (entries.length !== 1) return fail('An attribute must have exactly one type');
  const [type, v] = entries[0] as [string, unknown];
  const strings = (list: unknown): string[] =>
    Array.isArray(list) && list.every((s) => typeof s === 'string') ? list : fail(`${type} must be strings`);
  switch (type) {
    case 'S':
    case 'N':
      if (typeof v !== 'string') return fail(`${type} must be a string`);
      return type === 'S' ? { S: v } : { N: v };
    case 'BOOL':
      return typeof v === 'boolean' ? { BOOL: v } : fail('BOOL must be a boolean');
    case 'NULL':
      return v === true ? { NULL: true } : fail('NULL must be true');
    case 'B':
      return typeof v === 'string' ? { B: Buffer.from(v, 'base64') } : fail('B must be base64');
    case 'SS':
      return { SS: strings(v) };
    case 'NS':
      return { NS: strings(v) };
    case 'BS':
      return { BS: strings(v).map((s) => Buffer.from(s, 'base64')) };
    case 'L':
      return Array.isArray(v) ? { L: v.map(valueFromJson) } : fail('L must be a list');
    case 'M':
      return { M: itemFromJson(v) };
    default:
      return fail(`Unknown attribute type ${type}`);
  }
};

const itemFromJson = (json: unknown): Item => {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return fail('An item is not an object');
  return Object.fromEntries(Object.entries(json).map(([name, value]) => [name, valueFromJson(value)]));
};

/** Parses one line of a data file back into an item; its key must be two strings. */
export const parseItemLine = (line: string): { item: Item; key: ItemKey } => {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return fail('A line is not JSON');
  }
  const item = itemFromJson(json);
  const pk = item.PK?.S;
  const sk = item.SK?.S;
  if (pk === undefined || sk === undefined) return fail('An item without a string PK and SK');
  return { item, key: [pk, sk] };
};

export const itemKey = (item: Item): ItemKey => {
  const pk = item.PK?.S;
  const sk = item.SK?.S;
  if (pk === undefined || sk === undefined)
    throw new PackageError('PACKAGE_MALFORMED', 'An item without PK/SK');
  return [pk, sk];
};

const KEBAB = /^[a-z][a-z0-9-]{0,40}$/;
const LABEL = /^[A-Z][A-Z0-9_]{0,40}$/;

/**
 * The kind (file) of an item: `events` for outbox events; otherwise the item's own `type` when it
 * has one (the adapters write kebab-case types), else the label its PK starts with
 * (`POPULATION#2023` → `population`). Only the file an item lands in depends on this: import does
 * not care, so a new item type needs no change here.
 */
export const kindOf = (item: Item): string => {
  const type = item.type?.S;
  if (type === 'event') return EVENTS_KIND;
  if (type !== undefined && KEBAB.test(type) && type !== EVENTS_KIND) return type;
  const label = (item.PK?.S ?? '').split('#', 1)[0] ?? '';
  const fromKey = label.toLowerCase().replaceAll('_', '-');
  return LABEL.test(label) && fromKey !== EVENTS_KIND ? fromKey : 'other';
};

/**
 * The lines of a file (without their `\n`), streamed chunk by chunk; every byte read also goes to
 * `onBytes` (a hash), so that a file is checked and parsed in one read. A last line without `\n`
 * is yielded too and reported through `onUnterminated` (a canonical file ends with a newline).
 */
export async function* readLines(
  path: string,
  onBytes: (chunk: Buffer) => void = () => undefined,
  onUnterminated: () => void = () => undefined,
): AsyncGenerator<string> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    const bytes = chunk as Buffer;
    onBytes(bytes);
    let data = carry.length > 0 ? Buffer.concat([carry, bytes]) : bytes;
    let newline = data.indexOf(0x0a);
    while (newline !== -1) {
      yield data.subarray(0, newline).toString('utf8');
      data = data.subarray(newline + 1);
      newline = data.indexOf(0x0a);
    }
    carry = Buffer.from(data);
  }
  if (carry.length > 0) {
    onUnterminated();
    yield carry.toString('utf8');
  }
}
