import { InvoiceResendRequested } from '../../events/invoice-resend-requested';
import {
  type InvoiceMailPorts,
  invoiceMailConsumer,
  invoiceMailPorts,
} from '../shared/invoice-mail-consumer';

/** Keyed by the request's event id: a second request (a new event) mails again, a redelivery does not. */
export const createHandler = (ports: () => InvoiceMailPorts) =>
  invoiceMailConsumer('resend-invoice', InvoiceResendRequested, ports);

export const handler = createHandler(invoiceMailPorts());
