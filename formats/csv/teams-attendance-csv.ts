/**
 * Reads the attendance file that Microsoft Teams lets a meeting organiser download into the e-mail
 * addresses of the people who attended. Pure: bytes in, data out; never throws.
 *
 * What Teams writes (from public parsers of real downloads and their sample files: dvaneynde/teams-attendance
 * `data/*.csv` and its README, which converts them with `iconv -f UTF-16`; phongsathorn1/ms-teams-attendance
 * and other pandas scripts that read them with `encoding='utf-16', sep='\t'`; fildol's MSTeamsAttendance
 * `ReportParser.java` for the 2021 layout; Microsoft's "Manage the attendance report" admin page and the
 * office365itpros.com article on the attendance tab for what the report holds). Every generation is
 * UTF-16 LE with a BOM, tab separated, saved as `.csv`:
 * - 2020, "Download attendance list" in the meeting: one row per join or leave,
 *   `Full Name | User Action | Timestamp`. No e-mail column at all.
 * - 2021: key/value lines under `Meeting Summary` (`Total Number of Participants`, `Meeting Title`, …),
 *   a blank line, then one row per session:
 *   `Full Name | Join Time | Leave Time | Duration | Email | Role | Participant ID (UPN)`.
 * - 2022 on, the attendance report: numbered sections. `1. Summary` (key/value lines), a blank line,
 *   `2. Participants` with one row per person under
 *   `Name | First Join | Last Leave | In-Meeting Duration | Email | Participant ID (UPN) | Role`
 *   (the letter case of the headers varies between versions), a blank line, then
 *   `3. In-Meeting Activities`, which repeats people once per join (`Name | Join Time | Leave Time | …`).
 *   Section titles and headers follow the organiser's Teams language.
 * Opened and saved again in Excel, the same data becomes a comma or semicolon separated file in
 * UTF-8 or Windows-1252, with quotes around names that hold the separator.
 *
 * Decisions:
 * - The participant table is found by its header, not by its section title (titles are localised):
 *   the first line holding a name or e-mail column and at least one more known column. English and
 *   Swedish names are known; the Swedish ones are a best guess (no Swedish download was at hand), so
 *   only the name (`Namn`) and e-mail (`E-post`) columns are needed to recognise a header.
 * - The table ends at the next header, at a numbered section title, or at a one-field line after a
 *   blank line. Only the first table is read: in the 2022 report it is the one row per person, and the
 *   activities section below it adds no one new.
 * - The address is the `Email` cell; when that is empty or not an address, the `Participant ID (UPN)`
 *   cell if it looks like one. A guest's UPN (`jane_example.com#EXT#@tenant.onmicrosoft.com`) is not
 *   their mailbox, so it is not taken. A row with neither (a phone dial-in, an anonymous guest) is
 *   counted in `ignoredLines`; a person who joined twice is returned once, at their first line.
 * - Addresses are compared as {@link emailIdentity} does for registrations (trimmed, lower-case), so
 *   the result matches registrations directly.
 * - A file whose table has no e-mail column (the 2020 attendance list) is rejected: names alone
 *   cannot be matched to registrations without guessing.
 * - Encoding: a BOM decides (UTF-16 LE, UTF-16 BE, UTF-8); without one, NUL bytes in every other
 *   position mean UTF-16; then UTF-8 if the bytes are valid UTF-8, else Windows-1252.
 */
import type { Issue } from '../../domain/errors';
import { emailIdentity } from '../../domain/meetings/registration';
import { delimiterOf, splitLine } from './csv-line';

/** Uploads larger than this are rejected (by callers before reading, and here as a guard). */
export const MAX_ATTENDANCE_CSV_BYTES = 2_000_000;

/** One person who attended. */
export interface AttendanceRow {
  /** Trimmed and lower-cased. */
  email: string;
  name?: string;
  /** line number in the file */
  line: number;
}

export type AttendanceParse =
  | {
      ok: true;
      /** One per distinct address, in file order. */
      attendees: AttendanceRow[];
      /** Rows of the participant table without a usable address. */
      ignoredLines: number;
    }
  | { ok: false; issues: Issue[] };

type Delimiter = '\t' | ';' | ',';
/** In order of preference when a line holds as many of one as of another. */
const DELIMITERS: readonly [Delimiter, ...Delimiter[]] = ['\t', ';', ','];

interface Table {
  delimiter: Delimiter;
  /** 0-based index of the header line. */
  index: number;
  name?: number;
  email?: number;
  upn?: number;
}

const fail = (message: string): AttendanceParse => ({ ok: false, issues: [{ path: 'file', message }] });

const startsWith = (bytes: Uint8Array, prefix: readonly number[]): boolean =>
  bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);

const swapPairs = (bytes: Uint8Array): Uint8Array => {
  const swapped = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    swapped[i] = bytes[i + 1] ?? 0;
    swapped[i + 1] = bytes[i] ?? 0;
  }
  return swapped;
};

// Non-fatal: a broken surrogate becomes U+FFFD, there is no better reading to fall back on.
const utf16le = (bytes: Uint8Array): string => new TextDecoder('utf-16le').decode(bytes);

/** UTF-16 without a BOM shows as NUL bytes in every other position (ASCII text, as headers are). */
const utf16WithoutBom = (bytes: Uint8Array): 'le' | 'be' | undefined => {
  const pairs = Math.min(Math.floor(bytes.length / 2), 512);
  if (pairs < 2) return undefined;
  let nulHigh = 0;
  let nulLow = 0;
  for (let i = 0; i < pairs; i++) {
    const first = bytes[2 * i];
    const second = bytes[2 * i + 1];
    if (first !== 0 && second === 0) nulHigh++;
    else if (first === 0 && second !== 0) nulLow++;
  }
  if (nulHigh * 2 > pairs && nulLow === 0) return 'le';
  if (nulLow * 2 > pairs && nulHigh === 0) return 'be';
  return undefined;
};

const decode = (bytes: Uint8Array): string => {
  if (startsWith(bytes, [0xff, 0xfe])) return utf16le(bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return utf16le(swapPairs(bytes.subarray(2)));
  const utf8Bom = startsWith(bytes, [0xef, 0xbb, 0xbf]);
  const body = utf8Bom ? bytes.subarray(3) : bytes;
  if (!utf8Bom) {
    const order = utf16WithoutBom(bytes);
    if (order === 'le') return utf16le(bytes);
    if (order === 'be') return utf16le(swapPairs(bytes));
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    return new TextDecoder('windows-1252').decode(body);
  }
};

/**
 * A line's fields. Teams' own tab files do not quote, so a quote inside a name is kept as it is;
 * Excel quotes a name that holds the separator. An unclosed quote runs to the end of the line:
 * a broken name must not hide the rest of the list.
 */
const splitFields = (line: string, delimiter: Delimiter): string[] =>
  splitLine(line, delimiter, 'to-end-of-line') ?? [line.trim()];

const columnName = (field: string): string =>
  field
    .replace(/\uFEFF/g, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');

const NAME_COLUMNS = new Set([
  'name',
  'full name',
  'display name',
  'namn',
  'fullständigt namn',
  'visningsnamn',
]);
const EMAIL_COLUMNS = new Set([
  'email',
  'e-mail',
  'email address',
  'e-mail address',
  'mail',
  'e-post',
  'e-postadress',
  'epost',
]);
const isUpnColumn = (name: string): boolean => name === 'upn' || name.includes('(upn)');
/** The other columns Teams writes, English and (guessed) Swedish; only used to recognise a header. */
const OTHER_COLUMN =
  /\b(?:join|leave|duration|timestamp|user action|role)\b|anslut|lämna|varaktighet|tidsstämpel|åtgärd|^roll$/;

const readHeader = (fields: string[]): Omit<Table, 'delimiter' | 'index'> | undefined => {
  const names = fields.map(columnName);
  const find = (test: (name: string) => boolean): number | undefined => {
    const at = names.findIndex(test);
    return at < 0 ? undefined : at;
  };
  const name = find((n) => NAME_COLUMNS.has(n));
  const email = find((n) => EMAIL_COLUMNS.has(n));
  const upn = find(isUpnColumn);
  if (name === undefined && email === undefined) return undefined;
  const known = names.filter(
    (n) => NAME_COLUMNS.has(n) || EMAIL_COLUMNS.has(n) || isUpnColumn(n) || OTHER_COLUMN.test(n),
  ).length;
  return known >= 2 ? { name, email, upn } : undefined;
};

/**
 * Every header names a name or an e-mail column (see {@link readHeader}); a line without one of
 * those words cannot be a header, and is not split three ways to find out. Most rows are not.
 */
const MAYBE_HEADER = /name|namn|mail|e-?post/;

const headerAt = (line: string): Omit<Table, 'index'> | undefined => {
  if (!MAYBE_HEADER.test(line.replace(/\uFEFF/g, '').toLowerCase())) return undefined;
  const delimiter = delimiterOf(line, DELIMITERS, 'to-end-of-line');
  const header = readHeader(splitFields(line, delimiter));
  return header && { ...header, delimiter };
};

const findTable = (lines: string[]): Table | undefined => {
  for (const [index, line] of lines.entries()) {
    const header = headerAt(line);
    if (header) return { ...header, index };
  }
  return undefined;
};

/** Local part and a host name of at least two labels, ASCII as registration addresses are. */
const ADDRESS =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

const addressIn = (cell: string | undefined): string | undefined => {
  if (cell === undefined) return undefined;
  const address = emailIdentity(cell);
  // A guest's UPN names the tenant's copy of the account, not a mailbox that registered.
  return ADDRESS.test(address) && !address.includes('#ext#') ? address : undefined;
};

const SECTION_TITLE = /^\d+\.\s+\S/;

/**
 * Parses a Teams attendance download (see the module comment for the layouts) into one row per
 * distinct address, in file order. Fails only when the file is empty, too large, holds no participant
 * table, or the table has no e-mail column.
 */
export const parseTeamsAttendance = (bytes: Uint8Array): AttendanceParse => {
  if (bytes.length > MAX_ATTENDANCE_CSV_BYTES) {
    return fail(`the file is larger than ${MAX_ATTENDANCE_CSV_BYTES} bytes`);
  }
  const text = decode(bytes);
  if (text.replace(/\uFEFF/g, '').trim() === '') return fail('the file is empty');

  const lines = text.split(/\r\n|\r|\n/);
  const table = findTable(lines);
  if (!table) {
    return fail(
      'no participant list found: expected a Microsoft Teams attendance report with a header row such as Name, First Join, Last Leave, In-Meeting Duration, Email',
    );
  }
  if (table.email === undefined && table.upn === undefined) {
    return fail(
      'the file has no e-mail column, so attendees cannot be matched to registrations. It looks like the older Teams attendance list (names and times only): download the attendance report from the meeting’s Attendance tab instead',
    );
  }

  const attendees: AttendanceRow[] = [];
  const seen = new Set<string>();
  let ignoredLines = 0;
  let afterBlank = false;
  for (let index = table.index + 1; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const fields = splitFields(line, table.delimiter);
    const filled = fields.filter((field) => field !== '');
    if (filled.length === 0) {
      afterBlank = true;
      continue;
    }
    // A one-field line is a section title, numbered or (after a blank line) not; rows have more.
    const title = filled.length === 1 && addressIn(filled[0]) === undefined ? (filled[0] ?? '') : undefined;
    if (headerAt(line) || (title !== undefined && (SECTION_TITLE.test(title) || afterBlank))) break;

    const email =
      addressIn(table.email === undefined ? undefined : fields[table.email]) ??
      addressIn(table.upn === undefined ? undefined : fields[table.upn]);
    if (email === undefined) {
      ignoredLines++;
      continue;
    }
    if (seen.has(email)) continue;
    seen.add(email);
    const name = table.name === undefined ? '' : (fields[table.name] ?? '');
    attendees.push({ email, ...(name === '' ? {} : { name }), line: index + 1 });
  }
  return { ok: true, attendees, ignoredLines };
};
