import {
  type InvoiceMailPorts,
  invoiceMailConsumer,
  invoiceMailPorts,
} from '../shared/invoice-mail-consumer';
import { subscription } from '../subscriptions';

/** The mail is marked per event: a redelivery after a crash past the send does not send again. */
export const createHandler = (ports: () => InvoiceMailPorts) =>
  invoiceMailConsumer(subscription('send-invoice'), ports);

export const handler = createHandler(invoiceMailPorts());
