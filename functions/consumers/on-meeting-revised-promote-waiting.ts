import { type PromoteWaitingPorts, promoteWaiting } from '../../domain/meetings/promote-waiting';
import { DynamoDbConsumerReceipts } from '../adapters/dynamodb-consumer-receipts';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { DynamoDbRegistrationBook } from '../adapters/dynamodb-registration-book';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { subscription } from '../subscriptions';

/** More seats: the waiting list moves up in arrival order (a revision of content only finds nobody to seat). */
export const createHandler = (ports: () => PromoteWaitingPorts & { receipts: Receipts }) =>
  consumerFunction(
    subscription('promote-waiting-on-revision'),
    () => ports().receipts,
    async (event) =>
      event.detail.fields.includes('capacity')
        ? (await promoteWaiting(ports(), event.detail.meetingId)).length
        : 0,
  );

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    registrations: new DynamoDbRegistrationBook(db, table, clock, ids),
    receipts: new DynamoDbConsumerReceipts(db, table, clock),
  })),
);
