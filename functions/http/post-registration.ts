import { type RegisterForMeetingPorts, registerForMeeting } from '../../domain/meetings/register-for-meeting';
import { created, parseBody, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { awsPorts } from '../shared/ports';
import { meetingIdParameter, RegistrationRequest } from './schemas';

export const createHandler = (ports: () => RegisterForMeetingPorts) =>
  httpFunction(async (event) => {
    const meetingId = pathParameterAs(event, 'meetingId', meetingIdParameter);
    const input = parseBody(RegistrationRequest, event);
    return created(await registerForMeeting(ports(), meetingId, input));
  });

export const handler = createHandler(awsPorts);
