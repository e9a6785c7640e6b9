import { type SendInvoicePorts, sendInvoice } from '../../domain/invoicing/send-invoice';
import { InvoiceResendRequested } from '../../events/invoice-resend-requested';
import { DynamoDbConsumerReceipts } from '../adapters/dynamodb-consumer-receipts';
import { DynamoDbInvoiceLedger } from '../adapters/dynamodb-invoice-ledger';
import { DynamoDbNoticeLog } from '../adapters/dynamodb-notice-log';
import { renderInvoicePdf } from '../adapters/pdf-invoice-renderer';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { mailOnce, type SendMarks } from '../shared/mail-once';
import { sesRawMailer } from '../shared/ses-wiring';

const CONSUMER = 'resend-invoice';

/**
 * The send-once mark is keyed by the request's event id: a redelivered request does not mail
 * twice, a second request (a new event) mails again. The mailer skips suppressed addresses.
 */
export const createHandler = (ports: () => SendInvoicePorts & { receipts: Receipts; notices: SendMarks }) =>
  consumerFunction(
    CONSUMER,
    InvoiceResendRequested,
    () => ports().receipts,
    (event) => sendInvoice(mailOnce(ports(), CONSUMER, event.id), event.detail.invoiceNumber),
  );

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    ledger: new DynamoDbInvoiceLedger(db, table, clock, ids),
    renderer: { render: renderInvoicePdf },
    attachmentMailer: sesRawMailer(),
    receipts: new DynamoDbConsumerReceipts(db, table, clock),
    notices: new DynamoDbNoticeLog(db, table),
  })),
);
