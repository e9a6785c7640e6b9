import { type ScheduleMeetingPorts, scheduleMeeting } from '../../domain/meetings/schedule-meeting';
import { DynamoDbFocusGroupCatalogue } from '../adapters/dynamodb-directory';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { created, parseBody } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { MeetingRequest } from './schemas';

/** Admin only: API Gateway's JWT authoriser (locally, the local gateway) has checked the token. */
export const createHandler = (ports: () => ScheduleMeetingPorts) =>
  httpFunction(async (event) => created(await scheduleMeeting(ports(), parseBody(MeetingRequest, event))));

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    focusGroups: new DynamoDbFocusGroupCatalogue(db, table, clock, ids),
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    ids,
    clock,
  })),
);
