import { type ErasurePorts, erasePerson } from '../../domain/privacy/erase-person';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { DynamoDbPersonalData } from '../adapters/dynamodb-personal-data';
import { DynamoDbRegistrationBook } from '../adapters/dynamodb-registration-book';
import { HmacPseudonyms } from '../adapters/hmac-pseudonyms';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok, parseBody } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { linkTokenKey } from '../shared/link-token-key';
import { PersonRequest } from './admin-people-schemas';

/**
 * 200 with counts, also for an address the system does not know (zero counts): the address is in
 * the body, never in the path, so that it stays out of access logs.
 */
export const createHandler = (ports: () => ErasurePorts) =>
  httpFunction(async (event) => {
    const { email } = parseBody(PersonRequest, event);
    return ok(await erasePerson(ports(), email));
  });

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    people: new DynamoDbPersonalData(db, table, clock, ids),
    registrations: new DynamoDbRegistrationBook(db, table, clock, ids),
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    pseudonyms: new HmacPseudonyms(linkTokenKey()),
    clock,
    ids,
  })),
);
