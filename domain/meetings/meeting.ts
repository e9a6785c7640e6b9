import { ErrorCode, type Issue, RuleViolationError, ValidationError } from '../errors';
import { addDays, formatStockholmIso, stockholmDate, stockholmInstant } from '../shared/stockholm-time';
import { fitsOn } from './seat-decision';

export type MeetingKind = 'physical' | 'digital';
export type MeetingStatus = 'scheduled' | 'cancelled';

/** A meeting of a focus group. Times are Europe/Stockholm wall-clock times on each of `days`. */
export interface Meeting {
  readonly id: string;
  readonly title: string;
  readonly focusGroupId: string;
  readonly kind: MeetingKind;
  /** One or two consecutive dates (YYYY-MM-DD), ascending. */
  readonly days: readonly string[];
  /** HH:MM, Europe/Stockholm. */
  readonly startTime: string;
  readonly endTime: string;
  readonly venue?: string;
  readonly onlineUrl?: string;
  /** Seats per day. */
  readonly capacity: number;
  /** ISO 8601 instant (UTC) after which nobody can register. */
  readonly registrationClosesAt: string;
  readonly status: MeetingStatus;
  /**
   * Confirmed seats taken per day, keyed by seat day (see `seatDays`).
   */
  readonly seatsTaken: Readonly<Record<string, number>>;
  /**
   * The days the meeting was first scheduled on, present once it has been moved to other days.
   * Seat counters and registrations keep naming days by these dates ("seat days"), so that moving
   * a meeting rewrites one item and no registration, and seats taken while it moves stay right.
   * Use `seatDays`, `seatDayOf` and `currentDays` instead of reading it.
   */
  readonly scheduledDays?: readonly string[];
  readonly waitlisted: number;
  /** Bumped by every change of time or place; calendar invitations carry it as SEQUENCE. */
  readonly revision?: number;
  /** What the meeting is about, as published (plain text). */
  readonly programme?: string;
  /** Invited speakers (name and affiliation as published; speakers agree to appear). */
  readonly speakers?: readonly string[];
  /** Partner organisations taking part, e.g. Länsstyrelsen, Västra Götalandsregionen. */
  readonly partners?: readonly string[];
}

/** What an admin asks for when scheduling a meeting (already shape-checked at the edge). */
export interface MeetingPlan {
  title: string;
  focusGroupId: string;
  kind: MeetingKind;
  days: string[];
  startTime: string;
  endTime: string;
  venue?: string;
  onlineUrl?: string;
  capacity: number;
  registrationClosesAt?: string;
  programme?: string;
  speakers?: string[];
  partners?: string[];
}

/** Physical meetings may last two days (the network's two-day meetings); digital ones one. */
const MAX_DAYS: Record<MeetingKind, number> = { physical: 2, digital: 1 };

/**
 * Default end of registration: 23:59 Stockholm time the day before the meeting. Physical meetings
 * need a head count for venue and meals, digital ones a link sent in time; a day's notice serves both.
 */
export const defaultRegistrationClose = (firstDay: string): Date =>
  stockholmInstant(addDays(firstDay, -1), '23:59');

/** When the meeting starts (first day, start time, Stockholm). */
export const meetingStart = (meeting: Pick<Meeting, 'days' | 'startTime'>): Date =>
  stockholmInstant(meeting.days[0] as string, meeting.startTime);

/**
 * A meeting is set on days ahead: a first day before today (Stockholm) is refused, and so is a
 * meeting today whose start time has passed; one later today is fine. Checked wherever a
 * meeting's days or start are set (scheduling, moving), with the clock port's `now`.
 * @throws RuleViolationError MEETING_IN_PAST
 */
export const assertStartsAhead = (meeting: Pick<Meeting, 'days' | 'startTime'>, now: Date): void => {
  if (meetingStart(meeting).getTime() > now.getTime()) return;
  const today = stockholmDate(now);
  const firstDay = meeting.days[0] as string;
  throw new RuleViolationError(
    ErrorCode.MEETING_IN_PAST,
    firstDay < today
      ? `The meeting's first day ${firstDay} lies before today (${today}, Stockholm)`
      : `The meeting would start at ${meeting.startTime} today (${today}, Stockholm), which has passed`,
  );
};

/**
 * Turns a plan into a new meeting, or throws a ValidationError listing every broken invariant.
 * @param plan shape-checked input
 * @param id the new meeting's id
 */
export const planMeeting = (plan: MeetingPlan, id: string): Meeting => {
  const issues: Issue[] = [];
  const days = [...new Set(plan.days)].sort();
  if (days.length === 0) issues.push({ path: 'days', message: 'A meeting needs at least one day' });
  if (days.length !== plan.days.length) issues.push({ path: 'days', message: 'Days must be distinct' });
  if (days.length > MAX_DAYS[plan.kind]) {
    issues.push({
      path: 'days',
      message: `A ${plan.kind} meeting lasts at most ${MAX_DAYS[plan.kind]} day(s)`,
    });
  }
  if (days.length === 2 && addDays(days[0] as string, 1) !== days[1]) {
    issues.push({ path: 'days', message: 'The days of a two-day meeting must be consecutive' });
  }
  if (plan.startTime >= plan.endTime)
    issues.push({ path: 'endTime', message: 'endTime must be after startTime' });
  if (plan.kind === 'physical' && !plan.venue)
    issues.push({ path: 'venue', message: 'A physical meeting needs a venue' });
  if (plan.kind === 'digital' && !plan.onlineUrl) {
    issues.push({ path: 'onlineUrl', message: 'A digital meeting needs an online link' });
  }
  if (plan.kind === 'physical' && plan.onlineUrl) {
    issues.push({ path: 'onlineUrl', message: 'A physical meeting has a venue, not an online link' });
  }
  if (plan.kind === 'digital' && plan.venue)
    issues.push({ path: 'venue', message: 'A digital meeting has no venue' });

  const firstDay = days[0];
  let closesAt: Date | undefined;
  if (firstDay) {
    const start = stockholmInstant(firstDay, plan.startTime);
    closesAt = plan.registrationClosesAt
      ? new Date(plan.registrationClosesAt)
      : defaultRegistrationClose(firstDay);
    if (closesAt.getTime() > start.getTime()) {
      issues.push({
        path: 'registrationClosesAt',
        message: 'Registration must close before the meeting starts',
      });
    }
  }
  if (issues.length > 0 || !closesAt) throw new ValidationError(issues);

  return {
    id,
    title: plan.title,
    focusGroupId: plan.focusGroupId,
    kind: plan.kind,
    days,
    startTime: plan.startTime,
    endTime: plan.endTime,
    ...(plan.kind === 'physical' ? { venue: plan.venue } : { onlineUrl: plan.onlineUrl }),
    capacity: plan.capacity,
    registrationClosesAt: closesAt.toISOString(),
    status: 'scheduled',
    seatsTaken: Object.fromEntries(days.map((day) => [day, 0])),
    waitlisted: 0,
    ...(plan.programme ? { programme: plan.programme } : {}),
    ...(plan.speakers?.length ? { speakers: [...plan.speakers] } : {}),
    ...(plan.partners?.length ? { partners: [...plan.partners] } : {}),
  };
};

/** The keys of the meeting's seat counters and of registrations' days, in day order. */
export const seatDays = (meeting: Pick<Meeting, 'days' | 'scheduledDays'>): readonly string[] =>
  meeting.scheduledDays ?? meeting.days;

/** The seat day of one of the meeting's current dates; undefined when it is not one of them. */
export const seatDayOf = (
  meeting: Pick<Meeting, 'days' | 'scheduledDays'>,
  date: string,
): string | undefined => {
  const index = meeting.days.indexOf(date);
  return index < 0 ? undefined : seatDays(meeting)[index];
};

/** The current dates of seat days (e.g. a registration's days), for people to read. */
export const currentDays = (
  meeting: Pick<Meeting, 'days' | 'scheduledDays'>,
  days: readonly string[],
): string[] => {
  const keys = seatDays(meeting);
  return days.map((day) => meeting.days[keys.indexOf(day)] ?? day);
};

/** Whether registration is open at `now`. */
export const isRegistrationOpen = (meeting: Meeting, now: Date): boolean =>
  meeting.status === 'scheduled' && now.getTime() < Date.parse(meeting.registrationClosesAt);

/**
 * Seats free for someone who comes every day: the smallest free count among the days. A two-day
 * meeting can show 0 while its other day still has seats for those who choose only that day.
 */
export const seatsLeft = (meeting: Meeting): number =>
  Math.max(0, Math.min(...seatDays(meeting).map((day) => meeting.capacity - (meeting.seatsTaken[day] ?? 0))));

/** Whether every one of `days` (seat days) still has a free seat. */
export const hasSeatsOn = (meeting: Meeting, days: readonly string[]): boolean => fitsOn(meeting, days);

/** The public view of a meeting, as the API contract describes it. */
export interface MeetingView {
  id: string;
  title: string;
  focusGroup: { id: string; name: string };
  kind: MeetingKind;
  days: string[];
  startTime: string;
  endTime: string;
  venue?: string;
  onlineUrl?: string;
  capacity: number;
  seatsLeft: number;
  registrationOpen: boolean;
  /** ISO 8601 with the Stockholm offset. */
  registrationClosesAt: string;
  programme?: string;
  speakers?: string[];
  partners?: string[];
}

export const meetingView = (meeting: Meeting, focusGroupName: string, now: Date): MeetingView => ({
  id: meeting.id,
  title: meeting.title,
  focusGroup: { id: meeting.focusGroupId, name: focusGroupName },
  kind: meeting.kind,
  days: [...meeting.days],
  startTime: meeting.startTime,
  endTime: meeting.endTime,
  ...(meeting.venue ? { venue: meeting.venue } : {}),
  ...(meeting.onlineUrl ? { onlineUrl: meeting.onlineUrl } : {}),
  capacity: meeting.capacity,
  seatsLeft: seatsLeft(meeting),
  registrationOpen: isRegistrationOpen(meeting, now),
  registrationClosesAt: formatStockholmIso(new Date(meeting.registrationClosesAt)),
  ...(meeting.programme ? { programme: meeting.programme } : {}),
  ...(meeting.speakers?.length ? { speakers: [...meeting.speakers] } : {}),
  ...(meeting.partners?.length ? { partners: [...meeting.partners] } : {}),
});
