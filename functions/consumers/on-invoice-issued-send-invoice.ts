import { InvoiceIssued } from '../../events/invoice-issued';
import {
  type InvoiceMailPorts,
  invoiceMailConsumer,
  invoiceMailPorts,
} from '../shared/invoice-mail-consumer';

/** The mail is marked per event: a redelivery after a crash past the send does not send again. */
export const createHandler = (ports: () => InvoiceMailPorts) =>
  invoiceMailConsumer('send-invoice', InvoiceIssued, ports);

export const handler = createHandler(invoiceMailPorts());
