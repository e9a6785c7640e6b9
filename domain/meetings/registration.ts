import { ErrorCode, RuleViolationError, ValidationError } from '../errors';
import { isRegistrationOpen, type Meeting, seatDayOf } from './meeting';

export const ROLES = [
  'environmental-strategist',
  'sustainability-strategist',
  'municipal-ecologist',
  'fairtrade-coordinator',
  'other',
] as const;
export type Role = (typeof ROLES)[number];
export type Language = 'sv' | 'en';
export type RegistrationStatus = 'confirmed' | 'waitlisted';

/** What an official submits (already shape-checked at the edge). */
export interface RegistrationRequest {
  name: string;
  email: string;
  municipalityCode: string;
  role: Role;
  days?: string[];
  dietaryNeeds?: string;
  language?: Language;
  consent: true;
}

/**
 * A registration. Holds personal data (name, e-mail, dietary needs): it is read by id only,
 * never copied into events or logs, and erasable.
 */
export interface Registration {
  readonly id: string;
  readonly meetingId: string;
  readonly name: string;
  readonly email: string;
  readonly municipalityCode: string;
  readonly role: Role;
  /** Seat days (the meeting's dates as first scheduled; `currentDays` gives today's dates). */
  readonly days: readonly string[];
  readonly dietaryNeeds?: string;
  readonly language: Language;
  /** ISO 8601 instant; orders the waiting list. */
  readonly receivedAt: string;
  /** When consent to store the data was given (= receivedAt), kept as proof under GDPR art. 7. */
  readonly consentedAt: string;
  /** Present when the secretariat entered the registration (taken by phone or mail). */
  readonly source?: RegistrationSource;
}

/** Who entered a registration on the person's behalf; absent when they used the public form. */
export type RegistrationSource = 'secretariat';

/** Case-insensitive identity of an address, used to refuse a second registration. */
export const emailIdentity = (email: string): string => email.trim().toLowerCase();

/**
 * Checks a request against the meeting and builds the registration.
 * Throws REGISTRATION_CLOSED (422) when the window is shut or the meeting cancelled, and a
 * ValidationError when chosen days are not days of the meeting.
 */
export const prepareRegistration = (
  meeting: Meeting,
  request: RegistrationRequest,
  context: { id: string; now: Date; source?: RegistrationSource },
): Registration => {
  if (!isRegistrationOpen(meeting, context.now)) {
    throw new RuleViolationError(ErrorCode.REGISTRATION_CLOSED, 'Registration for this meeting is closed');
  }
  const chosen = request.days ? [...new Set(request.days)].sort() : [...meeting.days];
  const days = chosen.map((day) => seatDayOf(meeting, day));
  if (days.some((day) => day === undefined) || days.length === 0) {
    throw new ValidationError([
      { path: 'days', message: `Choose among the meeting's days: ${meeting.days.join(', ')}` },
    ]);
  }
  const receivedAt = context.now.toISOString();
  return {
    id: context.id,
    meetingId: meeting.id,
    name: request.name.trim(),
    email: request.email.trim(),
    municipalityCode: request.municipalityCode,
    role: request.role,
    days: days as string[],
    // Minimisation: dietary needs matter only where meals are served.
    ...(meeting.kind === 'physical' && request.dietaryNeeds?.trim()
      ? { dietaryNeeds: request.dietaryNeeds.trim() }
      : {}),
    language: request.language ?? 'sv',
    receivedAt,
    consentedAt: receivedAt,
    ...(context.source ? { source: context.source } : {}),
  };
};
