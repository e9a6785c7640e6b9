import { type ListMeetingsPorts, showMeeting } from '../../domain/meetings/list-meetings';
import { ok, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { awsPorts } from '../shared/ports';
import { meetingIdParameter } from './schemas';

export const createHandler = (ports: () => ListMeetingsPorts) =>
  httpFunction(async (event) =>
    ok(await showMeeting(ports(), pathParameterAs(event, 'meetingId', meetingIdParameter))),
  );

export const handler = createHandler(awsPorts);
