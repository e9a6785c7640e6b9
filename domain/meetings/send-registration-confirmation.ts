import { registrationConfirmationMail } from '../mail/templates';
import type { Mailer, MeetingCalendar, RegistrationBook } from '../ports';

export interface SendConfirmationPorts {
  meetings: MeetingCalendar;
  registrations: RegistrationBook;
  mailer: Mailer;
}

/**
 * Sends the registrant their confirmation or waiting-list notice.
 * 1. Look the registration and meeting up by id (events carry no personal data).
 * 2. Compose the mail in the registrant's language.
 * 3. Send it.
 * Returns 'skipped' when the registration is gone (erased before the event arrived): nothing to send.
 */
export const sendRegistrationConfirmation = async (
  ports: SendConfirmationPorts,
  detail: { meetingId: string; registrationId: string; status: 'confirmed' | 'waitlisted' },
): Promise<'sent' | 'skipped'> => {
  const [registration, meeting] = await Promise.all([
    ports.registrations.registration(detail.meetingId, detail.registrationId),
    ports.meetings.meeting(detail.meetingId),
  ]);
  if (!registration || !meeting) return 'skipped';
  await ports.mailer.send(registrationConfirmationMail(registration, meeting, detail.status));
  return 'sent';
};
