import { type SendInvoicePorts, sendInvoice } from '../../domain/invoicing/send-invoice';
import { InvoiceIssued } from '../../events/invoice-issued';
import { DynamoDbConsumerReceipts } from '../adapters/dynamodb-consumer-receipts';
import { DynamoDbInvoiceLedger } from '../adapters/dynamodb-invoice-ledger';
import { DynamoDbNoticeLog } from '../adapters/dynamodb-notice-log';
import { renderInvoicePdf } from '../adapters/pdf-invoice-renderer';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { mailOnce, type SendMarks } from '../shared/mail-once';
import { sesRawMailer } from '../shared/ses-wiring';

const CONSUMER = 'send-invoice';

/** The mail is marked per event: a redelivery after a crash past the send does not send again. */
export const createHandler = (ports: () => SendInvoicePorts & { receipts: Receipts; notices: SendMarks }) =>
  consumerFunction(
    CONSUMER,
    InvoiceIssued,
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
