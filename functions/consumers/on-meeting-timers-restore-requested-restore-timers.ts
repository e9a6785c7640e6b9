import {
  type RestoreMeetingTimersPorts,
  restoreMeetingTimers,
} from '../../domain/meetings/restore-meeting-timers';
import { DynamoDbAttendanceLog } from '../adapters/dynamodb-attendance-log';
import { DynamoDbConsumerReceipts } from '../adapters/dynamodb-consumer-receipts';
import { DynamoDbEvaluationBook } from '../adapters/dynamodb-evaluation-book';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { eventScheduler } from '../shared/scheduler-wiring';
import { subscription } from '../subscriptions';

export const createHandler = (ports: () => RestoreMeetingTimersPorts & { receipts: Receipts }) =>
  consumerFunction(
    subscription('restore-meeting-timers'),
    () => ports().receipts,
    (event) => restoreMeetingTimers(ports(), event.detail.meetingId),
  );

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    attendance: new DynamoDbAttendanceLog(db, table, clock, ids),
    evaluations: new DynamoDbEvaluationBook(db, table, clock, ids),
    timers: eventScheduler(),
    clock,
    receipts: new DynamoDbConsumerReceipts(db, table, clock),
  })),
);
