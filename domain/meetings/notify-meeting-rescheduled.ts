import type {
  AttachmentMailer,
  Clock,
  LinkTokens,
  MeetingCalendar,
  NoticeLog,
  RegistrationBook,
} from '../ports';
import type { CalendarWriter, MailComposer } from '../rendering-ports';
import { cancelUrl, invitationFor } from './send-registration-confirmation';

export interface RescheduleNoticePorts {
  meetings: MeetingCalendar;
  registrations: RegistrationBook;
  attachmentMailer: AttachmentMailer;
  notices: NoticeLog;
  linkTokens: LinkTokens;
  organizer: { name: string; email: string };
  siteUrl: string;
  clock: Clock;
  composer: Pick<MailComposer, 'meetingRescheduled'>;
  calendarWriter: CalendarWriter;
}

/**
 * Tells everyone registered that the meeting moved, once per person and revision.
 * Seat holders get an updated invitation (METHOD:REQUEST, same UID, SEQUENCE = the new revision)
 * so that their calendar moves the entry; those in the queue get the new time without one.
 * A notice for a revision that is no longer current (moved again, or cancelled) is not sent: the
 * later change sends its own, and two mails with different times would confuse.
 */
export const notifyMeetingRescheduled = async (
  ports: RescheduleNoticePorts,
  detail: { meetingId: string; revision: number },
): Promise<{ sent: number; superseded?: true }> => {
  const meeting = await ports.meetings.meeting(detail.meetingId);
  if (meeting?.status !== 'scheduled' || (meeting.revision ?? 0) !== detail.revision) {
    return { sent: 0, superseded: true };
  }
  let sent = 0;
  const stamp = ports.clock.now().toISOString();
  for (const registration of await ports.registrations.activeRegistrations(meeting.id)) {
    const standing = registration.status === 'confirmed' ? 'confirmed' : 'waitlisted';
    const key = `meeting-rescheduled#${meeting.id}#${detail.revision}#${registration.id}`;
    if (!(await ports.notices.mark(key))) continue;
    try {
      const link = await cancelUrl(ports, meeting.id, registration.id);
      await ports.attachmentMailer.send({
        ...ports.composer.meetingRescheduled(registration, meeting, standing, link),
        attachments: standing === 'confirmed' ? [invitationFor(ports, meeting, registration, stamp)] : [],
      });
      sent += 1;
    } catch (error) {
      await ports.notices.unmark(key);
      throw error;
    }
  }
  return { sent };
};
