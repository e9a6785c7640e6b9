import {
  type InvoiceMailPorts,
  invoiceMailConsumer,
  invoiceMailPorts,
} from '../shared/invoice-mail-consumer';
import { subscription } from '../subscriptions';

/** Keyed by the request's event id: a second request (a new event) mails again, a redelivery does not. */
export const createHandler = (ports: () => InvoiceMailPorts) =>
  invoiceMailConsumer(subscription('resend-invoice'), ports);

export const handler = createHandler(invoiceMailPorts());
