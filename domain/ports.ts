import type { PendingEvent } from '../events/catalogue';
import type { FocusGroup } from './meetings/focus-group';
import type { Meeting } from './meetings/meeting';
import type { Registration, RegistrationStatus } from './meetings/registration';
import type { Municipality } from './members/municipality';

/** The time, passed in so that the domain stays deterministic. */
export interface Clock {
  now(): Date;
}

/** New unguessable ids (≥ 122 random bits). */
export interface IdGenerator {
  newId(): string;
}

/** The county's municipalities and their membership periods. */
export interface MemberDirectory {
  municipality(code: string): Promise<Municipality | undefined>;
}

export interface FocusGroupCatalogue {
  focusGroup(id: string): Promise<FocusGroup | undefined>;
  focusGroups(): Promise<FocusGroup[]>;
}

/** Meetings. Each change is stored together with its event (the outbox). */
export interface MeetingCalendar {
  /** Stores a new meeting and its event atomically. */
  schedule(meeting: Meeting, event: PendingEvent): Promise<void>;
  meeting(id: string): Promise<Meeting | undefined>;
  /** Meetings whose last day is on or after `fromDate` (YYYY-MM-DD), soonest first. */
  upcoming(fromDate: string): Promise<Meeting[]>;
}

/**
 * The seats of meetings. `register` is where capacity is enforced: it takes a seat on every
 * chosen day if all have one free, otherwise it queues the registration, and it stores the
 * registration with the event that `eventFor` builds for the resulting status, atomically.
 * Never over capacity, also under concurrent calls.
 * @throws ConflictError `ALREADY_REGISTERED` for a second registration with the same e-mail (any case)
 * @throws RuleViolationError `REGISTRATION_CLOSED` when the meeting stopped taking registrations meanwhile
 */
export interface RegistrationBook {
  register(
    registration: Registration,
    eventFor: (status: RegistrationStatus) => PendingEvent,
  ): Promise<RegistrationStatus>;
  registration(
    meetingId: string,
    registrationId: string,
  ): Promise<(Registration & { status: RegistrationStatus }) | undefined>;
}

/** An e-mail ready to send: one recipient, plain text and HTML. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}
