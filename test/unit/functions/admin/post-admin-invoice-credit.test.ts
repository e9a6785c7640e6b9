import { describe, expect, it } from '@jest/globals';
import type { FeeSchedule } from '../../../../domain/fees/fee-schedule';
import type { Invoice, InvoiceDraft } from '../../../../domain/invoicing/invoice';
import type {
  FeeScheduleBook,
  InvoiceLedger,
  MemberRegistry,
  PopulationRegister,
  StoredPopulation,
} from '../../../../domain/ports';
import { CreditResult } from '../../../../functions/http/admin-schemas';
import { createHandler } from '../../../../functions/http/post-admin-invoice-credit';
import { fixedClock } from '../../../fixtures/builders';
import { dalslandInvoice, examplePrincipal } from '../adapters/invoice-fixtures';
import { bodyOf, lambdaContext } from '../http-test-kit';
import { adminEvent, expectError, expectValidationFailure, fakePort } from './admin-test-kit';

const original = dalslandInvoice({ number: 1042 });
const federation = original.billingParty;

const schedule2024: FeeSchedule = {
  year: 2024,
  orePerInhabitant: 150,
  floorOre: 1_000_000,
  capOre: 50_000_000,
  vatPercent: 25,
  partialYearPolicy: 'pro-rata-by-month',
};

const post = (number: string, body?: string) =>
  adminEvent({
    method: 'POST',
    route: '/api/admin/invoices/{number}/credit',
    pathParameters: { number },
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
  });

const setUp = (invoices: Invoice[] = [original]) => {
  let next = 1043;
  const ledger = fakePort<InvoiceLedger>({
    invoice: async (number) => invoices.find((invoice) => invoice.number === number),
    issue: async (draft: InvoiceDraft) => ({
      ...draft,
      number: next++,
      ocr: '0',
      status: 'issued',
      issuedAt: '2024-03-01T09:00:00.000Z',
    }),
  });
  const registry = fakePort<MemberRegistry>({
    municipalities: async () => [
      {
        code: '1460',
        name: 'Bengtsfors',
        memberships: [{ from: '2020-01-01' }],
        billingPartyId: federation.id,
      },
    ],
    billingParties: async () => [federation],
    principals: async () => [examplePrincipal],
  });
  const feeSchedules = fakePort<FeeScheduleBook>({
    schedule: async (year) => (year === 2024 ? schedule2024 : undefined),
  });
  const population = fakePort<PopulationRegister>({
    figuresOf: async () =>
      new Map<string, StoredPopulation>([['1460', { population: 9_200, source: 'test' }]]),
  });
  const ports = {
    ledger: ledger.port,
    registry: registry.port,
    feeSchedules: feeSchedules.port,
    population: population.port,
    clock: fixedClock('2024-03-01T09:00:00Z'),
  };
  return { ledger, registry, handler: createHandler(() => ports) };
};

describe('POST /api/admin/invoices/{number}/credit', () => {
  it('answers 201 with the credit note when the body is empty, marking the original credited', async () => {
    // Arrange
    const { handler, ledger, registry } = setUp();

    // Act
    const response = await handler(post('1042'), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(201);
    expect(CreditResult.parse(bodyOf(response))).toEqual({ creditNote: 1043 });
    const issued = ledger.callsTo('issue');
    expect(issued).toHaveLength(1);
    expect(issued[0]?.[0]).toMatchObject({ kind: 'credit-note', creditOf: 1042, invoiceDate: '2024-03-01' });
    expect(issued[0]?.[1]).toBe('credit#1042');
    expect(issued[0]?.[3]).toEqual({ marksCredited: 1042 });
    expect(registry.calls).toEqual([]);
  });

  it('answers 201 with the credit note and a corrected invoice from today’s data when asked to reissue', async () => {
    // Arrange
    const { handler, ledger } = setUp();

    // Act
    const response = await handler(post('1042', JSON.stringify({ reissue: true })), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(201);
    expect(CreditResult.parse(bodyOf(response))).toEqual({ creditNote: 1043, correctedInvoice: 1044 });
    const [, corrected] = ledger.callsTo('issue');
    expect(corrected?.[1]).toBe(`2024#${federation.id}#correction-of#1042`);
    expect(corrected?.[0]).toMatchObject({
      kind: 'invoice',
      billingParty: federation,
      lines: [expect.objectContaining({ municipalityCode: '1460', population: 9_200, feeOre: 1_380_000 })],
    });
  });

  it('answers 201 without reissuing for { "reissue": false }', async () => {
    // Arrange
    const { handler, ledger } = setUp();

    // Act
    const response = await handler(post('1042', JSON.stringify({ reissue: false })), lambdaContext);

    // Assert
    expect(bodyOf(response)).toEqual({ creditNote: 1043 });
    expect(ledger.callsTo('issue')).toHaveLength(1);
  });

  it('answers 404 INVOICE_NOT_FOUND for a number never issued, issuing nothing', async () => {
    // Arrange
    const { handler, ledger } = setUp();

    // Act
    const response = await handler(post('999'), lambdaContext);

    // Assert
    expectError(response, 404, 'INVOICE_NOT_FOUND');
    expect(ledger.callsTo('issue')).toEqual([]);
  });

  it('answers 422 NOT_AN_INVOICE for a credit note, issuing nothing', async () => {
    // Arrange
    const { handler, ledger } = setUp([
      dalslandInvoice({ number: 1050, kind: 'credit-note', creditOf: 1042 }),
    ]);

    // Act
    const response = await handler(post('1050'), lambdaContext);

    // Assert
    expectError(response, 422, 'NOT_AN_INVOICE');
    expect(ledger.callsTo('issue')).toEqual([]);
  });

  it('answers 409 INVOICE_ALREADY_CREDITED for a credited invoice, issuing nothing', async () => {
    // Arrange
    const { handler, ledger } = setUp([dalslandInvoice({ number: 1042, status: 'credited' })]);

    // Act
    const response = await handler(post('1042'), lambdaContext);

    // Assert
    expectError(response, 409, 'INVOICE_ALREADY_CREDITED');
    expect(ledger.callsTo('issue')).toEqual([]);
  });

  it.each([['0'], ['x'], ['-1'], ['1042.5'], ['']])(
    'answers 400 naming number for the invoice number %j, calling no port',
    async (number) => {
      // Arrange
      const { handler, ledger } = setUp();

      // Act
      const response = await handler(post(number), lambdaContext);

      // Assert
      expect(expectValidationFailure(response, 'number')).toEqual(['number']);
      expect(ledger.calls).toEqual([]);
    },
  );

  it.each([
    ['reissue is a string', '{"reissue":"yes"}', 'reissue'],
    ['reissue is a number', '{"reissue":1}', 'reissue'],
    ['there is an unknown key', '{"reissue":true,"reason":"wrong population"}', 'reason'],
    ['the body is not JSON', '{"reissue":', ''],
  ])('answers 400 naming the field when %s, issuing nothing', async (_label, body, path) => {
    // Arrange
    const { handler, ledger } = setUp();

    // Act
    const response = await handler(post('1042', body), lambdaContext);

    // Assert
    expect(expectValidationFailure(response, path)).toEqual([path]);
    expect(ledger.calls).toEqual([]);
  });

  it('answers 415 UNSUPPORTED_MEDIA_TYPE for a form body, issuing nothing', async () => {
    // Arrange
    const { handler, ledger } = setUp();
    const event = {
      ...post('1042', 'reissue=true'),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    };

    // Act
    const response = await handler(event, lambdaContext);

    // Assert
    expectError(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(ledger.calls).toEqual([]);
  });
});
