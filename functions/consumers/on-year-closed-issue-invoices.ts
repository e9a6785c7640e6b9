import { type IssueInvoicesPorts, issueInvoices } from '../../domain/invoicing/issue-invoices';
import { DynamoDbConsumerReceipts } from '../adapters/dynamodb-consumer-receipts';
import { DynamoDbFeeScheduleBook, DynamoDbPopulationRegister } from '../adapters/dynamodb-fees';
import { DynamoDbInvoiceLedger } from '../adapters/dynamodb-invoice-ledger';
import { DynamoDbMemberRegistry } from '../adapters/dynamodb-member-registry';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { subscription } from '../subscriptions';

/**
 * Idempotent twice over: the receipt skips a redelivered event, and the ledger issues each
 * (fee year, billing party) invoice once even if two deliveries run at the same time.
 */
export const createHandler = (ports: () => IssueInvoicesPorts & { receipts: Receipts }) =>
  consumerFunction(
    subscription('issue-invoices'),
    () => ports().receipts,
    async (event) => {
      const { issued, notInvoiced } = await issueInvoices(ports(), event.detail);
      return { issued: issued.length, notInvoiced: notInvoiced.length };
    },
  );

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    feeSchedules: new DynamoDbFeeScheduleBook(db, table, clock, ids),
    registry: new DynamoDbMemberRegistry(db, table, clock, ids),
    population: new DynamoDbPopulationRegister(db, table, clock, ids),
    ledger: new DynamoDbInvoiceLedger(db, table, clock, ids),
    receipts: new DynamoDbConsumerReceipts(db, table, clock),
  })),
);
