import { type MeetingTimerPorts, syncMeetingTimers } from '../../domain/meetings/meeting-timers';
import { MeetingRescheduled } from '../../events/meeting-rescheduled';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { awsPorts } from '../shared/ports';

export const createHandler = (ports: () => MeetingTimerPorts & { receipts: Receipts }) =>
  consumerFunction(
    'move-meeting-timers',
    MeetingRescheduled,
    () => ports().receipts,
    (event) => syncMeetingTimers(ports(), event.detail.meetingId),
  );

export const handler = createHandler(awsPorts);
