import { ConflictError, ErrorCode, NotFoundError, RuleViolationError } from '../errors';
import type { Clock, MeetingCalendar, PromotionRecord, RegistrationBook, StoredRegistration } from '../ports';
import { cancelInBook } from './cancel-registration';
import { currentDays, type Meeting, meetingStart } from './meeting';
import { fitsOn, nextToPromote } from './seat-decision';

/** What the secretariat's registration commands need. */
export interface ManageRegistrationsPorts {
  meetings: MeetingCalendar;
  registrations: RegistrationBook;
  clock: Clock;
}

const meetingOf = async (ports: ManageRegistrationsPorts, meetingId: string): Promise<Meeting> => {
  const meeting = await ports.meetings.meeting(meetingId);
  if (!meeting) throw new NotFoundError(ErrorCode.MEETING_NOT_FOUND, 'No such meeting');
  return meeting;
};

const registrationOf = async (
  ports: ManageRegistrationsPorts,
  meetingId: string,
  registrationId: string,
): Promise<StoredRegistration> => {
  const registration = await ports.registrations.registration(meetingId, registrationId);
  if (!registration) throw new NotFoundError(ErrorCode.REGISTRATION_NOT_FOUND, 'No such registration');
  return registration;
};

const refuseStarted = (ports: ManageRegistrationsPorts, meeting: Meeting, what: string): void => {
  if (ports.clock.now().getTime() >= meetingStart(meeting).getTime()) {
    throw new RuleViolationError(ErrorCode.MEETING_STARTED, `The meeting has started; ${what}`);
  }
};

/**
 * Cancels a registration on the person's behalf (they phoned or wrote).
 * 1. The meeting and the registration must exist (404).
 * 2. After the meeting has started it is too late (422 MEETING_STARTED), as for the person's link.
 * 3. The book frees the seat with `RegistrationCancelled`, the one way every cancellation goes, so
 *    the waiting list is promoted by the same consumer. Cancelling again answers the same.
 */
export const cancelOnBehalf = async (
  ports: ManageRegistrationsPorts,
  meetingId: string,
  registrationId: string,
): Promise<{ registrationId: string; status: 'cancelled' }> => {
  const meeting = await meetingOf(ports, meetingId);
  const registration = await registrationOf(ports, meetingId, registrationId);
  if (registration.status === 'cancelled') return { registrationId, status: 'cancelled' };
  refuseStarted(ports, meeting, 'the registration can no longer be cancelled');
  // A walk-in holds no seat: there is nothing to cancel.
  if ((await cancelInBook(ports.registrations, registration)) === undefined) {
    throw new NotFoundError(ErrorCode.REGISTRATION_NOT_FOUND, 'No such registration');
  }
  return { registrationId, status: 'cancelled' };
};

const refuseUnpromotable = (ports: ManageRegistrationsPorts, meeting: Meeting): void => {
  if (meeting.status !== 'scheduled') {
    throw new RuleViolationError(ErrorCode.MEETING_CANCELLED, 'The meeting is cancelled');
  }
  refuseStarted(ports, meeting, 'nobody can be promoted any more');
};

const promoted = (
  ports: ManageRegistrationsPorts,
  meeting: Meeting,
  registration: StoredRegistration,
  mode: PromotionRecord['mode'],
  reason: string,
) =>
  ports.registrations.promote(
    meeting.id,
    registration.id,
    {
      detailType: 'RegistrationPromoted',
      detail: {
        registrationId: registration.id,
        meetingId: meeting.id,
        days: currentDays(meeting, registration.days),
        municipalityCode: registration.municipalityCode,
        role: registration.role,
      },
    },
    // The reason stays with the registration (erased with it); the event carries ids only.
    { mode, reason: reason.trim(), at: ports.clock.now().toISOString() },
  );

/**
 * Gives this waiting registration a seat now, wherever it stands in the queue (the secretariat's
 * choice), with the reason kept on the registration.
 * 1. Meeting and registration must exist (404); the meeting be scheduled and not started (422).
 * 2. The registration must wait (409 NOT_WAITLISTED).
 * 3. Every one of its days must have a seat free (`fitsOn`, seat-decision.ts: nobody is seated over
 *    capacity, by hand either) (422 NO_SEAT_FREE).
 * 4. The book promotes it with `RegistrationPromoted` (the notice mail follows); a change meanwhile
 *    is answered by the state found then.
 */
export const promoteByChoice = async (
  ports: ManageRegistrationsPorts,
  meetingId: string,
  registrationId: string,
  reason: string,
): Promise<{ registrationId: string; status: 'confirmed' }> => {
  const meeting = await meetingOf(ports, meetingId);
  const registration = await registrationOf(ports, meetingId, registrationId);
  refuseUnpromotable(ports, meeting);
  for (let attempt = 0; attempt < 3; attempt++) {
    const [now, current] =
      attempt === 0
        ? [meeting, registration]
        : [await meetingOf(ports, meetingId), await registrationOf(ports, meetingId, registrationId)];
    if (current.status !== 'waitlisted') {
      throw new ConflictError(ErrorCode.NOT_WAITLISTED, `The registration is ${current.status}, not waiting`);
    }
    if (!fitsOn(now, current.days)) {
      throw new RuleViolationError(ErrorCode.NO_SEAT_FREE, 'A day of this registration has no seat free');
    }
    if (await promoted(ports, now, current, 'by-choice', reason)) {
      return { registrationId, status: 'confirmed' };
    }
  }
  throw new RuleViolationError(ErrorCode.NO_SEAT_FREE, 'The seats were taken meanwhile');
};

/**
 * Gives a seat to the first in the queue who fits (`nextToPromote`, the rule the promotion
 * consumer follows), with the reason kept on the registration.
 * 1. The meeting must exist (404), be scheduled and not started (422).
 * 2. Nobody waiting: 422 NOBODY_WAITING; nobody who fits the free seats: 422 NO_SEAT_FREE.
 * 3. The book promotes with `RegistrationPromoted`; if someone else took the seat meanwhile, read
 *    again and try the next.
 */
export const promoteInOrder = async (
  ports: ManageRegistrationsPorts,
  meetingId: string,
  reason: string,
): Promise<{ registrationId: string; status: 'confirmed' }> => {
  refuseUnpromotable(ports, await meetingOf(ports, meetingId));
  for (let attempt = 0; attempt < 5; attempt++) {
    const meeting = await meetingOf(ports, meetingId);
    const waiting = await ports.registrations.waitingList(meetingId);
    if (waiting.length === 0) {
      throw new RuleViolationError(ErrorCode.NOBODY_WAITING, 'Nobody waits for this meeting');
    }
    const next = nextToPromote(meeting, waiting);
    if (!next) {
      throw new RuleViolationError(ErrorCode.NO_SEAT_FREE, 'No one waiting fits the seats that are free');
    }
    if (await promoted(ports, meeting, next, 'in-order', reason)) {
      return { registrationId: next.id, status: 'confirmed' };
    }
  }
  throw new RuleViolationError(ErrorCode.NO_SEAT_FREE, 'The seats were taken meanwhile');
};
