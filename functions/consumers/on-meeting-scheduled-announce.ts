import { announceMeeting, type MailingListPorts } from '../../domain/meetings/mailing-list';
import type { Mailer, MeetingCalendar } from '../../domain/ports';
import { MeetingScheduled } from '../../events/meeting-scheduled';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { awsPorts } from '../shared/ports';

export const createHandler = (
  ports: () => MailingListPorts & {
    meetings: MeetingCalendar;
    mailer: Mailer;
    siteUrl: string;
    receipts: Receipts;
  },
) =>
  consumerFunction(
    'announce-meeting',
    MeetingScheduled,
    () => ports().receipts,
    (event) => announceMeeting(ports(), event.detail.meetingId),
  );

export const handler = createHandler(awsPorts);
