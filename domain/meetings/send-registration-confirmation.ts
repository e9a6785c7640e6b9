import type {
  Attachment,
  AttachmentMailer,
  LinkTokens,
  MeetingCalendar,
  RegistrationBook,
  StoredRegistration,
} from '../ports';
import type { CalendarWriter, MailComposer } from '../rendering-ports';
import { currentDays, type Meeting } from './meeting';

export interface SendConfirmationPorts {
  meetings: MeetingCalendar;
  registrations: RegistrationBook;
  attachmentMailer: AttachmentMailer;
  /** Who the calendar invitation comes from (the network's sender address). */
  organizer: { name: string; email: string };
  linkTokens: LinkTokens;
  /** Base address of the web pages, for the cancellation link. */
  siteUrl: string;
  /** The mails (formats/mail/). */
  composer: MailComposer;
  /** The calendar invitations (formats/calendar/). */
  calendarWriter: CalendarWriter;
}

/** `<site>/cancel?token=…`: the registrant's own, single-purpose cancellation link. */
export const cancelUrl = async (
  ports: Pick<SendConfirmationPorts, 'linkTokens' | 'siteUrl'>,
  meetingId: string,
  registrationId: string,
): Promise<string> => {
  const token = await ports.linkTokens.issue('cancel-registration', { meetingId, registrationId });
  return `${ports.siteUrl.replace(/\/$/, '')}/cancel?token=${encodeURIComponent(token)}`;
};

/**
 * The calendar invitation of a seat: one UID per meeting (so a later update or cancellation
 * replaces it in the calendar), the days the registrant chose, times in Europe/Stockholm.
 */
export const invitationFor = (
  ports: Pick<SendConfirmationPorts, 'organizer' | 'calendarWriter'>,
  meeting: Meeting,
  registration: StoredRegistration,
  /** DTSTAMP: when this version of the invitation was made (default: when the person registered). */
  stamp: string = registration.receivedAt,
): Attachment => ({
  filename: 'invitation.ics',
  contentType: 'text/calendar; charset=utf-8; method=REQUEST',
  content: new TextEncoder().encode(
    ports.calendarWriter.invite({
      method: 'REQUEST',
      uid: ports.calendarWriter.uid(meeting.id, ports.organizer.email.split('@')[1] ?? 'network.invalid'),
      sequence: meeting.revision ?? 0,
      stamp,
      title: meeting.title,
      ...(meeting.venue ? { location: meeting.venue } : {}),
      ...(meeting.onlineUrl ? { location: meeting.onlineUrl, url: meeting.onlineUrl } : {}),
      days: currentDays(meeting, registration.days),
      startTime: meeting.startTime,
      endTime: meeting.endTime,
      organizer: ports.organizer,
      attendee: { email: registration.email, name: registration.name },
    }),
  ),
});

/**
 * Sends the registrant their confirmation (with a calendar invitation) or waiting-list notice.
 * 1. Look the registration and meeting up by id (events carry no personal data).
 * 2. For a waiting registrant, find their place in the queue (arrival order).
 * 3. Compose the mail in their language with their cancellation link, and send it.
 * Returns 'skipped' when the registration is gone or no longer what the event says (erased,
 * cancelled or already promoted before the mail went out): a stale notice would mislead.
 */
export const sendRegistrationConfirmation = async (
  ports: SendConfirmationPorts,
  detail: { meetingId: string; registrationId: string; status: 'confirmed' | 'waitlisted' },
): Promise<'sent' | 'skipped'> => {
  const [registration, meeting] = await Promise.all([
    ports.registrations.registration(detail.meetingId, detail.registrationId),
    ports.meetings.meeting(detail.meetingId),
  ]);
  if (!registration || !meeting || registration.status !== detail.status) return 'skipped';
  let queuePosition: number | undefined;
  if (detail.status === 'waitlisted') {
    const waiting = await ports.registrations.waitingList(detail.meetingId);
    queuePosition = waiting.findIndex((r) => r.id === registration.id) + 1;
  }
  const link = await cancelUrl(ports, meeting.id, registration.id);
  await ports.attachmentMailer.send({
    ...ports.composer.registrationConfirmation(registration, meeting, detail.status, {
      cancelUrl: link,
      ...(queuePosition ? { queuePosition } : {}),
    }),
    // Only a seat goes into the calendar; a place in the queue is not an appointment.
    attachments: detail.status === 'confirmed' ? [invitationFor(ports, meeting, registration)] : [],
  });
  return 'sent';
};

/** Tells a promoted registrant that they have a seat now, with their cancellation link. */
export const sendPromotionNotice = async (
  ports: SendConfirmationPorts,
  detail: { meetingId: string; registrationId: string },
): Promise<'sent' | 'skipped'> => {
  const [registration, meeting] = await Promise.all([
    ports.registrations.registration(detail.meetingId, detail.registrationId),
    ports.meetings.meeting(detail.meetingId),
  ]);
  if (!registration || !meeting || registration.status !== 'confirmed') return 'skipped';
  await ports.attachmentMailer.send({
    ...ports.composer.registrationConfirmation(registration, meeting, 'promoted', {
      cancelUrl: await cancelUrl(ports, meeting.id, registration.id),
    }),
    attachments: [invitationFor(ports, meeting, registration)],
  });
  return 'sent';
};
