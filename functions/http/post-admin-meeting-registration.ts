import { type RegisterForMeetingPorts, registerForMeeting } from '../../domain/meetings/register-for-meeting';
import { DynamoDbMemberDirectory } from '../adapters/dynamodb-directory';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { DynamoDbRegistrationBook } from '../adapters/dynamodb-registration-book';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { created, parseBody, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { meetingIdParameter, RegistrationRequest } from './schemas';

/**
 * A registration the secretariat took by phone or mail: the public form's body, schema and use
 * case, marked `source: 'secretariat'`. The confirmation mail goes out as for the form.
 */
export const createHandler = (ports: () => RegisterForMeetingPorts) =>
  httpFunction(async (event) => {
    const meetingId = pathParameterAs(event, 'meetingId', meetingIdParameter);
    const input = parseBody(RegistrationRequest, event);
    return created(await registerForMeeting(ports(), meetingId, input, { source: 'secretariat' }));
  });

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    members: new DynamoDbMemberDirectory(db, table),
    registrations: new DynamoDbRegistrationBook(db, table, clock, ids),
    clock,
    ids,
  })),
);
