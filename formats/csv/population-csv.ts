/**
 * Reads an uploaded population table (CSV) into population figures, or into the list of everything
 * that is wrong with it. Pure: bytes in, data out.
 *
 * Two layouts are accepted.
 *
 * 1. `scb`: the CSV that SCB's Statistikdatabasen (PxWeb) writes for table BE0101N1 "Folkmängd efter
 *    region och år". The layout follows PxWeb's own CSV writer (PxTools/PCAxis.Serializers,
 *    `CsvSerializer.cs`) and the download options PxWeb offers (statisticssweden/PxWeb:
 *    `FileTypeCsvWithHeadingAndComma`, `…AndSemiColon`, with or without heading):
 *    - an optional title line, written quoted, sometimes followed by a blank line;
 *    - a header: the quoted stub variable name (`"region"`), then the quoted heading values, here the
 *      years (`"2022","2023"`);
 *    - one row per region: the quoted region text, SCB's code and name (`"1480 Göteborg"`; newer
 *      exports may give the code alone), then the figures, unquoted, without thousands separators
 *      and with `.` as decimal mark; older PxWeb versions could group thousands, so a figure grouped
 *      by spaces (`596 841`) is accepted too;
 *    - the separator is whatever the header line uses: comma or semicolon;
 *    - the file is written in the table's code page, for SCB usually Latin-1 (Windows-1252).
 *    The writer itself adds nothing after the data, but files saved from the web page or edited by
 *    hand end with blank lines and footnotes (`"Källa: SCB"`, `Fotnot…`), which are skipped.
 * 2. `plain`: a header `code,year,population` (comma or semicolon) and one figure per line.
 *
 * Decisions:
 * - SCB writes a missing figure as one to six dots (`..` = not available) and `-` for "nil" (SCB's
 *   PX format documentation). Such a cell, or an empty one, means "no figure" for that municipality
 *   and year in the SCB layout: it is skipped, not an error. In the plain layout every line is one
 *   figure, so a missing population there is an error.
 * - Only 4-digit codes are municipalities. Rows with a 2-digit code (`00 Riket`, `14 Västra Götalands
 *   län`) are skipped silently; any other region text is an error.
 * - The whole file is rejected if anything is wrong; the first {@link MAX_LISTED_ISSUES} problems are
 *   listed, one per problem, with `path` `line N` (1-based line in the file) or `file`.
 * - A figure given twice with the same value is kept once; with different values it is an error.
 */
import type { Issue } from '../../domain/errors';
import type { PopulationFigure, PopulationFile } from '../../domain/rendering-ports';
import { delimiterOf, splitLine } from './csv-line';

/** Uploads larger than this are rejected (by callers before reading, and here as a guard). */
export const MAX_POPULATION_CSV_BYTES = 1_000_000;

export type { PopulationFigure } from '../../domain/rendering-ports';
/** What {@link parsePopulationCsv} returns: the domain's {@link PopulationFile}. */
export type ParseResult = PopulationFile;

/** BE0101N1 starts in 1968; later years leave room for the software's lifetime. */
const FIRST_YEAR = 1968;
const LAST_YEAR = 2100;
/** How many non-blank lines may come before the header (PxWeb writes one title line). */
const LINES_BEFORE_HEADER = 2;
/** More problems than this are summed up in one last issue, to keep the answer readable. */
const MAX_LISTED_ISSUES = 100;

type Delimiter = ',' | ';';
type Layout = 'scb' | 'plain';

interface Header {
  layout: Layout;
  delimiter: Delimiter;
  /** 0-based index of the header line. */
  index: number;
  fields: string[];
}

type Cell = { kind: 'missing' } | { kind: 'figure'; population: number } | { kind: 'invalid' };

/** Collects figures and problems while the rows are read. */
class Collector {
  readonly issues: Issue[] = [];
  private readonly figures = new Map<string, { figure: PopulationFigure; line: number }>();

  problem(line: number, message: string): void {
    this.issues.push({ path: `line ${line}`, message });
  }

  add(code: string, year: number, population: number, line: number): void {
    const key = `${code}:${year}`;
    const earlier = this.figures.get(key);
    if (!earlier) {
      this.figures.set(key, { figure: { code, year, population, referenceDate: `${year}-12-31` }, line });
    } else if (earlier.figure.population !== population) {
      this.problem(
        line,
        `${code} ${year} is given twice with different populations: ${earlier.figure.population} on line ${earlier.line}, ${population} here`,
      );
    }
  }

  sortedFigures(): PopulationFigure[] {
    return [...this.figures.values()]
      .map(({ figure }) => figure)
      .sort((a, b) => (a.code === b.code ? a.year - b.year : a.code < b.code ? -1 : 1));
  }
}

const fileIssue = (message: string): ParseResult => ({ ok: false, issues: [{ path: 'file', message }] });

const startsWith = (bytes: Uint8Array, prefix: number[]): boolean =>
  prefix.every((byte, i) => bytes[i] === byte);

/** UTF-8 when the bytes are valid UTF-8 (ASCII is), else Latin-1 read as Windows-1252, its superset. */
const decode = (bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'latin-1' } => {
  const body = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body),
      encoding: 'utf-8',
    };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(body), encoding: 'latin-1' };
  }
};

/** A line's trimmed fields, or undefined when a quoted value is not closed on it. */
const splitFields = (line: string, delimiter: Delimiter): string[] | undefined =>
  splitLine(line, delimiter, 'reject');

const DELIMITERS: readonly [Delimiter, ...Delimiter[]] = [',', ';'];

const isBlank = (line: string): boolean => line.trim() === '';

/** A footnote after the data: SCB's source line or a note, quoted or not. */
const isFootnote = (line: string): boolean =>
  /^"?\s*(källa|source|fotnot|footnote|anmärkning|note)\b/i.test(line.trim());

const findHeader = (lines: string[]): Header | undefined => {
  let nonBlank = 0;
  for (const [index, line] of lines.entries()) {
    if (isBlank(line)) continue;
    if (++nonBlank > LINES_BEFORE_HEADER + 1) return undefined;
    // The header decides the separator: semicolon when it splits the header into more fields.
    const delimiter = delimiterOf(line, DELIMITERS, 'reject');
    const fields = splitFields(line, delimiter);
    if (!fields) continue;
    const names = fields.map((field) => field.toLowerCase());
    if (names.join(',') === 'code,year,population') return { layout: 'plain', delimiter, index, fields };
    if (names[0] === 'region') return { layout: 'scb', delimiter, index, fields };
  }
  return undefined;
};

/** A whole number ≥ 0, plain (`596841`) or grouped by spaces as older PxWeb exports could (`596 841`). */
const WHOLE_NUMBER = /^(?:\d+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+)$/;
/** SCB's symbols for "no figure": one to six dots, `-` (nil), or nothing at all. */
const NO_FIGURE = /^(?:\.{1,6}|-|)$/;

const readCell = (text: string): Cell => {
  if (NO_FIGURE.test(text)) return { kind: 'missing' };
  if (!WHOLE_NUMBER.test(text)) return { kind: 'invalid' };
  const population = Number(text.replace(/[ \u00a0\u202f]/g, ''));
  return Number.isSafeInteger(population) ? { kind: 'figure', population } : { kind: 'invalid' };
};

const populationProblem = (text: string): string => `population must be a whole number ≥ 0, got "${text}"`;
const yearProblem = (text: string): string =>
  `year must be between ${FIRST_YEAR} and ${LAST_YEAR}, got "${text}"`;
const codeProblem = (text: string): string => `expected a 4-digit SCB municipality code, got "${text}"`;

const readYear = (text: string): number | undefined => {
  const year = /^\d{4}$/.test(text) ? Number(text) : Number.NaN;
  return year >= FIRST_YEAR && year <= LAST_YEAR ? year : undefined;
};

/** Splits a data line, reporting a broken quote or a wrong column count. */
const rowFields = (
  collector: Collector,
  line: string,
  number: number,
  header: Header,
): string[] | undefined => {
  const fields = splitFields(line, header.delimiter);
  if (!fields) {
    collector.problem(number, 'a quoted value is not closed');
    return undefined;
  }
  if (fields.length !== header.fields.length) {
    collector.problem(
      number,
      `wrong number of columns: expected ${header.fields.length} separated by "${header.delimiter}", got ${fields.length}`,
    );
    return undefined;
  }
  return fields;
};

/** The years in the SCB header, or undefined when the header itself is wrong (then rows cannot be read). */
const scbYears = (collector: Collector, header: Header): number[] | undefined => {
  const line = header.index + 1;
  const labels = header.fields.slice(1);
  if (labels.length === 0) {
    collector.problem(line, 'the header has no year columns after "region"');
    return undefined;
  }
  const years: number[] = [];
  for (const [i, label] of labels.entries()) {
    const column = i + 2;
    const year = readYear(label);
    if (!/^\d{4}$/.test(label)) {
      collector.problem(
        line,
        `column ${column} "${label}" is not a year: export the table with only the years as columns (one content, Folkmängd)`,
      );
    } else if (year === undefined) {
      collector.problem(line, `column ${column}: ${yearProblem(label)}`);
    } else if (years.includes(year)) {
      collector.problem(line, `column ${column}: the year ${year} appears in more than one column`);
    } else {
      years.push(year);
    }
  }
  return years.length === labels.length ? years : undefined;
};

const looksLikeRow = (line: string, header: Header): boolean => {
  const fields = splitFields(line, header.delimiter);
  return fields?.length === header.fields.length && /^\d+(?:\s|$)/.test(fields[0] ?? '');
};

const readScbRows = (collector: Collector, lines: string[], header: Header): void => {
  const years = scbYears(collector, header);
  if (!years) return;
  let inNotes = false;
  for (let index = header.index + 1; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const number = index + 1;
    if (isBlank(line)) continue;
    // From the first footnote on, lines are notes, which may run over several lines; but a line that
    // looks like a region row means the notes sit in the middle of the data, and rows would be lost.
    if (inNotes || isFootnote(line)) {
      inNotes = true;
      if (looksLikeRow(line, header)) collector.problem(number, 'a region row after the footnotes');
      continue;
    }
    const fields = rowFields(collector, line, number, header);
    if (!fields) continue;
    const [region = '', ...cells] = fields;
    const code = /^(\d+)(?:\s|$)/.exec(region)?.[1];
    // Riket (00) and the counties (01–25) have 2-digit codes; only municipalities are figures here.
    if (code?.length === 2 || /^riket$/i.test(region)) continue;
    if (code?.length !== 4) {
      collector.problem(number, codeProblem(region));
      continue;
    }
    for (const [i, text] of cells.entries()) {
      const year = years[i] as number;
      const cell = readCell(text);
      if (cell.kind === 'invalid') collector.problem(number, `${year}: ${populationProblem(text)}`);
      else if (cell.kind === 'figure') collector.add(code, year, cell.population, number);
    }
  }
};

const readPlainRows = (collector: Collector, lines: string[], header: Header): void => {
  for (let index = header.index + 1; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const number = index + 1;
    if (isBlank(line)) continue;
    const fields = rowFields(collector, line, number, header);
    if (!fields) continue;
    const [code = '', yearText = '', populationText = ''] = fields;
    const codeOk = /^\d{4}$/.test(code);
    const year = readYear(yearText);
    const cell = readCell(populationText);
    if (!codeOk) collector.problem(number, codeProblem(code));
    if (year === undefined) collector.problem(number, yearProblem(yearText));
    if (cell.kind !== 'figure') collector.problem(number, populationProblem(populationText));
    if (codeOk && year !== undefined && cell.kind === 'figure')
      collector.add(code, year, cell.population, number);
  }
};

const listed = (issues: Issue[]): Issue[] =>
  issues.length <= MAX_LISTED_ISSUES
    ? issues
    : [
        ...issues.slice(0, MAX_LISTED_ISSUES),
        { path: 'file', message: `${issues.length - MAX_LISTED_ISSUES} more problems are not listed` },
      ];

/**
 * Parses a population CSV upload: SCB's BE0101N1 export or the plain `code,year,population` layout,
 * UTF-8 (with or without BOM) or Latin-1, CRLF or LF. Figures come sorted by code, then year; the
 * reference date is 31 December of the year. Any problem rejects the whole file.
 */
export const parsePopulationCsv = (bytes: Uint8Array): ParseResult => {
  if (bytes.length > MAX_POPULATION_CSV_BYTES) {
    return fileIssue(`the file is larger than ${MAX_POPULATION_CSV_BYTES} bytes`);
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return fileIssue('the file is UTF-16 text: save it as CSV in UTF-8 or Latin-1');
  }
  const { text, encoding } = decode(bytes);
  if (isBlank(text)) return fileIssue('the file is empty');

  const lines = text.split(/\r\n|\r|\n/);
  const header = findHeader(lines);
  if (!header) {
    return fileIssue(
      'unknown layout: expected SCB\'s export with a "region" column followed by year columns, or the header code,year,population',
    );
  }

  const collector = new Collector();
  if (header.layout === 'scb') readScbRows(collector, lines, header);
  else readPlainRows(collector, lines, header);

  if (collector.issues.length > 0) return { ok: false, issues: listed(collector.issues) };
  const figures = collector.sortedFigures();
  if (figures.length === 0) return fileIssue('the file holds no population figures for any municipality');
  return { ok: true, figures, layout: header.layout, encoding };
};
