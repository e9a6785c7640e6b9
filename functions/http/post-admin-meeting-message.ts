import { type SendMessagePorts, sendMeetingMessage } from '../../domain/meetings/message-registrants';
import { meetingMessageMail } from '../../formats/mail/meeting-message-mail';
import { DynamoDbAttendanceLog } from '../adapters/dynamodb-attendance-log';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { DynamoDbMessageBook } from '../adapters/dynamodb-message-book';
import { DynamoDbRegistrationBook } from '../adapters/dynamodb-registration-book';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { json, ok, parseBody, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { MessageRequest } from './admin-registrant-schemas';
import { meetingIdParameter } from './schemas';

/**
 * Writes to a meeting's registrants: 202 with the recipient count (the mail goes out from the
 * `MeetingMessageSent` consumer), or with `preview: true` 200 with the count and one rendered copy.
 */
export const createHandler = (ports: () => SendMessagePorts) =>
  httpFunction(async (event) => {
    const meetingId = pathParameterAs(event, 'meetingId', meetingIdParameter);
    const { preview, ...request } = parseBody(MessageRequest, event);
    const outcome = await sendMeetingMessage(ports(), meetingId, request, { preview: preview === true });
    return outcome.preview ? ok(outcome) : json(202, outcome);
  });

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    registrations: new DynamoDbRegistrationBook(db, table, clock, ids),
    attendance: new DynamoDbAttendanceLog(db, table, clock, ids),
    messages: new DynamoDbMessageBook(db, table, clock, ids),
    composeMessage: meetingMessageMail,
    clock,
    ids,
  })),
);
