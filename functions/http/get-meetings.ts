import { type ListMeetingsPorts, listUpcomingMeetings } from '../../domain/meetings/list-meetings';
import { ok } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { awsPorts } from '../shared/ports';

export const createHandler = (ports: () => ListMeetingsPorts) =>
  httpFunction(async () => ok({ meetings: await listUpcomingMeetings(ports()) }));

export const handler = createHandler(awsPorts);
