import { type ManageRegistrationsPorts, promoteByChoice } from '../../domain/meetings/manage-registrations';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { DynamoDbRegistrationBook } from '../adapters/dynamodb-registration-book';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok, parseBody, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { PromotionRequest, registrationIdParameter } from './admin-registrant-schemas';
import { meetingIdParameter } from './schemas';

/** Gives a chosen waiting registration a seat now, the reason kept with it. */
export const createHandler = (ports: () => ManageRegistrationsPorts) =>
  httpFunction(async (event) => {
    const meetingId = pathParameterAs(event, 'meetingId', meetingIdParameter);
    const registrationId = pathParameterAs(event, 'registrationId', registrationIdParameter);
    return ok(
      await promoteByChoice(ports(), meetingId, registrationId, parseBody(PromotionRequest, event).reason),
    );
  });

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    registrations: new DynamoDbRegistrationBook(db, table, clock, ids),
    clock,
  })),
);
