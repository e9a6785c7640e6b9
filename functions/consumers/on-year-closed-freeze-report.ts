import { freezeYearReport, type ReportPorts } from '../../domain/statistics/year-report-use-cases';
import { DynamoDbConsumerReceipts } from '../adapters/dynamodb-consumer-receipts';
import { DynamoDbFocusGroupCatalogue } from '../adapters/dynamodb-directory';
import { DynamoDbMemberRegistry } from '../adapters/dynamodb-member-registry';
import { DynamoDbReportArchive } from '../adapters/dynamodb-report-archive';
import { DynamoDbStatisticsBook } from '../adapters/dynamodb-statistics-book';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { subscription } from '../subscriptions';

export const createHandler = (ports: () => ReportPorts & { receipts: Receipts }) =>
  consumerFunction(
    subscription('freeze-year-report'),
    () => ports().receipts,
    (event) => freezeYearReport(ports(), event.detail.year),
  );

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    statistics: new DynamoDbStatisticsBook(db, table),
    archive: new DynamoDbReportArchive(db, table, clock, ids),
    registry: new DynamoDbMemberRegistry(db, table, clock, ids),
    focusGroups: new DynamoDbFocusGroupCatalogue(db, table, clock, ids),
    clock,
    receipts: new DynamoDbConsumerReceipts(db, table, clock),
  })),
);
