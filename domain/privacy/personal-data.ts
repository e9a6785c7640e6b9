import type { PendingEvent } from '../../events/catalogue';
import type { StoredRegistration, Subscriber } from '../ports';

/**
 * Where a person's data lives, as erasure, export and retention need it. Registrations (walk-ins
 * included) are found through a person index keyed by the keyed pseudonym of the address, never
 * by scanning; subscriptions through their key, a hash of the address, in each focus group.
 */
export interface PersonalDataStore {
  /** Every registration (any status, walk-ins included) made with this address. */
  registrationsOf(person: Person): Promise<StoredRegistration[]>;
  /** The address's subscriptions, pending or active, in every focus group. */
  /** The subscriptions of an address, found by its subscriber key (`Pseudonyms.subscriberKey`). */
  subscriptionsOf(subscriberId: string): Promise<Subscriber[]>;
  /** Days a registration was logged present on. */
  attendanceOf(meetingId: string, registrationId: string): Promise<Array<{ day: string; walkIn: boolean }>>;
  /** Whether an evaluation link was sent (and when) and whether it was answered (never the answer). */
  evaluationOf(meetingId: string, registrationId: string): Promise<{ invitedAt?: string; answered: boolean }>;
  /**
   * Deletes a registration with everything keyed by it (e-mail guard, evaluation marks, person
   * index entry) in one transaction. Attendance items, meeting counters and statistics stay: they
   * hold ids and figures only.
   */
  eraseRegistration(registration: StoredRegistration, personKey: string): Promise<void>;
  /** Deletes a subscription and the marks of meetings announced to it. */
  eraseSubscription(subscriber: Subscriber): Promise<void>;
  /** Deletes what is left of the person index under this key; returns how many entries there were. */
  forgetPerson(personKey: string): Promise<number>;
  /** Registrations of meetings whose last day is before `day` (ISO date), oldest meetings first. */
  registrationsOfMeetingsEndedBefore(
    day: string,
  ): Promise<Array<{ meetingId: string; registrations: StoredRegistration[] }>>;
  /** Stores an event in the outbox (on its own: erasure has no other state change to join). */
  record(event: PendingEvent): Promise<void>;
}

/** A person as erasure and export know them: the address and its keyed pseudonym. */
export interface Person {
  readonly email: string;
  /** HMAC of the lower-cased address (the statistics' participant key). */
  readonly key: string;
}

/** What an erasure removed; figures only, so the answer repeats nothing but what was sent. */
export interface ErasureCounts {
  /** Registrations deleted (confirmed, waiting, cancelled and walk-ins). */
  registrations: number;
  /** Of those, registrations for meetings not yet started that were cancelled first (seat freed). */
  cancelledFirst: number;
  /** Mailing-list subscriptions deleted (pending or active). */
  subscriptions: number;
}

/** The default retention: see docs/privacy.md for the reasoning. */
export const DEFAULT_RETENTION_MONTHS = 24;

/**
 * The first day whose meetings are still kept: `months` calendar months before `today` (an ISO
 * date). Meetings whose last day is before it have had their personal data kept long enough.
 * A day that does not exist in the target month (31 → February) falls back to the month's last day.
 */
export const retentionCutoff = (today: string, months: number): string => {
  if (!Number.isInteger(months) || months < 1)
    throw new RangeError('The retention is a whole number of months ≥ 1');
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const monthIndex = year * 12 + (month - 1) - months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = (monthIndex % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(targetYear, 4)}-${pad(targetMonth)}-${pad(Math.min(day, lastDay))}`;
};
