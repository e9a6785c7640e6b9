import { cancelMeeting } from '../../domain/meetings/cancel-meeting';
import type { MeetingCalendar } from '../../domain/ports';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { meetingIdParameter } from './schemas';

export const createHandler = (ports: () => { meetings: MeetingCalendar }) =>
  httpFunction(async (event) =>
    ok(await cancelMeeting(ports(), pathParameterAs(event, 'meetingId', meetingIdParameter))),
  );

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
  })),
);
