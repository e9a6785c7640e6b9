import type { Context } from 'aws-lambda';
import { type CountingPorts, countEvent } from '../../domain/statistics/count-event';
import type { StoredEvent } from '../../events/catalogue';
import { DynamoDbConsumerReceipts } from '../adapters/dynamodb-consumer-receipts';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { DynamoDbStatisticsBook } from '../adapters/dynamodb-statistics-book';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import type { BusEvent } from '../shared/event-envelope';
import { countingSubscriptions } from '../subscriptions';

/**
 * One handler for every counted event: it picks the event's row of the subscription table by
 * detail type, so each event is parsed against its one definition and counted once per event id
 * under that row's consumer name.
 */
export const createHandler = (ports: () => CountingPorts & { receipts: Receipts }) => {
  const handlers = new Map(
    countingSubscriptions.map((row) => [
      row.event.detailType,
      consumerFunction(
        row,
        () => ports().receipts,
        // The row's definition parsed it: it is the stored event of that very type.
        (event) => countEvent(ports(), event as StoredEvent),
      ),
    ]),
  );
  return async (event: BusEvent, context: Context) => {
    const handler = handlers.get(event['detail-type']);
    if (!handler) throw new Error(`The statistics do not count ${event['detail-type']}`);
    return handler(event, context);
  };
};

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    statistics: new DynamoDbStatisticsBook(db, table),
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    receipts: new DynamoDbConsumerReceipts(db, table, clock),
  })),
);
