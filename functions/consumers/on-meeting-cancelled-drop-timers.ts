import { type MeetingTimerPorts, syncMeetingTimers } from '../../domain/meetings/meeting-timers';
import { MeetingCancelled } from '../../events/meeting-cancelled';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { awsPorts } from '../shared/ports';

export const createHandler = (ports: () => MeetingTimerPorts & { receipts: Receipts }) =>
  consumerFunction(
    'drop-meeting-timers',
    MeetingCancelled,
    () => ports().receipts,
    // The meeting reads as cancelled, so every timer of it is removed.
    (event) => syncMeetingTimers(ports(), event.detail.meetingId),
  );

export const handler = createHandler(awsPorts);
