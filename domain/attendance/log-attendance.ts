import { ErrorCode, NotFoundError, RuleViolationError, ValidationError } from '../errors';
import { seatDayOf } from '../meetings/meeting';
import { emailIdentity, type Role } from '../meetings/registration';
import type {
  AttendanceLog,
  Attendee,
  Clock,
  IdGenerator,
  MeetingCalendar,
  Pseudonyms,
  RegistrationBook,
  StoredRegistration,
} from '../ports';
import { stockholmDate } from '../shared/stockholm-time';

export interface WalkIn {
  name: string;
  email: string;
  municipalityCode?: string;
  role: Role;
}

export interface AttendanceInput {
  day: string;
  registrationIds?: readonly string[];
  /** Addresses, optionally with the line of the uploaded file they came from. */
  emails?: ReadonlyArray<{ email: string; line?: number }>;
  walkIns?: readonly WalkIn[];
}

export interface Unmatched {
  value: string;
  reason: 'NOT_REGISTERED' | 'CANCELLED' | 'UNKNOWN_REGISTRATION';
  line?: number;
}

export interface AttendanceResult {
  meetingId: string;
  day: string;
  logged: number;
  alreadyLogged: number;
  unmatched: Unmatched[];
}

export interface LogAttendancePorts {
  meetings: MeetingCalendar;
  registrations: RegistrationBook;
  attendance: AttendanceLog;
  pseudonyms: Pseudonyms;
  clock: Clock;
  ids: IdGenerator;
}

/**
 * Logs who was present on one day of a meeting.
 * 1. The meeting must exist (404), the day be one of its days (400) and have come (422).
 * 2. Registration ids and e-mail addresses are matched to the meeting's registrations; what
 *    matches nothing (or a cancelled registration) comes back as unmatched, nothing guessed.
 * 3. Walk-ins are added as registrations without a seat (or matched, if they had registered).
 * 4. Each person and day is logged once with `AttendanceLogged`: logging again changes nothing.
 */
export const logAttendance = async (
  ports: LogAttendancePorts,
  meetingId: string,
  input: AttendanceInput,
): Promise<AttendanceResult> => {
  const meeting = await ports.meetings.meeting(meetingId);
  if (!meeting) throw new NotFoundError(ErrorCode.MEETING_NOT_FOUND, 'No such meeting');
  if (!meeting.days.includes(input.day)) {
    throw new ValidationError([
      { path: 'day', message: `Choose among the meeting's days: ${meeting.days.join(', ')}` },
    ]);
  }
  const now = ports.clock.now();
  if (stockholmDate(now) < input.day) {
    throw new RuleViolationError(ErrorCode.MEETING_NOT_HELD_YET, `${input.day} has not come yet`);
  }

  const present = new Map<
    string,
    Pick<StoredRegistration, 'id' | 'email' | 'municipalityCode' | 'role' | 'status'>
  >();
  const unmatched: Unmatched[] = [];
  for (const id of new Set(input.registrationIds ?? [])) {
    const registration = await ports.registrations.registration(meetingId, id);
    if (!registration) unmatched.push({ value: id, reason: 'UNKNOWN_REGISTRATION' });
    else if (registration.status === 'cancelled') unmatched.push({ value: id, reason: 'CANCELLED' });
    else present.set(id, registration);
  }
  const seen = new Set<string>();
  for (const { email, line } of input.emails ?? []) {
    const identity = emailIdentity(email);
    if (seen.has(identity)) continue;
    seen.add(identity);
    const registration = await ports.attendance.registrationByEmail(meetingId, identity);
    if (registration) present.set(registration.id, registration);
    else unmatched.push({ value: email, reason: 'NOT_REGISTERED', ...(line !== undefined ? { line } : {}) });
  }
  for (const walkIn of input.walkIns ?? []) {
    const registered = await ports.attendance.registrationByEmail(meetingId, walkIn.email);
    if (registered) {
      present.set(registered.id, registered);
      continue;
    }
    const id = ports.ids.newId();
    const at = now.toISOString();
    await ports.attendance.addWalkIn({
      id,
      meetingId,
      name: walkIn.name.trim(),
      email: walkIn.email.trim(),
      municipalityCode: walkIn.municipalityCode ?? '',
      role: walkIn.role,
      days: [seatDayOf(meeting, input.day) ?? input.day],
      language: 'sv',
      receivedAt: at,
      consentedAt: at,
    });
    present.set(id, {
      id,
      email: walkIn.email.trim(),
      municipalityCode: walkIn.municipalityCode ?? '',
      role: walkIn.role,
      status: 'walk-in',
    });
  }

  let logged = 0;
  for (const person of present.values()) {
    // The event carries categories and a pseudonym for the statistics, never the name or address.
    const attendee: Attendee = {
      registrationId: person.id,
      walkIn: person.status === 'walk-in',
      role: person.role,
      participantKey: await ports.pseudonyms.participantKey(person.email),
      ...(person.municipalityCode ? { municipalityCode: person.municipalityCode } : {}),
    };
    if (await ports.attendance.log(meetingId, input.day, attendee)) logged += 1;
  }
  return { meetingId, day: input.day, logged, alreadyLogged: present.size - logged, unmatched };
};
