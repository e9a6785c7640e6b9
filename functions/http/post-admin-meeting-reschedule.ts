import { type MeetingMove, rescheduleMeeting } from '../../domain/meetings/reschedule-meeting';
import type { Clock, MeetingCalendar } from '../../domain/ports';
import { formatStockholmIso } from '../../domain/shared/stockholm-time';
import { DynamoDbMeetingCalendar } from '../adapters/dynamodb-meeting-calendar';
import { dynamoDbPorts } from '../shared/dynamodb-wiring';
import { ok, parseBody, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { MeetingMoveRequest, meetingIdParameter } from './schemas';

export const createHandler = (ports: () => { meetings: MeetingCalendar; clock: Clock }) =>
  httpFunction(async (event) => {
    const meetingId = pathParameterAs(event, 'meetingId', meetingIdParameter);
    const move: MeetingMove = parseBody(MeetingMoveRequest, event);
    const { meeting, changed } = await rescheduleMeeting(ports(), meetingId, move);
    return ok({
      id: meeting.id,
      revision: meeting.revision ?? 0,
      changed,
      days: [...meeting.days],
      startTime: meeting.startTime,
      endTime: meeting.endTime,
      ...(meeting.venue ? { venue: meeting.venue } : {}),
      ...(meeting.onlineUrl ? { onlineUrl: meeting.onlineUrl } : {}),
      registrationClosesAt: formatStockholmIso(new Date(meeting.registrationClosesAt)),
    });
  });

export const handler = createHandler(
  dynamoDbPorts(({ db, table, clock, ids }) => ({
    meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
    clock,
  })),
);
