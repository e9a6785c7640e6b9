import { creditInvoice } from '../../domain/invoicing/credit-invoice';
import type { IssueInvoicesPorts } from '../../domain/invoicing/issue-invoices';
import type { Clock } from '../../domain/ports';
import { DynamoDbFeeScheduleBook, DynamoDbPopulationRegister } from '../adapters/dynamodb-fees';
import { DynamoDbInvoiceLedger } from '../adapters/dynamodb-invoice-ledger';
import { DynamoDbMemberRegistry } from '../adapters/dynamodb-member-registry';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { created, parseBody, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { CreditRequest, invoiceNumberParameter } from './admin-schemas';

export const createHandler = (ports: () => IssueInvoicesPorts & { clock: Clock }) =>
  httpFunction(async (event) => {
    const number = pathParameterAs(event, 'number', invoiceNumberParameter);
    const input = event.body ? parseBody(CreditRequest, event) : { reissue: false };
    return created(await creditInvoice(ports(), number, input));
  });

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    feeSchedules: new DynamoDbFeeScheduleBook(db, table, clock, ids),
    registry: new DynamoDbMemberRegistry(db, table, clock, ids),
    population: new DynamoDbPopulationRegister(db, table, clock, ids),
    ledger: new DynamoDbInvoiceLedger(db, table, clock, ids),
    clock,
  })),
);
