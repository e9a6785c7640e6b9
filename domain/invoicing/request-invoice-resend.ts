import { ErrorCode, NotFoundError } from '../errors';
import type { EventOutbox, InvoiceLedger } from '../ports';

export interface RequestInvoiceResendPorts {
  ledger: Pick<InvoiceLedger, 'invoice'>;
  outbox: EventOutbox;
}

/**
 * Asks for an issued invoice or credit note to be e-mailed again, as issued (same number, OCR,
 * address and PDF). The mail goes out asynchronously: the consumer of `InvoiceResendRequested`
 * sends it once per request, so asking twice mails twice.
 * 1. The invoice or credit note must exist (404 INVOICE_NOT_FOUND); credited ones are sent too.
 * 2. `InvoiceResendRequested` is stored in the outbox; nothing else changes.
 * @returns the number and the request's id (the event's id, which the send-once mark is keyed by)
 * @throws NotFoundError `INVOICE_NOT_FOUND`
 */
export const requestInvoiceResend = async (
  ports: RequestInvoiceResendPorts,
  number: number,
): Promise<{ number: number; requestId: string }> => {
  if (!(await ports.ledger.invoice(number))) {
    throw new NotFoundError(ErrorCode.INVOICE_NOT_FOUND, `No invoice or credit note ${number}`);
  }
  const [requestId] = await ports.outbox.publish([
    { detailType: 'InvoiceResendRequested', detail: { invoiceNumber: number } },
  ]);
  if (requestId === undefined) throw new Error('The outbox returned no id for the stored event');
  return { number, requestId };
};
