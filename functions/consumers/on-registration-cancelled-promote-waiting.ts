import { type PromoteWaitingPorts, promoteWaiting } from '../../domain/meetings/promote-waiting';
import { RegistrationCancelled } from '../../events/registration-cancelled';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { awsPorts } from '../shared/ports';

export const createHandler = (ports: () => PromoteWaitingPorts & { receipts: Receipts }) =>
  consumerFunction(
    'promote-waiting',
    RegistrationCancelled,
    () => ports().receipts,
    async (event) => (await promoteWaiting(ports(), event.detail.meetingId)).length,
  );

export const handler = createHandler(awsPorts);
