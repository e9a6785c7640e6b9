import { type ManageRegistrationsPorts, promoteInOrder } from '../../domain/meetings/manage-registrations';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { DynamoDbRegistrationBook } from '../adapters/dynamodb-registration-book';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { created, parseBody, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { PromotionRequest } from './admin-registrant-schemas';
import { meetingIdParameter } from './schemas';

/** Gives the first waiting registration who fits a seat, the reason kept with it. */
export const createHandler = (ports: () => ManageRegistrationsPorts) =>
  httpFunction(async (event) => {
    const meetingId = pathParameterAs(event, 'meetingId', meetingIdParameter);
    const { reason } = parseBody(PromotionRequest, event);
    return created(await promoteInOrder(ports(), meetingId, reason));
  });

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    registrations: new DynamoDbRegistrationBook(db, table, clock, ids),
    clock,
  })),
);
