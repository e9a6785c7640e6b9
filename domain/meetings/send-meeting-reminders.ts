import type { LinkTokens, Mailer, MeetingCalendar, NoticeLog, RegistrationBook } from '../ports';
import type { MailComposer } from '../rendering-ports';
import { meetingStart } from './meeting';
import { cancelUrl } from './send-registration-confirmation';

export interface ReminderPorts {
  meetings: MeetingCalendar;
  registrations: RegistrationBook;
  mailer: Mailer;
  notices: NoticeLog;
  linkTokens: LinkTokens;
  siteUrl: string;
  composer: Pick<MailComposer, 'meetingReminder'>;
}

/**
 * Sends the reminder `daysBefore` days before a meeting to everyone with a seat.
 * 1. A timer set for another start (the meeting moved since) or for a cancelled meeting does
 *    nothing: the timer of the new time, if any, sends.
 * 2. Only confirmed registrations are reminded: those who cancelled are gone, and a place in the
 *    queue is not a place to come to.
 * 3. Each person gets each reminder once per start time (a notice mark taken before sending and
 *    given back if sending fails), so a timer that fires twice sends nothing the second time.
 */
export const sendMeetingReminders = async (
  ports: ReminderPorts,
  detail: { meetingId: string; daysBefore: number; startsAt: string },
): Promise<{ sent: number; stale?: true }> => {
  const meeting = await ports.meetings.meeting(detail.meetingId);
  if (meeting?.status !== 'scheduled' || meetingStart(meeting).toISOString() !== detail.startsAt) {
    return { sent: 0, stale: true };
  }
  let sent = 0;
  for (const registration of await ports.registrations.activeRegistrations(meeting.id)) {
    if (registration.status !== 'confirmed') continue;
    const key = `meeting-reminder#${meeting.id}#${detail.daysBefore}#${detail.startsAt}#${registration.id}`;
    if (!(await ports.notices.mark(key))) continue;
    try {
      const link = await cancelUrl(ports, meeting.id, registration.id);
      await ports.mailer.send(ports.composer.meetingReminder(registration, meeting, detail.daysBefore, link));
      sent += 1;
    } catch (error) {
      await ports.notices.unmark(key);
      throw error;
    }
  }
  return { sent };
};
