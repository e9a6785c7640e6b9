import { ErrorCode, NotFoundError, RuleViolationError } from '../errors';
import type { Clock, LinkTokens, MeetingCalendar, RegistrationBook, StoredRegistration } from '../ports';
import { type MeetingView, meetingStart, meetingView } from './meeting';

export interface CancelRegistrationPorts {
  registrations: RegistrationBook;
  meetings: MeetingCalendar;
  linkTokens: LinkTokens;
  clock: Clock;
}

const resolve = async (ports: CancelRegistrationPorts, token: string) => {
  const subject = await ports.linkTokens.verify('cancel-registration', token);
  const registration =
    subject && (await ports.registrations.registration(subject.meetingId, subject.registrationId));
  const meeting = subject && (await ports.meetings.meeting(subject.meetingId));
  // One answer for forged, altered, foreign-purpose and erased: nothing to tell an attacker apart.
  if (!subject || !registration || !meeting)
    throw new NotFoundError(ErrorCode.REGISTRATION_NOT_FOUND, 'No such registration');
  return { registration, meeting };
};

/**
 * Frees a registration's seat (or queue place) in the book with `RegistrationCancelled`, the one
 * way every cancellation goes (the person's link, an erasure). Returns the status it had.
 */
export const cancelInBook = (registrations: RegistrationBook, registration: StoredRegistration) =>
  registrations.cancel(registration.meetingId, registration.id, (previousStatus) => ({
    detailType: 'RegistrationCancelled',
    detail: {
      registrationId: registration.id,
      meetingId: registration.meetingId,
      previousStatus,
      municipalityCode: registration.municipalityCode,
      role: registration.role,
    },
  }));

/**
 * Cancels the registration a cancellation link stands for.
 * 1. The token must verify for this purpose and lead to a registration (404 otherwise).
 * 2. After the meeting has started it is too late (422 MEETING_STARTED).
 * 3. The book frees the seat (or the place in the queue) with `RegistrationCancelled`; the
 *    waiting list is promoted by a consumer of that event. Cancelling again answers the same.
 */
export const cancelRegistration = async (
  ports: CancelRegistrationPorts,
  token: string,
): Promise<{ status: 'cancelled' }> => {
  const { registration, meeting } = await resolve(ports, token);
  if (registration.status === 'cancelled') return { status: 'cancelled' };
  if (ports.clock.now().getTime() >= meetingStart(meeting).getTime()) {
    throw new RuleViolationError(
      ErrorCode.MEETING_STARTED,
      'The meeting has started; it can no longer be cancelled',
    );
  }
  const outcome = await cancelInBook(ports.registrations, registration);
  if (outcome === undefined)
    throw new NotFoundError(ErrorCode.REGISTRATION_NOT_FOUND, 'No such registration');
  return { status: 'cancelled' };
};

/** What the cancellation page shows: the meeting and where the registration stands. No personal data. */
export const showRegistration = async (
  ports: CancelRegistrationPorts & { focusGroupName: (id: string) => Promise<string> },
  token: string,
): Promise<{ status: string; meeting: MeetingView }> => {
  const { registration, meeting } = await resolve(ports, token);
  return {
    status: registration.status,
    meeting: meetingView(meeting, await ports.focusGroupName(meeting.focusGroupId), ports.clock.now()),
  };
};
