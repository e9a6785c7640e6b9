import { ErrorCode, NotFoundError } from '../errors';
import type { AttachmentMailer, Clock, MeetingCalendar, NoticeLog, RegistrationBook } from '../ports';
import type { CalendarWriter, MailComposer } from '../rendering-ports';
import { currentDays } from './meeting';

/**
 * Cancels a meeting (admin).
 * 1. The meeting must exist (404) and still be scheduled (422 MEETING_CANCELLED).
 * 2. It is marked cancelled with `MeetingCancelled`; registration closes by the same token.
 */
export const cancelMeeting = async (
  ports: { meetings: MeetingCalendar },
  meetingId: string,
): Promise<{ id: string; status: 'cancelled' }> => {
  const meeting = await ports.meetings.meeting(meetingId);
  if (!meeting) throw new NotFoundError(ErrorCode.MEETING_NOT_FOUND, 'No such meeting');
  await ports.meetings.cancel(meeting, {
    detailType: 'MeetingCancelled',
    detail: { meetingId, revision: (meeting.revision ?? 0) + 1 },
  });
  return { id: meetingId, status: 'cancelled' };
};

/**
 * Tells everyone with a seat or a place in the queue that the meeting is cancelled, once each.
 * Those with a seat also get a calendar CANCEL (same UID, higher SEQUENCE) so the event leaves
 * their calendar.
 */
export const notifyMeetingCancelled = async (
  ports: {
    meetings: MeetingCalendar;
    registrations: RegistrationBook;
    attachmentMailer: AttachmentMailer;
    notices: NoticeLog;
    organizer: { name: string; email: string };
    clock: Clock;
    composer: Pick<MailComposer, 'meetingCancelled'>;
    calendarWriter: CalendarWriter;
  },
  meetingId: string,
): Promise<number> => {
  const meeting = await ports.meetings.meeting(meetingId);
  if (meeting?.status !== 'cancelled') return 0;
  let sent = 0;
  for (const registration of await ports.registrations.activeRegistrations(meetingId)) {
    const key = `meeting-cancelled#${meetingId}#${registration.id}`;
    if (!(await ports.notices.mark(key))) continue;
    try {
      const attachments =
        registration.status === 'confirmed'
          ? [
              {
                filename: 'invitation.ics',
                contentType: 'text/calendar; charset=utf-8; method=CANCEL',
                content: new TextEncoder().encode(
                  ports.calendarWriter.invite({
                    method: 'CANCEL',
                    uid: ports.calendarWriter.uid(
                      meeting.id,
                      ports.organizer.email.split('@')[1] ?? 'network.invalid',
                    ),
                    sequence: meeting.revision ?? 1,
                    stamp: ports.clock.now().toISOString(),
                    title: meeting.title,
                    days: currentDays(meeting, registration.days),
                    startTime: meeting.startTime,
                    endTime: meeting.endTime,
                    organizer: ports.organizer,
                    attendee: { email: registration.email, name: registration.name },
                  }),
                ),
              },
            ]
          : [];
      await ports.attachmentMailer.send({
        ...ports.composer.meetingCancelled(registration, meeting),
        attachments,
      });
      sent += 1;
    } catch (error) {
      await ports.notices.unmark(key);
      throw error;
    }
  }
  return sent;
};
