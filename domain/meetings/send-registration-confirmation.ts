import { registrationConfirmationMail } from '../mail/templates';
import type { LinkTokens, Mailer, MeetingCalendar, RegistrationBook } from '../ports';

export interface SendConfirmationPorts {
  meetings: MeetingCalendar;
  registrations: RegistrationBook;
  mailer: Mailer;
  linkTokens: LinkTokens;
  /** Base address of the web pages, for the cancellation link. */
  siteUrl: string;
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
 * Sends the registrant their confirmation or waiting-list notice.
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
  await ports.mailer.send(
    registrationConfirmationMail(registration, meeting, detail.status, {
      cancelUrl: link,
      ...(queuePosition ? { queuePosition } : {}),
    }),
  );
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
  await ports.mailer.send(
    registrationConfirmationMail(registration, meeting, 'promoted', {
      cancelUrl: await cancelUrl(ports, meeting.id, registration.id),
    }),
  );
  return 'sent';
};
