import { cancelMeeting } from '../../domain/meetings/cancel-meeting';
import type { MeetingCalendar } from '../../domain/ports';
import { ok, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { awsPorts } from '../shared/ports';
import { meetingIdParameter } from './schemas';

export const createHandler = (ports: () => { meetings: MeetingCalendar }) =>
  httpFunction(async (event) =>
    ok(await cancelMeeting(ports(), pathParameterAs(event, 'meetingId', meetingIdParameter))),
  );

export const handler = createHandler(awsPorts);
