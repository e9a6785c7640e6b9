import { type PromoteWaitingPorts, promoteWaiting } from '../../domain/meetings/promote-waiting';
import { RegistrationReceived } from '../../events/registration-received';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { awsPorts } from '../shared/ports';

export const createHandler = (ports: () => PromoteWaitingPorts & { receipts: Receipts }) =>
  consumerFunction(
    'promote-waiting-on-arrival',
    RegistrationReceived,
    () => ports().receipts,
    async (event) =>
      event.detail.status === 'waitlisted'
        ? (await promoteWaiting(ports(), event.detail.meetingId)).length
        : 0,
  );

export const handler = createHandler(awsPorts);
