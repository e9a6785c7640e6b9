import {
  type RequestInvoiceResendPorts,
  requestInvoiceResend,
} from '../../domain/invoicing/request-invoice-resend';
import { DynamoDbEventOutbox } from '../adapters/dynamodb-event-outbox';
import { DynamoDbInvoiceLedger } from '../adapters/dynamodb-invoice-ledger';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { json, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { invoiceNumberParameter } from './admin-schemas';

/** 202: the mail is sent by the consumer of InvoiceResendRequested. */
export const createHandler = (ports: () => RequestInvoiceResendPorts) =>
  httpFunction(async (event) =>
    json(202, await requestInvoiceResend(ports(), pathParameterAs(event, 'number', invoiceNumberParameter))),
  );

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    ledger: new DynamoDbInvoiceLedger(db, table, clock, ids),
    outbox: new DynamoDbEventOutbox(db, table, clock, ids),
  })),
);
