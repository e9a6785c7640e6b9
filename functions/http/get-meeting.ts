import { type ListMeetingsPorts, showMeeting } from '../../domain/meetings/list-meetings';
import { DynamoDbFocusGroupCatalogue } from '../adapters/dynamodb-directory';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { meetingIdParameter } from './schemas';

export const createHandler = (ports: () => ListMeetingsPorts) =>
  httpFunction(async (event) =>
    ok(await showMeeting(ports(), pathParameterAs(event, 'meetingId', meetingIdParameter))),
  );

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    focusGroups: new DynamoDbFocusGroupCatalogue(db, table, clock, ids),
    clock,
  })),
);
