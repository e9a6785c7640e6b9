import { type MeetingTimerPorts, syncMeetingTimers } from '../../domain/meetings/meeting-timers';
import { DynamoDbConsumerReceipts } from '../adapters/dynamodb-consumer-receipts';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { eventScheduler } from '../shared/scheduler-wiring';
import { subscription } from '../subscriptions';

export const createHandler = (ports: () => MeetingTimerPorts & { receipts: Receipts }) =>
  consumerFunction(
    subscription('set-meeting-timers'),
    () => ports().receipts,
    (event) => syncMeetingTimers(ports(), event.detail.meetingId),
  );

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    timers: eventScheduler(),
    clock,
    receipts: new DynamoDbConsumerReceipts(db, table, clock),
  })),
);
