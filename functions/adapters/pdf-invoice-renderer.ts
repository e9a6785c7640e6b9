import { PageSizes, PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import type { FeeBasis, Invoice, InvoiceLine, PostalAddress } from '../../domain/invoicing/invoice';
import { formatKronor, formatWholeNumber } from '../../formats/mail/format-kronor';

export { formatKronor } from '../../formats/mail/format-kronor';

const NETWORK = 'Kommunnätverket för hållbar utveckling';

const [PAGE_WIDTH, PAGE_HEIGHT] = PageSizes.A4;
const MARGIN = 50;
const RIGHT = PAGE_WIDTH - MARGIN;
const TOP = PAGE_HEIGHT - MARGIN;
/** Rows stop above this line; the footer lives below it. */
const BOTTOM = 80;
const SIZE = 10;
const ROW = 14;
/** Height that netto, moms, att betala and the payment sentence need below the table. */
const TOTALS_HEIGHT = 5 * ROW + 20;

const GREY = rgb(0.4, 0.4, 0.4);
const RULE = rgb(0.7, 0.7, 0.7);

/** Table columns: x of the left edge, or of the right edge for right-aligned numbers. */
const COLUMNS = { municipality: MARGIN, population: 300, basis: 320, amount: RIGHT } as const;

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

interface TextOptions {
  font?: 'regular' | 'bold';
  size?: number;
  align?: 'left' | 'right';
  maxWidth?: number;
  color?: ReturnType<typeof rgb>;
}

/**
 * Writes text with the standard fonts, which encode only WinAnsi (Latin-1 plus a few: å ä ö é – …).
 * Anything else becomes '?' instead of making pdf-lib throw, so one odd character in a name cannot
 * stop an invoice run.
 */
class Canvas {
  private readonly encodable: { regular: Set<number>; bold: Set<number> };

  constructor(
    readonly doc: PDFDocument,
    private readonly fonts: Fonts,
  ) {
    this.encodable = {
      regular: new Set(fonts.regular.getCharacterSet()),
      bold: new Set(fonts.bold.getCharacterSet()),
    };
  }

  page: PDFPage | undefined;

  newPage(): PDFPage {
    this.page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    return this.page;
  }

  printable(value: string, font: 'regular' | 'bold' = 'regular'): string {
    const set = this.encodable[font];
    return Array.from(value.replace(/[\t\r\n\u2028\u2029]+/g, ' '))
      .map((char) => (set.has(char.codePointAt(0) ?? -1) ? char : '?'))
      .join('');
  }

  width(value: string, font: 'regular' | 'bold' = 'regular', size = SIZE): number {
    return this.fonts[font].widthOfTextAtSize(this.printable(value, font), size);
  }

  text(value: string, x: number, y: number, options: TextOptions = {}): void {
    const page = this.page ?? this.newPage();
    const fontKey = options.font ?? 'regular';
    const font = this.fonts[fontKey];
    const size = options.size ?? SIZE;
    let shown = this.printable(value, fontKey);
    if (options.maxWidth !== undefined && font.widthOfTextAtSize(shown, size) > options.maxWidth) {
      const chars = Array.from(shown);
      while (chars.length > 0 && font.widthOfTextAtSize(`${chars.join('')}…`, size) > options.maxWidth) {
        chars.pop();
      }
      shown = `${chars.join('')}…`;
    }
    const left = options.align === 'right' ? x - font.widthOfTextAtSize(shown, size) : x;
    page.drawText(shown, { x: left, y, size, font, color: options.color ?? rgb(0, 0, 0) });
  }

  rule(y: number, from = MARGIN, to = RIGHT): void {
    (this.page ?? this.newPage()).drawLine({
      start: { x: from, y },
      end: { x: to, y },
      thickness: 0.5,
      color: RULE,
    });
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
const drawFirstPageHead = (canvas: Canvas, invoice: Invoice): number => {
  const { principal, billingParty } = invoice;

  let y = TOP;
  canvas.text(principal.name, MARGIN, y, { font: 'bold', size: 12, maxWidth: 250 });
  for (const line of [...addressLines(principal.postalAddress), `Org.nr ${principal.organisationNumber}`]) {
    y -= ROW;
    canvas.text(line, MARGIN, y, { maxWidth: 250 });
  }

  const factsX = 330;
  const valuesX = 435;
  let factsY = TOP - 8;
  canvas.text(title(invoice), factsX, factsY, { font: 'bold', size: 22 });
  factsY -= 20;
  if (invoice.kind === 'credit-note') {
    canvas.text(`Avser faktura nr ${invoice.creditOf ?? '?'}`, factsX, factsY);
    factsY -= ROW;
  }
  if (principal.example) {
    canvas.text('Exempeldata – ingen riktig faktura', factsX, factsY, {
      font: 'bold',
      color: rgb(0.7, 0, 0),
    });
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
    canvas.text(label, factsX, factsY, { color: GREY });
    canvas.text(value, valuesX, factsY, { font: 'bold', maxWidth: RIGHT - valuesX });
    factsY -= ROW;
  }

  y = Math.min(y, factsY) - 24;
  canvas.text('Fakturamottagare', MARGIN, y, { color: GREY, size: 9 });
  y -= ROW;
  canvas.text(billingParty.name, MARGIN, y, { font: 'bold', maxWidth: 280 });
  const recipient = [
    ...addressLines(billingParty.postalAddress),
    ...(billingParty.organisationNumber ? [`Org.nr ${billingParty.organisationNumber}`] : []),
    ...(billingParty.peppolId ? [`Peppol-id ${billingParty.peppolId}`] : []),
  ];
  for (const line of recipient) {
    y -= ROW;
    canvas.text(line, MARGIN, y, { maxWidth: 280 });
  }

  y -= 36;
  canvas.text(`Årsavgift ${invoice.feeYear} – ${NETWORK}`, MARGIN, y, { font: 'bold', size: 12 });
  return y - 24;
};

/** Column headings and their rule. Returns the y of the first row. */
const drawTableHead = (canvas: Canvas, populationHeading: string, y: number): number => {
  canvas.text('Kommun', COLUMNS.municipality, y, { font: 'bold' });
  canvas.text(populationHeading, COLUMNS.population, y, { font: 'bold', align: 'right' });
  canvas.text('Grund', COLUMNS.basis, y, { font: 'bold' });
  canvas.text('Belopp', COLUMNS.amount, y, { font: 'bold', align: 'right' });
  canvas.rule(y - 5);
  return y - ROW - 4;
};

const drawContinuationHead = (canvas: Canvas, invoice: Invoice): number => {
  canvas.text(`${title(invoice)} ${invoice.number} (forts.)`, MARGIN, TOP, { font: 'bold', size: 12 });
  return TOP - 36;
};

const drawTotals = (canvas: Canvas, invoice: Invoice, top: number): void => {
  const labelX = 380;
  let y = top - 6;
  canvas.rule(y + ROW - 4, labelX);
  canvas.text('Netto', labelX, y);
  canvas.text(formatKronor(invoice.netOre), RIGHT, y, { align: 'right' });
  y -= ROW;
  canvas.text(`Moms ${percent(invoice.vatPercent)}`, labelX, y);
  canvas.text(formatKronor(invoice.vatOre), RIGHT, y, { align: 'right' });
  y -= ROW + 2;
  canvas.text('Att betala', labelX, y, { font: 'bold', size: 11 });
  canvas.text(formatKronor(invoice.totalOre), RIGHT, y, { font: 'bold', size: 11, align: 'right' });
  y -= 2 * ROW;
  const instruction =
    invoice.kind === 'credit-note'
      ? `Kreditfakturan ersätter faktura ${invoice.creditOf ?? '?'}. Ingen betalning ska göras.`
      : `Betala till bankgiro ${invoice.principal.bankgiro} senast ${invoice.dueDate} och ange OCR-nummer ${invoice.ocr}.`;
  canvas.text(instruction, MARGIN, y, { maxWidth: RIGHT - MARGIN });
};

const drawFooters = (canvas: Canvas, invoice: Invoice): void => {
  const { principal } = invoice;
  const pages = canvas.doc.getPages();
  const footer = `${principal.name} · Org.nr ${principal.organisationNumber} · Bankgiro ${principal.bankgiro} · ${principal.senderEmail}`;
  pages.forEach((page, index) => {
    canvas.page = page;
    canvas.rule(MARGIN - 8);
    canvas.text(footer, MARGIN, MARGIN - 22, { size: 8, color: GREY, maxWidth: 400 });
    canvas.text(`Sida ${index + 1} av ${pages.length}`, RIGHT, MARGIN - 22, {
      size: 8,
      color: GREY,
      align: 'right',
    });
  });
};

/**
 * Renders an invoice or credit note as an A4 PDF in Swedish, with the standard Helvetica fonts (no
 * font files to ship). Long tables continue on further pages under a repeated heading. The PDF's
 * dates are the invoice's `issuedAt`, so the same invoice always renders to the same bytes.
 */
export const renderInvoicePdf = async (invoice: Invoice): Promise<Uint8Array> => {
  const issuedAt = new Date(invoice.issuedAt);
  if (Number.isNaN(issuedAt.getTime())) {
    throw new RangeError(`Invoice ${invoice.number} has no valid issuedAt: ${invoice.issuedAt}`);
  }

  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(`${title(invoice)} ${invoice.number}`);
  doc.setAuthor(invoice.principal.name);
  doc.setSubject(`Årsavgift ${invoice.feeYear} – ${NETWORK}`);
  doc.setCreator(NETWORK);
  doc.setProducer('pdf-lib');
  doc.setLanguage('sv-SE');
  doc.setCreationDate(issuedAt);
  doc.setModificationDate(issuedAt);

  const canvas = new Canvas(doc, {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  });

  const dates = [...new Set(invoice.lines.map((line) => line.populationDate))];
  const oneDate = dates.length === 1 ? dates[0] : undefined;
  const populationHeading = oneDate ? `Invånare per ${oneDate}` : 'Invånare';

  canvas.newPage();
  let y = drawTableHead(canvas, populationHeading, drawFirstPageHead(canvas, invoice));
  for (const line of invoice.lines) {
    if (y < BOTTOM) {
      canvas.newPage();
      y = drawTableHead(canvas, populationHeading, drawContinuationHead(canvas, invoice));
    }
    const population = formatWholeNumber(line.population);
    canvas.text(line.municipalityName, COLUMNS.municipality, y, {
      maxWidth: COLUMNS.population - COLUMNS.municipality - 130,
    });
    canvas.text(oneDate ? population : `${population} (per ${line.populationDate})`, COLUMNS.population, y, {
      align: 'right',
    });
    canvas.text(basisText(line), COLUMNS.basis, y, { maxWidth: 120 });
    canvas.text(formatKronor(line.feeOre), COLUMNS.amount, y, { align: 'right' });
    y -= ROW;
  }

  if (y - TOTALS_HEIGHT < BOTTOM - ROW) {
    canvas.newPage();
    y = drawContinuationHead(canvas, invoice);
  }
  drawTotals(canvas, invoice, y);
  drawFooters(canvas, invoice);

  return doc.save();
};
