import { type LogAttendancePorts, logAttendance } from '../../domain/attendance/log-attendance';
import { ValidationError } from '../../domain/errors';
import { MAX_ATTENDANCE_CSV_BYTES, parseTeamsAttendance } from '../../formats/csv/teams-attendance-csv';
import { DynamoDbAttendanceLog } from '../adapters/dynamodb-attendance-log';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { DynamoDbRegistrationBook } from '../adapters/dynamodb-registration-book';
import { HmacPseudonyms } from '../adapters/hmac-pseudonyms';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { created, parseBody, pathParameterAs, queryParameterAs, rawBody } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { linkTokenKey } from '../shared/link-token-key';
import { AttendanceRequest, attendanceDayParameter, meetingIdParameter } from './schemas';

const CSV_TYPES = ['text/csv', 'text/plain', 'application/octet-stream'] as const;

/**
 * JSON (registration ids, e-mail addresses, walk-ins) or the attendance report Teams exports for
 * a digital meeting (`?day=YYYY-MM-DD`), matched by e-mail; unmatched rows come back.
 */
export const createHandler = (ports: () => LogAttendancePorts) =>
  httpFunction(async (event) => {
    const meetingId = pathParameterAs(event, 'meetingId', meetingIdParameter);
    const contentType = (event.headers?.['content-type'] ?? '').toLowerCase();
    if (contentType.startsWith('application/json')) {
      const input = parseBody(AttendanceRequest, event);
      return created(
        await logAttendance(ports(), meetingId, {
          ...input,
          emails: input.emails?.map((email) => ({ email })),
        }),
      );
    }
    // The media type first: a body of the wrong type is 415 whatever the query says.
    const bytes = rawBody(event, CSV_TYPES, MAX_ATTENDANCE_CSV_BYTES);
    const day = queryParameterAs(event, 'day', attendanceDayParameter);
    const parsed = parseTeamsAttendance(bytes);
    if (!parsed.ok) throw new ValidationError(parsed.issues, 'The attendance file was rejected');
    const emails = parsed.attendees.map((row) => ({ email: row.email, line: row.line }));
    return created(await logAttendance(ports(), meetingId, { day, emails }));
  });

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    registrations: new DynamoDbRegistrationBook(db, table, clock, ids),
    attendance: new DynamoDbAttendanceLog(db, table, clock, ids),
    pseudonyms: new HmacPseudonyms(linkTokenKey()),
    clock,
    ids,
  })),
);
