import { type ListMeetingsPorts, showMeeting } from '../../domain/meetings/list-meetings';
import { ok, pathParameter } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { awsPorts } from '../shared/ports';

export const createHandler = (ports: () => ListMeetingsPorts) =>
  httpFunction(async (event) => ok(await showMeeting(ports(), pathParameter(event, 'meetingId'))));

export const handler = createHandler(awsPorts);
