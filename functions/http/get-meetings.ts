import { type ListMeetingsPorts, listUpcomingMeetings } from '../../domain/meetings/list-meetings';
import { DynamoDbFocusGroupCatalogue } from '../adapters/dynamodb-directory';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok } from '../shared/http';
import { httpFunction } from '../shared/http-handler';

export const createHandler = (ports: () => ListMeetingsPorts) =>
  httpFunction(async () => ok({ meetings: await listUpcomingMeetings(ports()) }));

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    focusGroups: new DynamoDbFocusGroupCatalogue(db, table, clock, ids),
    clock,
  })),
);
