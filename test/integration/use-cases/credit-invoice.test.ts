import { describe, expect, it } from '@jest/globals';
import { ConflictError, NotFoundError, RuleViolationError } from '../../../domain/errors';
import { creditInvoice, listInvoices } from '../../../domain/invoicing/credit-invoice';
import { issueInvoices } from '../../../domain/invoicing/issue-invoices';
import { isValidOcr } from '../../../domain/invoicing/ocr';
import { importPopulation } from '../../../domain/members/import-population';
import { parsePopulationCsv } from '../../../formats/csv/population-csv';
import { dynamoDbWorld, seedFeeYear2025 } from './dynamodb-world';

/**
 * Fee year 2025 issued on 2 January (see dynamodb-world): 2025001 Herrljunga 17 702.50 kr,
 * 2025002 Göteborg 187 500 kr, 2025003 the federation 87 386.25 kr. Credits happen on 10 March.
 */
const CLOSED = { year: 2024, closedAt: '2025-01-02T08:00:00.000Z' };
const CREDIT_DAY = '2025-03-10T10:00:00Z';

const anInvoicedWorld = async () => {
  const world = await dynamoDbWorld(CLOSED.closedAt);
  await seedFeeYear2025(world);
  await issueInvoices(world, CLOSED);
  world.clock.set(CREDIT_DAY);
  return world;
};

describe('creditInvoice', () => {
  it('credits an invoice with a credit note of its own number and marks the original credited', async () => {
    // Arrange
    const world = await anInvoicedWorld();
    const original = await world.ledger.invoice(2025002);

    // Act
    const result = await creditInvoice(world, 2025002, { reissue: false });

    // Assert
    expect(result).toEqual({ creditNote: 2025004 });
    const note = await world.ledger.invoice(2025004);
    expect(note).toMatchObject({
      kind: 'credit-note',
      creditOf: 2025002,
      billingParty: original?.billingParty,
      lines: [{ municipalityCode: '1480', feeOre: -15_000_000, basis: 'cap' }],
      netOre: -15_000_000,
      vatOre: -3_750_000,
      totalOre: -18_750_000,
      invoiceDate: '2025-03-10',
      status: 'issued',
    });
    expect(isValidOcr(note?.ocr ?? '')).toBe(true);
    expect((await world.ledger.invoice(2025002))?.status).toBe('credited');
    expect(await world.ledger.invoice(2025005)).toBeUndefined();
    const listed = await listInvoices(world, 2025);
    expect(listed.invoices.map(({ number, status }) => ({ number, status }))).toEqual([
      { number: 2025001, status: 'issued' },
      { number: 2025002, status: 'credited' },
      { number: 2025003, status: 'issued' },
      { number: 2025004, status: 'issued' },
    ]);
    expect(await world.storedEvents('InvoiceIssued')).toEqual(
      expect.arrayContaining([
        {
          invoiceNumber: 2025004,
          kind: 'credit-note',
          feeYear: 2025,
          billingPartyId: '1480',
          totalOre: -18_750_000,
          creditOf: 2025002,
        },
      ]),
    );
  });

  it('reissues from the data as it is now: a corrected population gives the corrected amount', async () => {
    // Arrange: Herrljunga's figure for 31 Dec 2024 is corrected from 9 441 to 10 000.
    const world = await anInvoicedWorld();
    await importPopulation(
      world.population,
      parsePopulationCsv,
      new TextEncoder().encode('code,year,population\n1466,2024,10000\n'),
      'correction.csv',
    );

    // Act
    const result = await creditInvoice(world, 2025001, { reissue: true });

    // Assert
    // 10 000 × 3 kr = 30 000 kr a year; joins 1 July: × 6/12 = 15 000 kr; VAT 3 750 kr; total 18 750 kr.
    expect(result).toEqual({ creditNote: 2025004, correctedInvoice: 2025005 });
    expect(await world.ledger.invoice(2025004)).toMatchObject({
      kind: 'credit-note',
      creditOf: 2025001,
      totalOre: -1_770_250,
    });
    expect(await world.ledger.invoice(2025005)).toMatchObject({
      kind: 'invoice',
      feeYear: 2025,
      billingParty: { id: '1466' },
      lines: [
        { municipalityCode: '1466', population: 10_000, feeOre: 1_500_000, basis: 'pro-rata', months: 6 },
      ],
      netOre: 1_500_000,
      vatOre: 375_000,
      totalOre: 1_875_000,
      invoiceDate: '2025-03-10',
      dueDate: '2025-04-09',
      status: 'issued',
    });
    expect((await world.ledger.invoice(2025001))?.status).toBe('credited');
    expect(await world.storedEvents('InvoiceIssued')).toHaveLength(5);
  });

  it('refuses to credit a credit note with NOT_AN_INVOICE, taking no number', async () => {
    // Arrange
    const world = await anInvoicedWorld();
    await creditInvoice(world, 2025003, { reissue: false });

    // Act
    const attempt = creditInvoice(world, 2025004, { reissue: false });

    // Assert
    await expect(attempt).rejects.toBeInstanceOf(RuleViolationError);
    await expect(attempt).rejects.toMatchObject({ code: 'NOT_AN_INVOICE' });
    expect((await world.ledger.invoice(2025004))?.status).toBe('issued');
    expect(await world.ledger.invoice(2025005)).toBeUndefined();
    expect(await world.storedEvents('InvoiceIssued')).toHaveLength(4);
  });

  it('refuses a second credit of the same invoice with INVOICE_ALREADY_CREDITED', async () => {
    // Arrange
    const world = await anInvoicedWorld();
    await creditInvoice(world, 2025001, { reissue: false });

    // Act
    const attempt = creditInvoice(world, 2025001, { reissue: false });

    // Assert
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toMatchObject({ code: 'INVOICE_ALREADY_CREDITED' });
    expect(await world.ledger.invoice(2025005)).toBeUndefined();
  });

  it('answers INVOICE_NOT_FOUND for a number never issued', async () => {
    // Arrange
    const world = await anInvoicedWorld();

    // Act
    const attempt = creditInvoice(world, 2025099, { reissue: true });

    // Assert
    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
    await expect(attempt).rejects.toMatchObject({ code: 'INVOICE_NOT_FOUND' });
    expect(await world.ledger.invoice(2025004)).toBeUndefined();
  });
});
