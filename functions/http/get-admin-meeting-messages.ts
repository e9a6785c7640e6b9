import { meetingMessages, type SendMessagePorts } from '../../domain/meetings/message-registrants';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { DynamoDbMessageBook } from '../adapters/dynamodb-message-book';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { meetingIdParameter } from './schemas';

/** The messages sent to a meeting's registrants, newest first: text, audience, count and time. */
export const createHandler = (ports: () => Pick<SendMessagePorts, 'meetings' | 'messages'>) =>
  httpFunction(async (event) =>
    ok(await meetingMessages(ports(), pathParameterAs(event, 'meetingId', meetingIdParameter))),
  );

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    messages: new DynamoDbMessageBook(db, table, clock, ids),
  })),
);
