import {
  notifyMeetingRescheduled,
  type RescheduleNoticePorts,
} from '../../domain/meetings/notify-meeting-rescheduled';
import { MeetingRescheduled } from '../../events/meeting-rescheduled';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { awsPorts } from '../shared/ports';

export const createHandler = (ports: () => RescheduleNoticePorts & { receipts: Receipts }) =>
  consumerFunction(
    'notify-meeting-rescheduled',
    MeetingRescheduled,
    () => ports().receipts,
    (event) => notifyMeetingRescheduled(ports(), event.detail),
  );

export const handler = createHandler(awsPorts);
