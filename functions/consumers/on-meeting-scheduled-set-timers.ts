import { type MeetingTimerPorts, syncMeetingTimers } from '../../domain/meetings/meeting-timers';
import { MeetingScheduled } from '../../events/meeting-scheduled';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { awsPorts } from '../shared/ports';

export const createHandler = (ports: () => MeetingTimerPorts & { receipts: Receipts }) =>
  consumerFunction(
    'set-meeting-timers',
    MeetingScheduled,
    () => ports().receipts,
    (event) => syncMeetingTimers(ports(), event.detail.meetingId),
  );

export const handler = createHandler(awsPorts);
