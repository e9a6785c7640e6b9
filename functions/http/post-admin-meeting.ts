import { type ScheduleMeetingPorts, scheduleMeeting } from '../../domain/meetings/schedule-meeting';
import { created, parseBody } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { awsPorts } from '../shared/ports';
import { MeetingRequest } from './schemas';

/** Admin only: API Gateway's JWT authoriser (locally, the local gateway) has checked the token. */
export const createHandler = (ports: () => ScheduleMeetingPorts) =>
  httpFunction(async (event) => created(await scheduleMeeting(ports(), parseBody(MeetingRequest, event))));

export const handler = createHandler(awsPorts);
