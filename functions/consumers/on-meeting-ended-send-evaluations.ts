import { type InvitePorts, inviteAttendeesAtEnd } from '../../domain/evaluations/evaluate-meeting';
import { MeetingEnded } from '../../events/meeting-ended';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { awsPorts } from '../shared/ports';

export const createHandler = (ports: () => InvitePorts & { receipts: Receipts }) =>
  consumerFunction(
    'invite-attendees-at-end',
    MeetingEnded,
    () => ports().receipts,
    (event) => inviteAttendeesAtEnd(ports(), event.detail),
  );

export const handler = createHandler(awsPorts);
