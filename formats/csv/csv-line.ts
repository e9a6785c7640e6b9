/**
 * One line of a CSV upload split into fields, by csv-parse. The readers in this folder work line by
 * line, because the files they read never hold a value over several lines and a broken line must be
 * reported (or skipped) by its own number, not swallow the lines after it. What a line means (a
 * header, a section title, a row) is theirs to decide; the tokenising is csv-parse's.
 */
import { parse } from 'csv-parse/sync';

/** What to do with a quote that is opened and never closed on its line. */
export type UnclosedQuote = 'reject' | 'to-end-of-line';

/**
 * csv-parse's options for a lenient line: a quote in the middle of an unquoted value is kept as a
 * character (`relax_quotes`), spaces around a quoted value are allowed (`ltrim`, `rtrim`), and a
 * row may have any number of fields (`relax_column_count`; the readers check the count themselves).
 */
const LENIENT = { relax_quotes: true, relax_column_count: true, ltrim: true, rtrim: true } as const;

const record = (line: string, delimiter: string, quote: '"' | false): string[] => {
  const records = parse(line, { ...LENIENT, delimiter, quote }) as string[][];
  // A blank line gives no record; it is one empty field, as a line of only spaces is.
  return (records[0] ?? ['']).map((field) => field.trim());
};

const errorCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;

/**
 * Splits one line (no line break in it) into trimmed fields. A value may be quoted, `""` inside
 * quotes is one quote and the separator is text there.
 *
 * Two inputs csv-parse refuses even when relaxed, and how they are read instead:
 * - A quote that is never closed (`"Lindqvist, Erik` at the end of a line): with `'reject'` the line
 *   is refused (undefined); with `'to-end-of-line'` the quoted value runs to the end of the line, by
 *   closing the quote there and parsing again.
 * - Text after a closing quote (`"Erik" Lindqvist,…`, csv-parse's
 *   CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE): the line is read as written, quotes as characters
 *   (`quote: false`), so nothing of it is lost and the reader judges the values as they stand.
 */
export const splitLine = (line: string, delimiter: string, unclosed: UnclosedQuote): string[] | undefined => {
  try {
    return record(line, delimiter, '"');
  } catch (error) {
    if (errorCode(error) === 'CSV_QUOTE_NOT_CLOSED') {
      if (unclosed === 'reject') return undefined;
      return splitLine(`${line}"`, delimiter, 'reject') ?? record(line, delimiter, false);
    }
    return record(line, delimiter, false);
  }
};

/**
 * The separator a line uses: of `candidates`, the one that splits it into the most fields; on a
 * tie the earlier candidate. Used on header lines, which decide the separator of the rows below.
 */
export const delimiterOf = <D extends string>(
  line: string,
  candidates: readonly [D, ...D[]],
  unclosed: UnclosedQuote,
): D => {
  let [best] = candidates;
  let most = 0;
  for (const delimiter of candidates) {
    const fields = splitLine(line, delimiter, unclosed)?.length ?? 0;
    if (fields > most) {
      best = delimiter;
      most = fields;
    }
  }
  return best;
};
