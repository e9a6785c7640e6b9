import { reviseMeeting } from '../../domain/meetings/revise-meeting';
import type { MeetingCalendar } from '../../domain/ports';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok, parseBody, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { MeetingRevisionRequest } from './admin-registrant-schemas';
import { meetingIdParameter } from './schemas';

/** Changes a meeting's content or capacity (emits MeetingRevised when something changed). */
export const createHandler = (ports: () => { meetings: MeetingCalendar }) =>
  httpFunction(async (event) => {
    const meetingId = pathParameterAs(event, 'meetingId', meetingIdParameter);
    return ok(await reviseMeeting(ports(), meetingId, parseBody(MeetingRevisionRequest, event)));
  });

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
  })),
);
