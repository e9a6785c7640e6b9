import { describe, expect, it } from '@jest/globals';
import { invoiceLayout, type TextOperation } from '../../../../formats/invoice/invoice-layout';
import {
  dalslandCreditNote,
  dalslandInvoice,
  fortyLineInvoice,
} from '../../functions/adapters/invoice-fixtures';

const texts = (operations: ReturnType<typeof invoiceLayout>['operations'], page?: number) =>
  operations
    .filter((op): op is TextOperation => op.kind === 'text' && (page === undefined || op.page === page))
    .map((op) => op.value);

// The layout is checked without a PDF library: positions and texts only.
describe('invoiceLayout', () => {
  it('puts an invoice on one page with its facts, totals and payment sentence', () => {
    const invoice = dalslandInvoice();
    const layout = invoiceLayout(invoice);
    expect(layout.pageCount).toBe(1);
    expect(layout.title).toBe(`Faktura ${invoice.number}`);
    const all = texts(layout.operations);
    expect(all).toEqual(
      expect.arrayContaining(['Fakturanummer', String(invoice.number), 'OCR-nummer', invoice.ocr]),
    );
    expect(all).toContain('Sida 1 av 1');
    expect(all.some((text) => text.startsWith(`Betala till bankgiro ${invoice.principal.bankgiro}`))).toBe(
      true,
    );
  });

  it('continues a long table on a second page under a repeated heading, footers naming the count', () => {
    const layout = invoiceLayout(fortyLineInvoice());
    expect(layout.pageCount).toBe(2);
    expect(texts(layout.operations, 1)).toEqual(expect.arrayContaining(['Kommun', 'Belopp', 'Sida 2 av 2']));
    expect(texts(layout.operations, 1).some((text) => text.endsWith('(forts.)'))).toBe(true);
    expect(texts(layout.operations, 0)).toContain('Sida 1 av 2');
  });

  it('tells a credit note apart: its title, the invoice it credits, no payment asked', () => {
    const note = dalslandCreditNote();
    const all = texts(invoiceLayout(note).operations);
    expect(all).toContain('Kreditfaktura');
    expect(all).toContain(`Avser faktura nr ${note.creditOf}`);
    expect(all.some((text) => text.includes('Ingen betalning ska göras.'))).toBe(true);
  });

  it('keeps every operation on the page, above the bottom edge', () => {
    for (const op of invoiceLayout(fortyLineInvoice()).operations) {
      expect(op.y).toBeGreaterThan(0);
      expect(op.y).toBeLessThan(841.89);
    }
  });
});
