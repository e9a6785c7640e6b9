import { cloneMeeting } from '../../domain/meetings/clone-meeting';
import type { ScheduleMeetingPorts } from '../../domain/meetings/schedule-meeting';
import { DynamoDbFocusGroupCatalogue } from '../adapters/dynamodb-directory';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { created, parseBody, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { CloneRequest } from './admin-registrant-schemas';
import { meetingIdParameter } from './schemas';

/** A new meeting with another's content on new days (emits MeetingScheduled). */
export const createHandler = (ports: () => ScheduleMeetingPorts) =>
  httpFunction(async (event) => {
    const meetingId = pathParameterAs(event, 'meetingId', meetingIdParameter);
    const { days } = parseBody(CloneRequest, event);
    return created(await cloneMeeting(ports(), meetingId, days));
  });

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    focusGroups: new DynamoDbFocusGroupCatalogue(db, table, clock, ids),
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    clock,
    ids,
  })),
);
