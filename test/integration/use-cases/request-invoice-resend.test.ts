import { describe, expect, it } from '@jest/globals';
import { NotFoundError } from '../../../domain/errors';
import { creditInvoice } from '../../../domain/invoicing/credit-invoice';
import { issueInvoices } from '../../../domain/invoicing/issue-invoices';
import { requestInvoiceResend } from '../../../domain/invoicing/request-invoice-resend';
import { dynamoDbWorld, seedFeeYear2025 } from './dynamodb-world';

/** Fee year 2025 issued on 2 January (see dynamodb-world): invoices 2025001–2025003. */
const CLOSED = { year: 2024, closedAt: '2025-01-02T08:00:00.000Z' };

const anInvoicedWorld = async () => {
  const world = await dynamoDbWorld(CLOSED.closedAt);
  await seedFeeYear2025(world);
  await issueInvoices(world, CLOSED);
  world.clock.set('2025-03-10T10:00:00Z');
  return world;
};

describe('requestInvoiceResend', () => {
  it('stores one InvoiceResendRequested with the number only, and answers with its id', async () => {
    // Arrange
    const world = await anInvoicedWorld();
    const before = await world.storedEvents('InvoiceIssued');

    // Act
    const result = await requestInvoiceResend(world, 2025002);

    // Assert
    expect(result).toEqual({ number: 2025002, requestId: expect.any(String) });
    expect(await world.storedEvents('InvoiceResendRequested')).toEqual([{ invoiceNumber: 2025002 }]);
    // Nothing else happens: no invoice is issued, the ledger is as it was.
    expect(await world.storedEvents('InvoiceIssued')).toEqual(before);
    expect((await world.ledger.invoice(2025002))?.status).toBe('issued');
  });

  it('gives each request its own id, so that asking twice mails twice', async () => {
    // Arrange
    const world = await anInvoicedWorld();

    // Act
    const first = await requestInvoiceResend(world, 2025001);
    const second = await requestInvoiceResend(world, 2025001);

    // Assert
    expect(second.requestId).not.toBe(first.requestId);
    expect(await world.storedEvents('InvoiceResendRequested')).toEqual([
      { invoiceNumber: 2025001 },
      { invoiceNumber: 2025001 },
    ]);
  });

  it('resends credit notes and credited invoices too, as issued', async () => {
    // Arrange
    const world = await anInvoicedWorld();
    const { creditNote } = await creditInvoice(world, 2025003, { reissue: false });

    // Act
    const note = await requestInvoiceResend(world, creditNote);
    const credited = await requestInvoiceResend(world, 2025003);

    // Assert
    expect(note.number).toBe(2025004);
    expect(credited.number).toBe(2025003);
    expect(await world.storedEvents('InvoiceResendRequested')).toEqual([
      { invoiceNumber: 2025004 },
      { invoiceNumber: 2025003 },
    ]);
  });

  it('refuses a number that was never issued with INVOICE_NOT_FOUND, storing nothing', async () => {
    // Arrange
    const world = await anInvoicedWorld();

    // Act
    const refused = requestInvoiceResend(world, 2025099);

    // Assert
    await expect(refused).rejects.toBeInstanceOf(NotFoundError);
    await expect(refused).rejects.toMatchObject({ code: 'INVOICE_NOT_FOUND' });
    expect(await world.storedEvents('InvoiceResendRequested')).toEqual([]);
  });
});
