import { cancelOnBehalf, type ManageRegistrationsPorts } from '../../domain/meetings/manage-registrations';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { DynamoDbRegistrationBook } from '../adapters/dynamodb-registration-book';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { registrationIdParameter } from './admin-registrant-schemas';
import { meetingIdParameter } from './schemas';

/** Cancels a registration on the person's behalf; the waiting list is promoted as after any cancellation. */
export const createHandler = (ports: () => ManageRegistrationsPorts) =>
  httpFunction(async (event) => {
    const meetingId = pathParameterAs(event, 'meetingId', meetingIdParameter);
    const registrationId = pathParameterAs(event, 'registrationId', registrationIdParameter);
    return ok(await cancelOnBehalf(ports(), meetingId, registrationId));
  });

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    registrations: new DynamoDbRegistrationBook(db, table, clock, ids),
    clock,
  })),
);
