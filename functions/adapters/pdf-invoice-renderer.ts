import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import type { Invoice } from '../../domain/invoicing/invoice';
import {
  invoiceLayout,
  type LayoutColor,
  PAGE_SIZE,
  type RuleOperation,
  type TextOperation,
} from '../../formats/invoice/invoice-layout';

export { formatKronor } from '../../formats/mail/format-kronor';

/*
 * Draws the invoice layout (formats/invoice/invoice-layout.ts) with pdf-lib. What needs the
 * fonts stays here: which characters the standard fonts can encode, the width of a text for
 * right alignment and for cutting it to its `maxWidth`.
 */

const COLORS: Record<LayoutColor, ReturnType<typeof rgb>> = {
  black: rgb(0, 0, 0),
  grey: rgb(0.4, 0.4, 0.4),
  warning: rgb(0.7, 0, 0),
};
const RULE = rgb(0.7, 0.7, 0.7);

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
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

  /**
   * The page of an operation. Pages are added as the layout first reaches them, in the order the
   * layout was made, so that the document's objects come out in the same order every time.
   */
  private page(index: number): PDFPage {
    const pages = this.doc.getPages();
    return pages[index] ?? this.doc.addPage([...PAGE_SIZE]);
  }

  printable(value: string, font: 'regular' | 'bold' = 'regular'): string {
    const set = this.encodable[font];
    return Array.from(value.replace(/[\t\r\n\u2028\u2029]+/g, ' '))
      .map((char) => (set.has(char.codePointAt(0) ?? -1) ? char : '?'))
      .join('');
  }

  text(operation: TextOperation): void {
    const page = this.page(operation.page);
    const font = this.fonts[operation.font];
    const { size, maxWidth } = operation;
    let shown = this.printable(operation.value, operation.font);
    if (maxWidth !== undefined && font.widthOfTextAtSize(shown, size) > maxWidth) {
      const chars = Array.from(shown);
      while (chars.length > 0 && font.widthOfTextAtSize(`${chars.join('')}…`, size) > maxWidth) {
        chars.pop();
      }
      shown = `${chars.join('')}…`;
    }
    const left =
      operation.align === 'right' ? operation.x - font.widthOfTextAtSize(shown, size) : operation.x;
    page.drawText(shown, { x: left, y: operation.y, size, font, color: COLORS[operation.color] });
  }

  rule(operation: RuleOperation): void {
    this.page(operation.page).drawLine({
      start: { x: operation.from, y: operation.y },
      end: { x: operation.to, y: operation.y },
      thickness: 0.5,
      color: RULE,
    });
  }
}

/**
 * Renders an invoice or credit note as an A4 PDF in Swedish, with the standard Helvetica fonts (no
 * font files to ship). The PDF's dates are the invoice's `issuedAt`, so the same invoice always
 * renders to the same bytes.
 */
export const renderInvoicePdf = async (invoice: Invoice): Promise<Uint8Array> => {
  const issuedAt = new Date(invoice.issuedAt);
  if (Number.isNaN(issuedAt.getTime())) {
    throw new RangeError(`Invoice ${invoice.number} has no valid issuedAt: ${invoice.issuedAt}`);
  }
  const layout = invoiceLayout(invoice);

  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(layout.title);
  doc.setAuthor(layout.author);
  doc.setSubject(layout.subject);
  doc.setCreator(layout.creator);
  doc.setProducer('pdf-lib');
  doc.setLanguage(layout.language);
  doc.setCreationDate(issuedAt);
  doc.setModificationDate(issuedAt);

  const canvas = new Canvas(doc, {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  });
  for (const operation of layout.operations) {
    if (operation.kind === 'text') canvas.text(operation);
    else canvas.rule(operation);
  }
  return doc.save();
};
