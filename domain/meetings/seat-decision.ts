import type { RegistrationStatus } from './registration';

/**
 * The seat and queue rule of a meeting, stated once. Every book (DynamoDB, in memory) carries out
 * these decisions; none restates the rule. The functions are pure: they decide from the counters
 * they are given, however stale, and a book that writes concurrently guards the decision's
 * premises (see {@link premisesOf}) so that a decision made on counters that changed meanwhile is
 * refused and made again.
 */

/** What the rule needs to know about a meeting: its capacity per day and what is taken. */
export interface SeatCounters {
  /** Seats per day (the same on every day). */
  readonly capacity: number;
  /** Confirmed seats taken per seat day; a missing day counts as none taken. */
  readonly seatsTaken: Readonly<Record<string, number>>;
  /** How many registrations wait in the queue. */
  readonly waitlisted: number;
}

/** Something that wants seats: a request, or a registration waiting in the queue. */
export interface SeatClaim {
  /** The seat days it wants a seat on, every one of them. */
  readonly days: readonly string[];
}

/**
 * Why a decision came out as it did: the facts about the counters it rested on. A book writing
 * concurrently turns these into its write's conditions; if one no longer holds, the decision is
 * made again on fresh counters.
 * - `seat`: nobody waits, and every chosen day has a seat free.
 * - `someone-waits`: the queue is not empty (freed seats go to the queue first).
 * - `day-full`: nobody waits, but `day` has no seat free.
 */
export type Premise =
  | { readonly kind: 'seat'; readonly days: readonly string[] }
  | { readonly kind: 'someone-waits' }
  | { readonly kind: 'day-full'; readonly day: string };

/** The outcome of a registration and the premise it rests on. */
export interface PlaceDecision {
  readonly status: RegistrationStatus;
  readonly premise: Premise;
}

/** Whether each of the days has a seat free. */
export const fitsOn = (counters: SeatCounters, days: readonly string[]): boolean =>
  days.every((day) => (counters.seatsTaken[day] ?? 0) < counters.capacity);

/**
 * Decides where a registration goes: a seat when nobody waits and every chosen day has one free,
 * else the queue. Nobody takes a seat while others wait, even on a day that has seats free: the
 * queue is served first, by {@link nextToPromote}.
 */
export const decidePlace = (counters: SeatCounters, claim: SeatClaim): PlaceDecision => {
  if (counters.waitlisted > 0) return { status: 'waitlisted', premise: { kind: 'someone-waits' } };
  const full = claim.days.find((day) => (counters.seatsTaken[day] ?? 0) >= counters.capacity);
  if (full !== undefined) return { status: 'waitlisted', premise: { kind: 'day-full', day: full } };
  return { status: 'confirmed', premise: { kind: 'seat', days: [...claim.days] } };
};

/** Whether any of the meeting's seat days has a seat free (if none has, nobody can be promoted). */
export const anySeatFree = (counters: SeatCounters, seatDays: readonly string[]): boolean =>
  seatDays.some((day) => (counters.seatsTaken[day] ?? 0) < counters.capacity);

/**
 * Who of the queue gets seats next: the first in queue order whose days all have a seat free. On a
 * two-day meeting someone waiting for a full day does not block someone behind them who needs only
 * the other day. `queue` must be in queue order (the order the book accepted the registrations).
 */
export const nextToPromote = <T extends SeatClaim>(
  counters: SeatCounters,
  queue: readonly T[],
): T | undefined => queue.find((claim) => fitsOn(counters, claim.days));

/** The counters after a registration took the place `status` on `days`. */
export const afterPlace = <C extends SeatCounters>(
  counters: C,
  days: readonly string[],
  status: RegistrationStatus,
): C => {
  if (status === 'waitlisted') return { ...counters, waitlisted: counters.waitlisted + 1 };
  return { ...counters, seatsTaken: shifted(counters.seatsTaken, days, 1) };
};

/** The counters after a registration that held the place `previous` on `days` was cancelled. */
export const afterCancellation = <C extends SeatCounters>(
  counters: C,
  days: readonly string[],
  previous: RegistrationStatus,
): C => {
  if (previous === 'waitlisted') return { ...counters, waitlisted: counters.waitlisted - 1 };
  return { ...counters, seatsTaken: shifted(counters.seatsTaken, days, -1) };
};

/** The counters after a waiting registration on `days` was given its seats. */
export const afterPromotion = <C extends SeatCounters>(counters: C, days: readonly string[]): C => ({
  ...counters,
  seatsTaken: shifted(counters.seatsTaken, days, 1),
  waitlisted: counters.waitlisted - 1,
});

const shifted = (
  seatsTaken: Readonly<Record<string, number>>,
  days: readonly string[],
  by: number,
): Record<string, number> => {
  const next = { ...seatsTaken };
  for (const day of days) next[day] = (next[day] ?? 0) + by;
  return next;
};
