import {
  type RequestTimerRestorePorts,
  requestTimerRestore,
} from '../../domain/meetings/restore-meeting-timers';
import { DynamoDbEventOutbox } from '../adapters/dynamodb-event-outbox';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { json } from '../shared/http';
import { httpFunction } from '../shared/http-handler';

/** 202: the timers are set by the consumer of MeetingTimersRestoreRequested, one meeting per event. */
export const createHandler = (ports: () => RequestTimerRestorePorts) =>
  httpFunction(async () => json(202, await requestTimerRestore(ports())));

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    outbox: new DynamoDbEventOutbox(db, table, clock, ids),
    clock,
  })),
);
