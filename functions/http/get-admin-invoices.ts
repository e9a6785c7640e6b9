import { listInvoices } from '../../domain/invoicing/credit-invoice';
import type { InvoiceLedger } from '../../domain/ports';
import { DynamoDbInvoiceLedger } from '../adapters/dynamodb-invoice-ledger';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok, queryParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { yearParameter } from './admin-schemas';

export const createHandler = (ports: () => { ledger: InvoiceLedger }) =>
  httpFunction(async (event) =>
    ok(await listInvoices(ports(), queryParameterAs(event, 'year', yearParameter))),
  );

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    ledger: new DynamoDbInvoiceLedger(db, table, clock, ids),
  })),
);
