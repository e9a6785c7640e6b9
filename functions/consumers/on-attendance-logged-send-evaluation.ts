import { type InvitePorts, inviteToEvaluate } from '../../domain/evaluations/evaluate-meeting';
import { AttendanceLogged } from '../../events/attendance-logged';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { awsPorts } from '../shared/ports';

export const createHandler = (ports: () => InvitePorts & { receipts: Receipts }) =>
  consumerFunction(
    'send-evaluation-invitation',
    AttendanceLogged,
    () => ports().receipts,
    // Before the end this sends nothing: the meeting's end timer invites everyone logged by then.
    (event) => inviteToEvaluate(ports(), event.detail.meetingId, [event.detail.registrationId]),
  );

export const handler = createHandler(awsPorts);
