import { type SendInvoicePorts, sendInvoice } from '../../domain/invoicing/send-invoice';
import { InvoiceIssued } from '../../events/invoice-issued';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { awsPorts } from '../shared/ports';

export const createHandler = (ports: () => SendInvoicePorts & { receipts: Receipts }) =>
  consumerFunction(
    'send-invoice',
    InvoiceIssued,
    () => ports().receipts,
    (event) => sendInvoice(ports(), event.detail.invoiceNumber),
  );

export const handler = createHandler(awsPorts);
