import { describe, expect, it } from '@jest/globals';
import { RuleViolationError } from '../../../../domain/errors';
import { creditNoteFor, draftInvoices } from '../../../../domain/invoicing/draft-invoices';
import { type FeeLine, feeLines } from '../../../../domain/invoicing/fee-lines';
import type { Invoice, InvoiceDraft, Principal } from '../../../../domain/invoicing/invoice';
import {
  billingParties,
  FEDERATION,
  members,
  populations,
  principal,
  schedule2024,
} from './fee-run-fixtures';

const { lines } = feeLines({ feeYear: 2024, schedule: schedule2024, members, populations });
const run = (overrides: { lines?: readonly FeeLine[]; principal?: Principal; invoiceDate?: string } = {}) =>
  draftInvoices({
    feeYear: 2024,
    schedule: schedule2024,
    lines,
    billingParties,
    principal,
    invoiceDate: '2024-01-20',
    ...overrides,
  });

const draftFor = (drafts: InvoiceDraft[], partyId: string): InvoiceDraft => {
  const draft = drafts.find((d) => d.billingParty.id === partyId);
  if (!draft) throw new Error(`no draft for ${partyId}`);
  return draft;
};

describe('draftInvoices', () => {
  it('makes one invoice per billing party, sorted by billing party id', () => {
    // Act
    const { drafts } = run();

    // Assert
    expect(drafts.map((d) => d.billingParty.id)).toEqual(['1466', '1480', FEDERATION]);
  });

  it('puts the four Dalsland members on the federation invoice', () => {
    // Act
    const federation = draftFor(run().drafts, FEDERATION);

    // Assert
    // net 13 818 + 19 302 + 27 414 + 27 495 = 88 029 kr; VAT 25 % = 22 007.25 kr; total 110 036.25 kr
    expect(federation.lines.map((line) => line.municipalityCode)).toEqual(['1438', '1439', '1460', '1461']);
    expect(federation).toMatchObject({
      kind: 'invoice',
      feeYear: 2024,
      netOre: 8_802_900,
      vatPercent: 25,
      vatOre: 2_200_725,
      totalOre: 11_003_625,
    });
    expect(federation.billingParty).toBe(billingParties.get(FEDERATION));
    expect(federation.principal).toBe(principal);
  });

  it('invoices Göteborg for itself at the cap', () => {
    // Act
    const goteborg = draftFor(run().drafts, '1480');

    // Assert: 150 000 kr + 25 % = 187 500 kr
    expect(goteborg.lines).toEqual([
      {
        municipalityCode: '1480',
        municipalityName: 'Göteborg',
        population: 604_616,
        populationDate: '2023-12-31',
        feeOre: 15_000_000,
        basis: 'cap',
      },
    ]);
    expect(goteborg).toMatchObject({ netOre: 15_000_000, vatOre: 3_750_000, totalOre: 18_750_000 });
  });

  it('keeps the months on a pro-rata line and the billing party off every line', () => {
    // Act
    const { drafts } = run();

    // Assert: 14 162 kr + 25 % = 17 702.50 kr
    const herrljunga = draftFor(drafts, '1466');
    expect(herrljunga.lines).toEqual([
      expect.objectContaining({ basis: 'pro-rata', months: 6, feeOre: 1_416_200 }),
    ]);
    expect(herrljunga).toMatchObject({ netOre: 1_416_200, vatOre: 354_050, totalOre: 1_770_250 });
    for (const line of drafts.flatMap((d) => d.lines)) expect(line).not.toHaveProperty('billingPartyId');
  });

  it('adds up: the invoices hold every line once, and each total is net plus VAT', () => {
    // Act
    const { drafts } = run();

    // Assert: 88 029 + 150 000 + 14 162 = 252 191 kr net
    expect(drafts.flatMap((d) => d.lines)).toHaveLength(lines.length);
    expect(drafts.reduce((sum, d) => sum + d.netOre, 0)).toBe(25_219_100);
    for (const draft of drafts) {
      expect(draft.netOre).toBe(draft.lines.reduce((sum, line) => sum + line.feeOre, 0));
      expect(draft.totalOre).toBe(draft.netOre + draft.vatOre);
    }
  });

  it('sets the due date 30 days on, across the month end', () => {
    // Act
    const { drafts } = run();

    // Assert: 11 days left of January + 19 of February
    for (const draft of drafts) {
      expect(draft.invoiceDate).toBe('2024-01-20');
      expect(draft.dueDate).toBe('2024-02-19');
    }
  });

  it('sets the due date by the principal’s own payment terms', () => {
    // Act
    const { drafts } = run({ principal: { ...principal, paymentTermsDays: 10 }, invoiceDate: '2024-12-28' });

    // Assert: 3 days left of December + 7 of January
    expect(drafts[0]?.dueDate).toBe('2025-01-07');
  });

  it('reports the lines of a party without billing details as not invoiced', () => {
    // Arrange
    const tanum: FeeLine = {
      municipalityCode: '1435',
      municipalityName: 'Tanum',
      billingPartyId: '1435',
      population: 12_865,
      populationDate: '2023-12-31',
      feeOre: 3_859_500,
      basis: 'rate',
    };

    // Act
    const { drafts, notInvoiced } = run({ lines: [...lines, tanum] });

    // Assert
    expect(notInvoiced).toEqual([{ municipalityCode: '1435', reason: 'NO_BILLING_PARTY' }]);
    expect(drafts.map((d) => d.billingParty.id)).toEqual(['1466', '1480', FEDERATION]);
  });

  it('reports every member of an unknown federation as not invoiced', () => {
    // Arrange
    const withoutFederation = new Map([...billingParties].filter(([id]) => id !== FEDERATION));

    // Act
    const { notInvoiced } = draftInvoices({
      feeYear: 2024,
      schedule: schedule2024,
      lines,
      billingParties: withoutFederation,
      principal,
      invoiceDate: '2024-01-20',
    });

    // Assert
    expect(notInvoiced.map((n) => n.municipalityCode)).toEqual(['1438', '1439', '1460', '1461']);
    expect(new Set(notInvoiced.map((n) => n.reason))).toEqual(new Set(['NO_BILLING_PARTY']));
  });

  it('makes no invoices from no lines', () => {
    // Act
    const result = run({ lines: [] });

    // Assert
    expect(result).toEqual({ drafts: [], notInvoiced: [] });
  });

  it.each([
    ['an invoice date that is not a date', { invoiceDate: '2024-02-30' }],
    ['negative payment terms', { principal: { ...principal, paymentTermsDays: -1 } }],
  ])('refuses %s', (_, overrides) => {
    // Act
    const act = () => run(overrides);

    // Assert
    expect(act).toThrow(RangeError);
  });
});

describe('creditNoteFor', () => {
  const issued = (overrides: Partial<Invoice> = {}): Invoice => ({
    ...draftFor(run().drafts, FEDERATION),
    number: 2024001,
    ocr: '202400198',
    status: 'issued',
    issuedAt: '2024-01-20T09:00:00+01:00',
    ...overrides,
  });

  it('negates every amount and points at the invoice it cancels', () => {
    // Arrange
    const invoice = issued();

    // Act
    const credit = creditNoteFor(invoice, '2024-03-05');

    // Assert
    expect(credit).toMatchObject({
      kind: 'credit-note',
      feeYear: 2024,
      creditOf: 2024001,
      netOre: -8_802_900,
      vatPercent: 25,
      vatOre: -2_200_725,
      totalOre: -11_003_625,
      invoiceDate: '2024-03-05',
      dueDate: '2024-03-05',
    });
    expect(credit.lines.map((line) => [line.municipalityCode, line.feeOre])).toEqual([
      ['1438', -1_381_800],
      ['1439', -1_930_200],
      ['1460', -2_741_400],
      ['1461', -2_749_500],
    ]);
  });

  it('keeps the billing party and principal as they were on the invoice', () => {
    // Arrange
    const invoice = issued();

    // Act
    const credit = creditNoteFor(invoice, '2024-03-05');

    // Assert
    expect(credit.billingParty).toBe(invoice.billingParty);
    expect(credit.principal).toBe(invoice.principal);
    expect(credit).not.toHaveProperty('number');
    expect(credit).not.toHaveProperty('ocr');
  });

  it('credits a zero line as 0, not -0', () => {
    // Arrange
    const zero = issued({
      lines: [
        {
          municipalityCode: '1438',
          municipalityName: 'Dals-Ed',
          population: 0,
          populationDate: '2023-12-31',
          feeOre: 0,
          basis: 'rate',
        },
      ],
      netOre: 0,
      vatOre: 0,
      totalOre: 0,
    });

    // Act
    const credit = creditNoteFor(zero, '2024-03-05');

    // Assert
    expect(Object.is(credit.lines[0]?.feeOre, 0)).toBe(true);
    expect(Object.is(credit.totalOre, 0)).toBe(true);
  });

  it('refuses to credit a credit note', () => {
    // Arrange
    const creditNote = issued({ kind: 'credit-note', creditOf: 2024000 });

    // Act
    const act = () => creditNoteFor(creditNote, '2024-03-05');

    // Assert
    expect(act).toThrow(RuleViolationError);
    expect(act).toThrow(expect.objectContaining({ code: 'NOT_AN_INVOICE' }));
  });

  it('rebuilds the same note for an invoice already marked credited, so a retry can finish', () => {
    // Arrange
    const invoice = issued();

    // Act
    const first = creditNoteFor(invoice, '2024-03-05');
    const retried = creditNoteFor({ ...invoice, status: 'credited' }, '2024-03-05');

    // Assert
    expect(retried).toEqual(first);
  });

  it('refuses a credit date that is not a date', () => {
    // Act
    const act = () => creditNoteFor(issued(), '5 March 2024');

    // Assert
    expect(act).toThrow(RangeError);
  });
});
