import { describe, expect, it } from '@jest/globals';
import type { Invoice } from '../../../domain/invoicing/invoice';
import { issueInvoices } from '../../../domain/invoicing/issue-invoices';
import { isValidOcr } from '../../../domain/invoicing/ocr';
import { dynamoDbWorld, federation, principal, seedFeeYear2025 } from './dynamodb-world';

/** 2024 was closed on 2 January 2025 at 09:00 in Stockholm: the invoices are dated that day. */
const CLOSED = { year: 2024, closedAt: '2025-01-02T08:00:00.000Z' };

const aWorld = async () => {
  const world = await dynamoDbWorld(CLOSED.closedAt);
  await seedFeeYear2025(world);
  return world;
};

const byNumber = (invoices: Invoice[]) => new Map(invoices.map((invoice) => [invoice.number, invoice]));

describe('issueInvoices', () => {
  it('issues one invoice per billing party, numbered from the principal’s first number', async () => {
    // Arrange
    const world = await aWorld();

    // Act
    const result = await issueInvoices(world, CLOSED);

    // Assert: billing parties in id order — 1466, 1480, then the federation.
    expect(result.issued).toEqual([2025001, 2025002, 2025003]);
    const invoices = byNumber(await world.ledger.invoicesOfFeeYear(2025));
    expect([...invoices.keys()]).toEqual([2025001, 2025002, 2025003]);
    for (const invoice of invoices.values()) {
      expect(invoice).toMatchObject({
        kind: 'invoice',
        feeYear: 2025,
        principal,
        vatPercent: 25,
        invoiceDate: '2025-01-02',
        dueDate: '2025-02-01', // 30 days' terms
        status: 'issued',
      });
      expect(isValidOcr(invoice.ocr)).toBe(true);
    }
    // Göteborg at the cap: 150 000 kr + 25 % VAT.
    expect(invoices.get(2025002)).toMatchObject({
      billingParty: { id: '1480', name: 'Göteborg kommun', invoiceEmail: 'faktura@1480.example' },
      lines: [{ municipalityCode: '1480', population: 604_616, feeOre: 15_000_000, basis: 'cap' }],
      netOre: 15_000_000,
      vatOre: 3_750_000,
      totalOre: 18_750_000,
    });
    expect(await world.storedEvents('InvoiceIssued')).toEqual(
      expect.arrayContaining([
        {
          invoiceNumber: 2025002,
          kind: 'invoice',
          feeYear: 2025,
          billingPartyId: '1480',
          totalOre: 18_750_000,
        },
      ]),
    );
    expect(await world.storedEvents('InvoiceIssued')).toHaveLength(3);
  });

  it('bills a member that joins on 1 July of the fee year 6/12 of its annual fee, basis pro-rata', async () => {
    // Arrange
    const world = await aWorld();

    // Act
    await issueInvoices(world, CLOSED);

    // Assert
    // 9 441 × 3 kr = 28 323 kr a year; × 6/12 = 14 161.50 kr → 14 162 kr; VAT 25 % = 3 540.50 kr.
    expect(await world.ledger.invoice(2025001)).toMatchObject({
      billingParty: { id: '1466', name: 'Herrljunga kommun' },
      lines: [
        {
          municipalityCode: '1466',
          municipalityName: 'Herrljunga',
          population: 9_441,
          populationDate: '2024-12-31',
          feeOre: 1_416_200,
          basis: 'pro-rata',
          months: 6,
        },
      ],
      netOre: 1_416_200,
      vatOre: 354_050,
      totalOre: 1_770_250,
    });
  });

  it('puts the federation’s members on one invoice to the federation', async () => {
    // Arrange
    const world = await aWorld();

    // Act
    await issueInvoices(world, CLOSED);

    // Assert
    // Dals-Ed 4 606 × 3 kr = 13 818 kr → floor 15 000 kr; Bengtsfors 9 138 × 3 = 27 414 kr;
    // Mellerud 9 165 × 3 = 27 495 kr. Net 69 909 kr, VAT 17 477.25 kr, total 87 386.25 kr.
    const invoice = await world.ledger.invoice(2025003);
    expect(invoice?.billingParty).toEqual(federation);
    expect(
      invoice?.lines.map(({ municipalityCode, feeOre, basis }) => ({ municipalityCode, feeOre, basis })),
    ).toEqual([
      { municipalityCode: '1438', feeOre: 1_500_000, basis: 'floor' },
      { municipalityCode: '1460', feeOre: 2_741_400, basis: 'rate' },
      { municipalityCode: '1461', feeOre: 2_749_500, basis: 'rate' },
    ]);
    expect(invoice).toMatchObject({ netOre: 6_990_900, vatOre: 1_747_725, totalOre: 8_738_625 });
  });

  it('bills no member whose membership ended before the fee year, and records the members it cannot bill', async () => {
    // Arrange
    const world = await aWorld();

    // Act
    const result = await issueInvoices(world, CLOSED);

    // Assert: Partille (1402) left at the end of 2024, so it is neither billed nor reported.
    const invoices = await world.ledger.invoicesOfFeeYear(2025);
    const billed = invoices.flatMap((invoice) => invoice.lines.map((line) => line.municipalityCode)).sort();
    expect(billed).toEqual(['1438', '1460', '1461', '1466', '1480']);
    expect(result.notInvoiced).toEqual([
      { municipalityCode: '1486', reason: 'MISSING_POPULATION' },
      { municipalityCode: '1401', reason: 'NO_BILLING_PARTY' },
    ]);
    expect(await world.ledger.notInvoiced(2025)).toEqual([
      { municipalityCode: '1401', reason: 'NO_BILLING_PARTY' },
      { municipalityCode: '1486', reason: 'MISSING_POPULATION' },
    ]);
    expect(await world.storedEvents('MemberNotInvoiced')).toEqual(
      expect.arrayContaining([
        { feeYear: 2025, municipalityCode: '1486', reason: 'MISSING_POPULATION' },
        { feeYear: 2025, municipalityCode: '1401', reason: 'NO_BILLING_PARTY' },
      ]),
    );
  });

  it('gives the same invoices when run again, issuing and recording nothing new', async () => {
    // Arrange
    const world = await aWorld();
    const first = await issueInvoices(world, CLOSED);
    const invoicesAfterFirst = await world.ledger.invoicesOfFeeYear(2025);

    // Act
    const second = await issueInvoices(world, CLOSED);

    // Assert
    expect(second).toEqual(first);
    expect(await world.ledger.invoicesOfFeeYear(2025)).toEqual(invoicesAfterFirst);
    expect(await world.storedEvents('InvoiceIssued')).toHaveLength(3);
    expect(await world.storedEvents('MemberNotInvoiced')).toHaveLength(2);
  });

  it('gives the same gapless invoices when two deliveries of the closing run at once', async () => {
    // Arrange
    const world = await aWorld();

    // Act
    const [one, other] = await Promise.all([issueInvoices(world, CLOSED), issueInvoices(world, CLOSED)]);

    // Assert
    expect(one.issued).toEqual([2025001, 2025002, 2025003]);
    expect(other.issued).toEqual(one.issued);
    expect((await world.ledger.invoicesOfFeeYear(2025)).map((invoice) => invoice.number)).toEqual([
      2025001, 2025002, 2025003,
    ]);
    expect(await world.storedEvents('InvoiceIssued')).toHaveLength(3);
    expect(await world.storedEvents('MemberNotInvoiced')).toHaveLength(2);
  });
});
