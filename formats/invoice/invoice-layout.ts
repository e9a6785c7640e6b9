/**
 * The invoice PDF's layout: which text goes where on which A4 page, in Swedish. Pure data, no PDF
 * library: the adapter (functions/adapters/pdf-invoice-renderer.ts) draws it with pdf-lib.
 *
 * The layout needs no font metrics. Positions are fixed (columns, rows of {@link ROW} points), and
 * what depends on the glyphs' widths, right alignment and cutting a too long text to `maxWidth`
 * with an ellipsis, is asked of the drawer in the operation itself. So the same invoice always
 * gives the same operations, and they can be checked without rendering.
 */
import type { FeeBasis, Invoice, InvoiceLine, PostalAddress } from '../../domain/invoicing/invoice';
import { formatKronor, formatWholeNumber } from '../mail/format-kronor';

const NETWORK = 'Kommunnätverket för hållbar utveckling';

/** A4 in PDF points (pdf-lib's `PageSizes.A4`). */
export const PAGE_SIZE: readonly [number, number] = [595.28, 841.89];
const [PAGE_WIDTH, PAGE_HEIGHT] = PAGE_SIZE;
const MARGIN = 50;
const RIGHT = PAGE_WIDTH - MARGIN;
const TOP = PAGE_HEIGHT - MARGIN;
/** Rows stop above this line; the footer lives below it. */
const BOTTOM = 80;
/** The body text's size in points. */
export const TEXT_SIZE = 10;
const ROW = 14;
/** Height that netto, moms, att betala and the payment sentence need below the table. */
const TOTALS_HEIGHT = 5 * ROW + 20;

/** Table columns: x of the left edge, or of the right edge for right-aligned numbers. */
const COLUMNS = { municipality: MARGIN, population: 300, basis: 320, amount: RIGHT } as const;

/** The layout's colours; the drawer picks the exact shades. */
export type LayoutColor = 'black' | 'grey' | 'warning';

/** One text at (x, y) of a page, y counted from the bottom edge as in PDF. */
export interface TextOperation {
  kind: 'text';
  /** 0-based page index. */
  page: number;
  value: string;
  x: number;
  y: number;
  font: 'regular' | 'bold';
  size: number;
  /** 'right': `x` is the right edge of the text. */
  align: 'left' | 'right';
  /** Longer texts are cut with an ellipsis to fit. */
  maxWidth?: number;
  color: LayoutColor;
}

/** A thin horizontal rule at y from x `from` to x `to`. */
export interface RuleOperation {
  kind: 'rule';
  page: number;
  y: number;
  from: number;
  to: number;
}

/** One drawing step of the layout. */
export type LayoutOperation = TextOperation | RuleOperation;

/** The document: its metadata, how many pages, and what to draw in drawing order. */
export interface InvoiceLayout {
  title: string;
  author: string;
  subject: string;
  creator: string;
  language: string;
  pageCount: number;
  operations: LayoutOperation[];
}

interface TextOptions {
  font?: 'regular' | 'bold';
  size?: number;
  align?: 'left' | 'right';
  maxWidth?: number;
  color?: LayoutColor;
}

/** Collects operations page by page, in the order the drawer must replay them. */
class Sheet {
  readonly operations: LayoutOperation[] = [];
  pageCount = 0;
  page = -1;

  newPage(): void {
    this.page = this.pageCount;
    this.pageCount += 1;
  }

  text(value: string, x: number, y: number, options: TextOptions = {}): void {
    if (this.page < 0) this.newPage();
    this.operations.push({
      kind: 'text',
      page: this.page,
      value,
      x,
      y,
      font: options.font ?? 'regular',
      size: options.size ?? TEXT_SIZE,
      align: options.align ?? 'left',
      ...(options.maxWidth !== undefined ? { maxWidth: options.maxWidth } : {}),
      color: options.color ?? 'black',
    });
  }

  rule(y: number, from = MARGIN, to = RIGHT): void {
    if (this.page < 0) this.newPage();
    this.operations.push({ kind: 'rule', page: this.page, y, from, to });
  }
}

const basisText = (line: InvoiceLine): string => {
  const bases: Record<FeeBasis, string> = {
    rate: 'taxa',
    floor: 'lägsta avgift',
    cap: 'högsta avgift',
    'pro-rata': `${line.months ?? '?'}/12 månader`,
  };
  return bases[line.basis];
};

const addressLines = (address: PostalAddress): string[] => [
  address.street,
  `${address.postalCode} ${address.city}`,
];

/** 25 → "25 %", 12.5 → "12,5 %". */
const percent = (value: number): string => `${String(value).replace('.', ',')} %`;

const title = (invoice: Invoice): string => (invoice.kind === 'credit-note' ? 'Kreditfaktura' : 'Faktura');

/** Sender, heading with the invoice facts, recipient. Returns the y below it. */
const firstPageHead = (sheet: Sheet, invoice: Invoice): number => {
  const { principal, billingParty } = invoice;

  let y = TOP;
  sheet.text(principal.name, MARGIN, y, { font: 'bold', size: 12, maxWidth: 250 });
  for (const line of [...addressLines(principal.postalAddress), `Org.nr ${principal.organisationNumber}`]) {
    y -= ROW;
    sheet.text(line, MARGIN, y, { maxWidth: 250 });
  }

  const factsX = 330;
  const valuesX = 435;
  let factsY = TOP - 8;
  sheet.text(title(invoice), factsX, factsY, { font: 'bold', size: 22 });
  factsY -= 20;
  if (invoice.kind === 'credit-note') {
    sheet.text(`Avser faktura nr ${invoice.creditOf ?? '?'}`, factsX, factsY);
    factsY -= ROW;
  }
  if (principal.example) {
    sheet.text('Exempeldata – ingen riktig faktura', factsX, factsY, { font: 'bold', color: 'warning' });
    factsY -= ROW;
  }
  factsY -= 6;
  const facts: Array<[string, string]> = [
    ['Fakturanummer', String(invoice.number)],
    ['Fakturadatum', invoice.invoiceDate],
    ['Förfallodatum', invoice.dueDate],
    ['OCR-nummer', invoice.ocr],
    ['Bankgiro', principal.bankgiro],
  ];
  for (const [label, value] of facts) {
    sheet.text(label, factsX, factsY, { color: 'grey' });
    sheet.text(value, valuesX, factsY, { font: 'bold', maxWidth: RIGHT - valuesX });
    factsY -= ROW;
  }

  y = Math.min(y, factsY) - 24;
  sheet.text('Fakturamottagare', MARGIN, y, { color: 'grey', size: 9 });
  y -= ROW;
  sheet.text(billingParty.name, MARGIN, y, { font: 'bold', maxWidth: 280 });
  const recipient = [
    ...addressLines(billingParty.postalAddress),
    ...(billingParty.organisationNumber ? [`Org.nr ${billingParty.organisationNumber}`] : []),
    ...(billingParty.peppolId ? [`Peppol-id ${billingParty.peppolId}`] : []),
  ];
  for (const line of recipient) {
    y -= ROW;
    sheet.text(line, MARGIN, y, { maxWidth: 280 });
  }

  y -= 36;
  sheet.text(`Årsavgift ${invoice.feeYear} – ${NETWORK}`, MARGIN, y, { font: 'bold', size: 12 });
  return y - 24;
};

/** Column headings and their rule. Returns the y of the first row. */
const tableHead = (sheet: Sheet, populationHeading: string, y: number): number => {
  sheet.text('Kommun', COLUMNS.municipality, y, { font: 'bold' });
  sheet.text(populationHeading, COLUMNS.population, y, { font: 'bold', align: 'right' });
  sheet.text('Grund', COLUMNS.basis, y, { font: 'bold' });
  sheet.text('Belopp', COLUMNS.amount, y, { font: 'bold', align: 'right' });
  sheet.rule(y - 5);
  return y - ROW - 4;
};

const continuationHead = (sheet: Sheet, invoice: Invoice): number => {
  sheet.text(`${title(invoice)} ${invoice.number} (forts.)`, MARGIN, TOP, { font: 'bold', size: 12 });
  return TOP - 36;
};

const totals = (sheet: Sheet, invoice: Invoice, top: number): void => {
  const labelX = 380;
  let y = top - 6;
  sheet.rule(y + ROW - 4, labelX);
  sheet.text('Netto', labelX, y);
  sheet.text(formatKronor(invoice.netOre), RIGHT, y, { align: 'right' });
  y -= ROW;
  sheet.text(`Moms ${percent(invoice.vatPercent)}`, labelX, y);
  sheet.text(formatKronor(invoice.vatOre), RIGHT, y, { align: 'right' });
  y -= ROW + 2;
  sheet.text('Att betala', labelX, y, { font: 'bold', size: 11 });
  sheet.text(formatKronor(invoice.totalOre), RIGHT, y, { font: 'bold', size: 11, align: 'right' });
  y -= 2 * ROW;
  const instruction =
    invoice.kind === 'credit-note'
      ? `Kreditfakturan ersätter faktura ${invoice.creditOf ?? '?'}. Ingen betalning ska göras.`
      : `Betala till bankgiro ${invoice.principal.bankgiro} senast ${invoice.dueDate} och ange OCR-nummer ${invoice.ocr}.`;
  sheet.text(instruction, MARGIN, y, { maxWidth: RIGHT - MARGIN });
};

/** Drawn last, on every page, because each names the page count. */
const footers = (sheet: Sheet, invoice: Invoice): void => {
  const { principal } = invoice;
  const footer = `${principal.name} · Org.nr ${principal.organisationNumber} · Bankgiro ${principal.bankgiro} · ${principal.senderEmail}`;
  const pages = sheet.pageCount;
  for (let index = 0; index < pages; index += 1) {
    sheet.page = index;
    sheet.rule(MARGIN - 8);
    sheet.text(footer, MARGIN, MARGIN - 22, { size: 8, color: 'grey', maxWidth: 400 });
    sheet.text(`Sida ${index + 1} av ${pages}`, RIGHT, MARGIN - 22, {
      size: 8,
      color: 'grey',
      align: 'right',
    });
  }
};

/**
 * The layout of an invoice or credit note. Long tables continue on further pages under a repeated
 * heading; the totals move to a page of their own when they do not fit under the last row.
 */
export const invoiceLayout = (invoice: Invoice): InvoiceLayout => {
  const sheet = new Sheet();
  const dates = [...new Set(invoice.lines.map((line) => line.populationDate))];
  const oneDate = dates.length === 1 ? dates[0] : undefined;
  const populationHeading = oneDate ? `Invånare per ${oneDate}` : 'Invånare';

  sheet.newPage();
  let y = tableHead(sheet, populationHeading, firstPageHead(sheet, invoice));
  for (const line of invoice.lines) {
    if (y < BOTTOM) {
      sheet.newPage();
      y = tableHead(sheet, populationHeading, continuationHead(sheet, invoice));
    }
    const population = formatWholeNumber(line.population);
    sheet.text(line.municipalityName, COLUMNS.municipality, y, {
      maxWidth: COLUMNS.population - COLUMNS.municipality - 130,
    });
    sheet.text(oneDate ? population : `${population} (per ${line.populationDate})`, COLUMNS.population, y, {
      align: 'right',
    });
    sheet.text(basisText(line), COLUMNS.basis, y, { maxWidth: 120 });
    sheet.text(formatKronor(line.feeOre), COLUMNS.amount, y, { align: 'right' });
    y -= ROW;
  }

  if (y - TOTALS_HEIGHT < BOTTOM - ROW) {
    sheet.newPage();
    y = continuationHead(sheet, invoice);
  }
  totals(sheet, invoice, y);
  footers(sheet, invoice);

  return {
    title: `${title(invoice)} ${invoice.number}`,
    author: invoice.principal.name,
    subject: `Årsavgift ${invoice.feeYear} – ${NETWORK}`,
    creator: NETWORK,
    language: 'sv-SE',
    pageCount: sheet.pageCount,
    operations: sheet.operations,
  };
};
