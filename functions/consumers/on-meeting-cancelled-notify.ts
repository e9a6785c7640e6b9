import { notifyMeetingCancelled } from '../../domain/meetings/cancel-meeting';
import { MeetingCancelled } from '../../events/meeting-cancelled';
import { consumerFunction } from '../shared/consumer-handler';
import { awsPorts, type Ports } from '../shared/ports';

export const createHandler = (ports: () => Ports) =>
  consumerFunction(
    'notify-meeting-cancelled',
    MeetingCancelled,
    () => ports().receipts,
    (event) => notifyMeetingCancelled(ports(), event.detail.meetingId),
  );

export const handler = createHandler(awsPorts);
