import { ErrorCode, NotFoundError } from '../errors';
import type {
  AttendanceLog,
  MeetingCalendar,
  PromotionRecord,
  RegistrationBook,
  StoredRegistration,
} from '../ports';
import { currentDays, type Meeting } from './meeting';
import type { Language, Role } from './registration';

/** Where a registration stands, as the secretariat's list shows it. */
export type RegistrantStatus = StoredRegistration['status'];

/** One registrant of a meeting, for the secretariat (personal data: never logged, never in events). */
export interface Registrant {
  registrationId: string;
  name: string;
  email: string;
  municipalityCode: string;
  role: Role;
  /** The chosen days as current dates (a moved meeting's registrations follow it). */
  days: string[];
  dietaryNeeds?: string;
  language: Language;
  status: RegistrantStatus;
  /** 1 for the first in the queue; only for waiting registrations. */
  queuePosition?: number;
  /** ISO 8601 instant the registration was received. */
  registeredAt: string;
  cancelledAt?: string;
  /** Present when the secretariat gave the seat by hand: how, why and when. */
  promotion?: PromotionRecord;
  /** `secretariat` when entered by the secretariat. */
  source?: 'secretariat';
  /** Days (current dates) the registrant was logged present on. */
  attended: string[];
}

export type RegistrantSort = 'registeredAt' | 'name' | 'municipality';

/** What the list is narrowed to and ordered by; every filter is optional. */
export interface RegistrantQuery {
  status?: RegistrantStatus;
  /** A current date of the meeting: registrations that chose it. */
  day?: string;
  municipalityCode?: string;
  role?: Role;
  /** Part of the name, matched without regard to case or diacritics ("ostrom" finds "Öström"). */
  q?: string;
  sort?: RegistrantSort;
}

export interface ListRegistrantsPorts {
  meetings: MeetingCalendar;
  registrations: RegistrationBook;
  attendance: Pick<AttendanceLog, 'attendees'>;
}

/** Lower case without diacritics, for matching names as people type them. */
export const searchKey = (text: string): string =>
  text.normalize('NFD').replace(/\p{M}/gu, '').replace(/ø/gi, 'o').replace(/æ/gi, 'ae').toLowerCase().trim();

const SWEDISH = new Intl.Collator('sv', { sensitivity: 'base' });

const comparators: Record<RegistrantSort, (a: Registrant, b: Registrant) => number> = {
  registeredAt: (a, b) =>
    a.registeredAt.localeCompare(b.registeredAt) || a.registrationId.localeCompare(b.registrationId),
  name: (a, b) => SWEDISH.compare(a.name, b.name) || comparators.registeredAt(a, b),
  municipality: (a, b) => a.municipalityCode.localeCompare(b.municipalityCode) || comparators.name(a, b),
};

/** The registrants of a meeting as rows, with queue positions and attendance, unfiltered. */
export const registrantRows = (
  meeting: Meeting,
  registrations: readonly StoredRegistration[],
  present: ReadonlyArray<{ registrationId: string; day: string }>,
): Registrant[] => {
  const attended = new Map<string, string[]>();
  for (const { registrationId, day } of present) {
    attended.set(registrationId, [...(attended.get(registrationId) ?? []), day]);
  }
  let queue = 0;
  return registrations.map((registration) => ({
    registrationId: registration.id,
    name: registration.name,
    email: registration.email,
    municipalityCode: registration.municipalityCode,
    role: registration.role,
    days: currentDays(meeting, registration.days),
    ...(registration.dietaryNeeds ? { dietaryNeeds: registration.dietaryNeeds } : {}),
    language: registration.language,
    status: registration.status,
    // The book hands waiting registrations over in queue order.
    ...(registration.status === 'waitlisted' ? { queuePosition: ++queue } : {}),
    registeredAt: registration.receivedAt,
    ...(registration.cancelledAt ? { cancelledAt: registration.cancelledAt } : {}),
    ...(registration.source ? { source: registration.source } : {}),
    ...(registration.promotion ? { promotion: { ...registration.promotion } } : {}),
    attended: [...(attended.get(registration.id) ?? [])].sort(),
  }));
};

/** Narrows and orders rows by a query (pure). */
export const selectRegistrants = (rows: readonly Registrant[], query: RegistrantQuery): Registrant[] => {
  const needle = query.q ? searchKey(query.q) : '';
  return rows
    .filter(
      (row) =>
        (!query.status || row.status === query.status) &&
        (!query.day || row.days.includes(query.day)) &&
        (!query.municipalityCode || row.municipalityCode === query.municipalityCode) &&
        (!query.role || row.role === query.role) &&
        (!needle || searchKey(row.name).includes(needle)),
    )
    .sort(comparators[query.sort ?? 'registeredAt']);
};

/**
 * The registrants of a meeting, for the secretariat's list, exports and venue print-out.
 * 1. The meeting must exist (404 MEETING_NOT_FOUND).
 * 2. Read every registration of its partition (queue order kept) and who was logged present.
 * 3. Filter and sort here, so every format (JSON, CSV, XLSX) lists the same rows.
 */
export const listRegistrants = async (
  ports: ListRegistrantsPorts,
  meetingId: string,
  query: RegistrantQuery = {},
): Promise<{ meeting: Meeting; registrations: Registrant[] }> => {
  const meeting = await ports.meetings.meeting(meetingId);
  if (!meeting) throw new NotFoundError(ErrorCode.MEETING_NOT_FOUND, 'No such meeting');
  const [registrations, present] = await Promise.all([
    ports.registrations.allRegistrations(meetingId),
    ports.attendance.attendees(meetingId),
  ]);
  return {
    meeting,
    registrations: selectRegistrants(registrantRows(meeting, registrations, present), query),
  };
};
