/**
 * A meeting's registrants as CSV for Swedish Excel: semicolon-separated (Excel in a Swedish locale
 * takes the comma as the decimal sign and splits on `;`), UTF-8 with a byte order mark (without it
 * Excel reads the legacy code page and garbles å, ä, ö), CRLF line ends and RFC 4180 quoting.
 */
import type { Registrant } from '../../domain/meetings/list-registrants';
import { registrantColumns } from './registrant-columns';

const BOM = '\uFEFF';
const CRLF = '\r\n';
/** Spreadsheets run a cell starting with one of these as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** RFC 4180 with `;` as the separator: a field holding it, a quote or a line break is quoted. */
const NEEDS_QUOTES = /[";\r\n]/;

/**
 * One field: text a spreadsheet would run as a formula gets a leading apostrophe (shown as text),
 * and a field holding `;`, `"`, CR or LF is quoted with inner quotes doubled.
 */
export const semicolonCell = (value: string): string => {
  const neutralised = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(neutralised) ? `"${neutralised.replaceAll('"', '""')}"` : neutralised;
};

/** The list as one CSV document (a string: encode it as UTF-8). Swedish column headers. */
export const registrantListCsv = (registrants: readonly Registrant[]): string => {
  const columns = registrantColumns();
  const lines = [
    columns.map((column) => semicolonCell(column.header)),
    ...registrants.map((registrant) => columns.map((column) => semicolonCell(column.value(registrant)))),
  ].map((cells) => cells.join(';'));
  return `${BOM}${lines.join(CRLF)}${CRLF}`;
};
