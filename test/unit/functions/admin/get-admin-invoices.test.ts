import { describe, expect, it } from '@jest/globals';
import type { InvoiceLedger } from '../../../../domain/ports';
import { InvoiceList } from '../../../../functions/http/admin-schemas';
import { createHandler } from '../../../../functions/http/get-admin-invoices';
import { dalslandInvoice } from '../adapters/invoice-fixtures';
import { bodyOf, lambdaContext } from '../http-test-kit';
import { adminEvent, expectValidationFailure, fakePort } from './admin-test-kit';

const invoice = dalslandInvoice({ number: 1042, status: 'credited' });
const creditNote = dalslandInvoice({ number: 1043, kind: 'credit-note', creditOf: 1042 });

const get = (query?: Record<string, string>) =>
  adminEvent({ route: '/api/admin/invoices', ...(query ? { query } : {}) });

const setUp = () => {
  const ledger = fakePort<InvoiceLedger>({
    invoicesOfFeeYear: async () => [invoice, creditNote],
    notInvoiced: async () => [{ municipalityCode: '1482', reason: 'MISSING_POPULATION' }],
  });
  return { ledger, handler: createHandler(() => ({ ledger: ledger.port })) };
};

describe('GET /api/admin/invoices', () => {
  it('answers 200 with the invoices and credit notes of the fee year and the members left out', async () => {
    // Arrange
    const { handler, ledger } = setUp();

    // Act
    const response = await handler(get({ year: '2024' }), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(200);
    const list = InvoiceList.parse(bodyOf(response));
    expect(list.year).toBe(2024);
    expect(list.invoices.map((entry) => [entry.number, entry.kind, entry.status, entry.creditOf])).toEqual([
      [1042, 'invoice', 'credited', undefined],
      [1043, 'credit-note', 'issued', 1042],
    ]);
    expect(list.invoices[0]).toMatchObject({
      billingPartyId: 'dalslands-miljo-och-energiforbund',
      netOre: 4_058_100,
      vatOre: 1_014_525,
      totalOre: 5_072_625,
      ocr: '10421',
    });
    expect(list.notInvoiced).toEqual([{ municipalityCode: '1482', reason: 'MISSING_POPULATION' }]);
    expect(ledger.callsTo('invoicesOfFeeYear')).toEqual([[2024]]);
  });

  it('names the billing party by id only, without its e-mail or address', async () => {
    // Arrange
    const { handler } = setUp();

    // Act
    const response = await handler(get({ year: '2024' }), lambdaContext);

    // Assert
    expect(String(response.body)).not.toMatch(/ekonomi@dalsland|Box 78/);
  });

  it.each([
    ['no year', undefined],
    ['the year twenty', { year: 'twenty' }],
    ['the year 1999', { year: '1999' }],
    ['an empty year', { year: '' }],
    ['only another parameter', { fee_year: '2024' }],
  ])('answers 400 naming year for %s, calling no port', async (_label, query) => {
    // Arrange
    const { handler, ledger } = setUp();

    // Act
    const response = await handler(get(query), lambdaContext);

    // Assert
    expect(expectValidationFailure(response, 'year')).toEqual(['year']);
    expect(ledger.calls).toEqual([]);
  });
});
