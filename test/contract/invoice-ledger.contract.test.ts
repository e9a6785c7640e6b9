import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from '@jest/globals';
import { ConflictError } from '../../domain/errors';
import type { BillingParty, Invoice, InvoiceDraft, Principal } from '../../domain/invoicing/invoice';
import { isValidOcr } from '../../domain/invoicing/ocr';
import type { PendingEvent } from '../../events/catalogue';
import { DynamoDbInvoiceLedger } from '../../functions/adapters/dynamodb-invoice-ledger';
import { keys } from '../../functions/adapters/table-design';
import { fixedClock, sequentialIds } from '../fixtures/builders';
import { freshTable, storedEventDetails } from '../fixtures/dynamodb';

/**
 * The InvoiceLedger port on DynamoDB Local: gapless numbers per principal, idempotency by key,
 * crediting that marks the original in the same transaction, and the outbox event of each write.
 * There is no in-memory ledger, so this suite runs against the DynamoDB adapter only.
 */
const NOW = '2025-01-02T09:00:00Z';
const EVENT_YEAR = NOW.slice(0, 4);

const address = { street: 'Exempelgatan 1', postalCode: '400 00', city: 'Göteborg' };

const aPrincipal = (id: string, firstInvoiceNumber: number): Principal => ({
  id,
  name: `Huvudman ${id}`,
  organisationNumber: '000000-0000',
  bankgiro: '000-0000',
  senderEmail: 'natverket@huvudman.example',
  postalAddress: address,
  validFrom: '2024-01-01',
  firstInvoiceNumber,
  paymentTermsDays: 30,
  example: true,
});

const aBillingParty = (id: string): BillingParty => ({
  id,
  name: `Betalare ${id}`,
  invoiceEmail: `faktura@${id}.example`,
  postalAddress: address,
});

const PRINCIPAL = aPrincipal('principal-a', 2025001);

/** One line of 10 000 kr, 25 % VAT: 1 000 000 + 250 000 = 1 250 000 öre. */
const aDraft = (overrides: Partial<InvoiceDraft> = {}): InvoiceDraft => ({
  kind: 'invoice',
  feeYear: 2025,
  billingParty: aBillingParty('1480'),
  principal: PRINCIPAL,
  lines: [
    {
      municipalityCode: '1480',
      municipalityName: 'Göteborg',
      population: 604_616,
      populationDate: '2024-12-31',
      feeOre: 1_000_000,
      basis: 'cap',
    },
  ],
  netOre: 1_000_000,
  vatPercent: 25,
  vatOre: 250_000,
  totalOre: 1_250_000,
  invoiceDate: '2025-01-02',
  dueDate: '2025-02-01',
  ...overrides,
});

/** The credit note of `invoice`, built by hand: every amount negated, `creditOf` set. */
const creditNoteOf = (invoice: Invoice): InvoiceDraft => ({
  kind: 'credit-note',
  feeYear: invoice.feeYear,
  billingParty: invoice.billingParty,
  principal: invoice.principal,
  lines: invoice.lines.map((line) => ({ ...line, feeOre: -line.feeOre })),
  netOre: -invoice.netOre,
  vatPercent: invoice.vatPercent,
  vatOre: -invoice.vatOre,
  totalOre: -invoice.totalOre,
  invoiceDate: '2025-03-01',
  dueDate: '2025-03-01',
  creditOf: invoice.number,
});

const issued = (invoice: Invoice): PendingEvent => ({
  detailType: 'InvoiceIssued',
  detail: {
    invoiceNumber: invoice.number,
    kind: invoice.kind,
    feeYear: invoice.feeYear,
    billingPartyId: invoice.billingParty.id,
    totalOre: invoice.totalOre,
    ...(invoice.creditOf !== undefined ? { creditOf: invoice.creditOf } : {}),
  },
});

const aLedger = async () => {
  const table = await freshTable('invoice-ledger');
  const clock = fixedClock(NOW);
  const ledger = new DynamoDbInvoiceLedger(table.client, table.tableName, clock, sequentialIds('event'));

  /** Outbox events of the clock's year, read through GSI1 `EVENTS#<year>`. */
  const storedEvents = async (detailType: string) => {
    return storedEventDetails(table.client, table.tableName, detailType, EVENT_YEAR);
  };

  const rawItem = async (key: { PK: string; SK: string }) =>
    (await table.client.send(new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true })))
      .Item;

  return { ledger, storedEvents, rawItem };
};

const range = (first: number, count: number) => Array.from({ length: count }, (_, i) => first + i);

/**
 * Budget of the tests with concurrent writers: they retry on conflicts with backoff, and on a
 * loaded 2-core CI host all of that took past vitest's default 30 s once. Not a timing assertion.
 */
const CONCURRENT_BUDGET_MS = 120_000;

describe('DynamoDbInvoiceLedger', () => {
  it('starts a principal’s series at its first invoice number and counts up by one, with a valid OCR', async () => {
    // Arrange
    const { ledger, storedEvents } = await aLedger();

    // Act
    const first = await ledger.issue(aDraft(), '2025#1480#invoice', issued);
    const second = await ledger.issue(
      aDraft({ billingParty: aBillingParty('1466') }),
      '2025#1466#invoice',
      issued,
    );

    // Assert
    expect(first).toEqual({
      ...aDraft(),
      number: 2025001,
      ocr: first.ocr,
      status: 'issued',
      issuedAt: new Date(NOW).toISOString(),
    });
    expect(second.number).toBe(2025002);
    for (const invoice of [first, second]) {
      expect(isValidOcr(invoice.ocr)).toBe(true);
      // The reference carries the invoice number, then a length digit and a check digit.
      expect(invoice.ocr.slice(0, -2)).toBe(String(invoice.number));
    }
    expect(await ledger.invoice(2025001)).toEqual(first);
    expect(await ledger.invoice(2025002)).toEqual(second);
    expect(await ledger.invoice(2025003)).toBeUndefined();
    expect(await storedEvents('InvoiceIssued')).toEqual([
      { invoiceNumber: 2025001, kind: 'invoice', feeYear: 2025, billingPartyId: '1480', totalOre: 1_250_000 },
      { invoiceNumber: 2025002, kind: 'invoice', feeYear: 2025, billingPartyId: '1466', totalOre: 1_250_000 },
    ]);
  });

  it(
    'gives 30 concurrent issues with 30 keys exactly the numbers first … first+29, each with its event',
    async () => {
      // Arrange
      const { ledger, storedEvents } = await aLedger();
      const parties = range(0, 30).map((i) => `party-${i}`);

      // Act
      const invoices = await Promise.all(
        parties.map((party) =>
          ledger.issue(aDraft({ billingParty: aBillingParty(party) }), `2025#${party}#invoice`, issued),
        ),
      );

      // Assert: no gap, no repeat, and each number stored for the party that got it.
      const expected = range(2025001, 30);
      expect(invoices.map((invoice) => invoice.number).sort((a, b) => a - b)).toEqual(expected);
      for (const invoice of invoices) {
        expect((await ledger.invoice(invoice.number))?.billingParty.id).toBe(invoice.billingParty.id);
      }
      const events = await storedEvents('InvoiceIssued');
      expect(events).toHaveLength(30);
      expect(events.map((event) => event.invoiceNumber).sort((a, b) => Number(a) - Number(b))).toEqual(
        expected,
      );
      // The series went on from first+30, not from a number some losing attempt took.
      expect((await ledger.issue(aDraft(), 'one-more', issued)).number).toBe(2025031);
    },
    CONCURRENT_BUDGET_MS,
  );

  it(
    'issues a run of 70 in order with consecutive numbers and one event each, in more than one batch',
    async () => {
      // Arrange: one invoice issued singly before, so the run continues an existing series
      const { ledger, storedEvents } = await aLedger();
      await ledger.issue(aDraft({ billingParty: aBillingParty('before') }), '2025#before#invoice', issued);
      const run = range(0, 70).map((i) => ({
        draft: aDraft({ billingParty: aBillingParty(`run-${i}`) }),
        key: `2025#run-${i}#invoice`,
      }));

      // Act
      const invoices = await ledger.issueRun(run, issued);

      // Assert: in the run's order, 2025002 … 2025071, each stored for its party, the series at 2025072
      expect(invoices.map((invoice) => invoice.number)).toEqual(range(2025002, 70));
      expect(invoices.map((invoice) => invoice.billingParty.id)).toEqual(range(0, 70).map((i) => `run-${i}`));
      expect(await ledger.invoice(2025071)).toEqual(invoices[69]);
      expect(invoices.every((invoice) => isValidOcr(invoice.ocr))).toBe(true);
      expect(await storedEvents('InvoiceIssued')).toHaveLength(71);
      expect((await ledger.issue(aDraft(), 'after', issued)).number).toBe(2025072);
    },
    CONCURRENT_BUDGET_MS,
  );

  it(
    'issues only what is missing when a run comes again, and each key once when two runs race',
    async () => {
      // Arrange: the first 40 of a run of 75 issued already (a delivery that stopped half-way)
      const { ledger, storedEvents } = await aLedger();
      const run = range(0, 75).map((i) => ({
        draft: aDraft({ billingParty: aBillingParty(`again-${i}`) }),
        key: `2025#again-${i}#invoice`,
      }));
      const firstPart = await ledger.issueRun(run.slice(0, 40), issued);

      // Act: the whole run twice at once (a redelivery racing the retry)
      const [one, two] = await Promise.all([ledger.issueRun(run, issued), ledger.issueRun(run, issued)]);

      // Assert
      const numbers = (one as Invoice[]).map((invoice) => invoice.number);
      expect(numbers.slice(0, 40)).toEqual(firstPart.map((invoice) => invoice.number));
      expect([...numbers].sort((a, b) => a - b)).toEqual(range(2025001, 75));
      expect((two as Invoice[]).map((invoice) => invoice.number)).toEqual(numbers);
      expect(await storedEvents('InvoiceIssued')).toHaveLength(75);
      expect((await ledger.invoicesOfFeeYear(2025)).map((invoice) => invoice.number)).toEqual(
        range(2025001, 75),
      );
    },
    CONCURRENT_BUDGET_MS,
  );

  it(
    'issues one invoice for 10 concurrent calls with the same key, and all ten get its number',
    async () => {
      // Arrange
      const { ledger, storedEvents } = await aLedger();

      // Act
      const invoices = await Promise.all(
        range(0, 10).map(() => ledger.issue(aDraft(), '2025#1480#invoice', issued)),
      );

      // Assert
      expect(new Set(invoices.map((invoice) => invoice.number))).toEqual(new Set([2025001]));
      expect((await ledger.invoicesOfFeeYear(2025)).map((invoice) => invoice.number)).toEqual([2025001]);
      expect(await storedEvents('InvoiceIssued')).toHaveLength(1);
      expect((await ledger.issue(aDraft(), 'another-key', issued)).number).toBe(2025002);
    },
    CONCURRENT_BUDGET_MS,
  );

  it('returns the invoice issued first when the same key comes again with another draft', async () => {
    // Arrange
    const { ledger, storedEvents } = await aLedger();
    const first = await ledger.issue(aDraft(), '2025#1480#invoice', issued);

    // Act
    const again = await ledger.issue(aDraft({ totalOre: 1 }), '2025#1480#invoice', issued);

    // Assert
    expect(again).toEqual(first);
    expect(await storedEvents('InvoiceIssued')).toHaveLength(1);
  });

  it('marks the original credited in the credit note’s transaction, refuses a second credit and skips no number', async () => {
    // Arrange
    const { ledger, storedEvents } = await aLedger();
    const original = await ledger.issue(aDraft(), '2025#1480#invoice', issued);

    // Act
    const credit = await ledger.issue(creditNoteOf(original), `credit#${original.number}`, issued, {
      marksCredited: original.number,
    });
    const secondCredit = ledger.issue(creditNoteOf(original), 'another-credit-key', issued, {
      marksCredited: original.number,
    });

    // Assert
    expect(credit).toMatchObject({
      number: 2025002,
      kind: 'credit-note',
      creditOf: 2025001,
      totalOre: -1_250_000,
      status: 'issued',
    });
    expect(isValidOcr(credit.ocr)).toBe(true);
    expect((await ledger.invoice(2025001))?.status).toBe('credited');
    await expect(secondCredit).rejects.toBeInstanceOf(ConflictError);
    await expect(secondCredit).rejects.toMatchObject({ code: 'INVOICE_ALREADY_CREDITED' });
    expect(await ledger.invoice(2025003)).toBeUndefined();
    // The refused credit took no number: the next invoice follows the credit note directly.
    const next = await ledger.issue(aDraft({ billingParty: aBillingParty('1466') }), 'next', issued);
    expect(next.number).toBe(2025003);
    expect((await storedEvents('InvoiceIssued')).map((event) => event.invoiceNumber)).toEqual([
      2025001, 2025002, 2025003,
    ]);
    expect((await storedEvents('InvoiceIssued'))[1]).toMatchObject({
      kind: 'credit-note',
      creditOf: 2025001,
    });
  });

  it('returns the same credit note when a credit is retried with its key after the original was marked', async () => {
    // Arrange
    const { ledger, storedEvents } = await aLedger();
    const original = await ledger.issue(aDraft(), '2025#1480#invoice', issued);
    const credit = await ledger.issue(creditNoteOf(original), 'credit#2025001', issued, {
      marksCredited: original.number,
    });

    // Act
    const retried = await ledger.issue(creditNoteOf(original), 'credit#2025001', issued, {
      marksCredited: original.number,
    });

    // Assert
    expect(retried).toEqual(credit);
    expect(await storedEvents('InvoiceIssued')).toHaveLength(2);
  });

  it('refuses a number another principal’s series already took, storing nothing', async () => {
    // Arrange: A runs 1000, 1001; B's series was set up to start at 1001, inside A's.
    const { ledger, storedEvents, rawItem } = await aLedger();
    const principalA = aPrincipal('principal-a', 1000);
    const principalB = aPrincipal('principal-b', 1001);
    await ledger.issue(aDraft({ principal: principalA }), 'a-1', issued);
    const taken = await ledger.issue(
      aDraft({ principal: principalA, billingParty: aBillingParty('1466') }),
      'a-2',
      issued,
    );

    // Act
    const attempt = ledger.issue(
      aDraft({ principal: principalB, billingParty: aBillingParty('1401') }),
      'b-1',
      issued,
    );

    // Assert
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toMatchObject({ code: 'INVOICE_NUMBER_TAKEN' });
    expect(await ledger.invoice(1001)).toEqual(taken);
    expect(await rawItem(keys.invoiceKey('b-1'))).toBeUndefined();
    expect(await rawItem(keys.invoiceSeries('principal-b'))).toBeUndefined();
    expect(await ledger.invoicesOfFeeYear(2025)).toHaveLength(2);
    expect(await storedEvents('InvoiceIssued')).toHaveLength(2);
    // A's series is untouched by B's failed attempt.
    expect((await ledger.issue(aDraft({ principal: principalA }), 'a-3', issued)).number).toBe(1002);
  });

  it('lists the invoices of one fee year only, in number order', async () => {
    // Arrange
    const { ledger } = await aLedger();
    await ledger.issue(aDraft({ feeYear: 2025 }), 'k1', issued);
    await ledger.issue(aDraft({ feeYear: 2026 }), 'k2', issued);
    await ledger.issue(aDraft({ feeYear: 2025 }), 'k3', issued);

    // Act
    const of2025 = await ledger.invoicesOfFeeYear(2025);
    const of2026 = await ledger.invoicesOfFeeYear(2026);
    const of2027 = await ledger.invoicesOfFeeYear(2027);

    // Assert
    expect(of2025.map((invoice) => invoice.number)).toEqual([2025001, 2025003]);
    expect(of2025[0]).toEqual(await ledger.invoice(2025001));
    expect(of2026.map((invoice) => invoice.number)).toEqual([2025002]);
    expect(of2027).toEqual([]);
  });

  it('records each member left out of a fee run once, with one event, however often it is recorded', async () => {
    // Arrange
    const { ledger, storedEvents } = await aLedger();
    const leftOut = [
      { municipalityCode: '1486', reason: 'MISSING_POPULATION' as const },
      { municipalityCode: '1401', reason: 'NO_BILLING_PARTY' as const },
    ];
    const eventFor = (member: (typeof leftOut)[number]): PendingEvent => ({
      detailType: 'MemberNotInvoiced',
      detail: { feeYear: 2025, ...member },
    });

    // Act
    await ledger.recordNotInvoiced(2025, leftOut, eventFor);
    await ledger.recordNotInvoiced(2025, leftOut, eventFor);

    // Assert
    expect(await ledger.notInvoiced(2025)).toEqual([
      { municipalityCode: '1401', reason: 'NO_BILLING_PARTY' },
      { municipalityCode: '1486', reason: 'MISSING_POPULATION' },
    ]);
    expect(await ledger.notInvoiced(2026)).toEqual([]);
    const events = await storedEvents('MemberNotInvoiced');
    expect(events).toHaveLength(2);
    expect(events).toEqual(
      expect.arrayContaining([
        { feeYear: 2025, municipalityCode: '1486', reason: 'MISSING_POPULATION' },
        { feeYear: 2025, municipalityCode: '1401', reason: 'NO_BILLING_PARTY' },
      ]),
    );
  });
});
