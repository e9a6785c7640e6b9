import type * as z from 'zod';
import { type SendInvoicePorts, sendInvoice } from '../../domain/invoicing/send-invoice';
import type { EventDefinition } from '../../events/define-event';
import { mailComposer } from '../../formats/mail/mail-composer';
import { DynamoDbConsumerReceipts } from '../adapters/dynamodb-consumer-receipts';
import { DynamoDbInvoiceLedger } from '../adapters/dynamodb-invoice-ledger';
import { DynamoDbNoticeLog } from '../adapters/dynamodb-notice-log';
import { renderInvoicePdf } from '../adapters/pdf-invoice-renderer';
import type { Subscription } from '../subscriptions';
import { consumerFunction, type Receipts } from './consumer-handler';
import { dynamoDbPorts } from './dynamodb-wiring';
import { mailOnce, type SendMarks } from './mail-once';
import { sesRawMailer } from './ses-wiring';

export type InvoiceMailPorts = SendInvoicePorts & { receipts: Receipts; notices: SendMarks };

/**
 * A consumer that mails an issued invoice or credit note as issued, on any event naming its
 * number (InvoiceIssued, InvoiceResendRequested). The send-once mark is keyed by the event id: a
 * redelivered event does not mail twice, a new event (a second resend request) mails again. The
 * mailer skips suppressed addresses.
 */
export const invoiceMailConsumer = <E extends EventDefinition<string, z.ZodType<{ invoiceNumber: number }>>>(
  row: Subscription<E>,
  ports: () => InvoiceMailPorts,
) =>
  consumerFunction(
    row,
    () => ports().receipts,
    (event) => sendInvoice(mailOnce(ports(), row.consumer, event.id), event.detail.invoiceNumber),
  );

/** The invoice mail consumers' adapters: the table, the PDF renderer and SES's raw mailer. */
export const invoiceMailPorts = () =>
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    ledger: new DynamoDbInvoiceLedger(db, table, clock, ids),
    renderer: { render: renderInvoicePdf },
    attachmentMailer: sesRawMailer(),
    composer: mailComposer,
    receipts: new DynamoDbConsumerReceipts(db, table, clock),
    notices: new DynamoDbNoticeLog(db, table),
  }));
