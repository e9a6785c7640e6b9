import { type ReminderPorts, sendMeetingReminders } from '../../domain/meetings/send-meeting-reminders';
import { ReminderTimeReached } from '../../events/reminder-time-reached';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { awsPorts } from '../shared/ports';

export const createHandler = (ports: () => ReminderPorts & { receipts: Receipts }) =>
  consumerFunction(
    'send-meeting-reminders',
    ReminderTimeReached,
    () => ports().receipts,
    (event) => sendMeetingReminders(ports(), event.detail),
  );

export const handler = createHandler(awsPorts);
