import { type SendInvoicePorts, sendInvoice } from '../../domain/invoicing/send-invoice';
import { InvoiceIssued } from '../../events/invoice-issued';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { mailOnce, type SendMarks } from '../shared/mail-once';
import { awsPorts } from '../shared/ports';

const CONSUMER = 'send-invoice';

/** The mail is marked per event: a redelivery after a crash past the send does not send again. */
export const createHandler = (ports: () => SendInvoicePorts & { receipts: Receipts; notices: SendMarks }) =>
  consumerFunction(
    CONSUMER,
    InvoiceIssued,
    () => ports().receipts,
    (event) => sendInvoice(mailOnce(ports(), CONSUMER, event.id), event.detail.invoiceNumber),
  );

export const handler = createHandler(awsPorts);
