import { ErrorCode, NotFoundError, RuleViolationError, ValidationError } from '../errors';
import type { Clock, MeetingCalendar } from '../ports';
import {
  assertStartsAhead,
  defaultRegistrationClose,
  type Meeting,
  type MeetingPlan,
  meetingStart,
  planMeeting,
  seatDays,
} from './meeting';

/** What an admin may change when moving a meeting; absent fields stay as they are. */
export interface MeetingMove {
  days?: string[];
  startTime?: string;
  endTime?: string;
  venue?: string;
  onlineUrl?: string;
  /** Absent: a default close follows the new first day; a close set by hand stays. */
  registrationClosesAt?: string;
}

const planOf = (meeting: Meeting): MeetingPlan => ({
  title: meeting.title,
  focusGroupId: meeting.focusGroupId,
  kind: meeting.kind,
  days: [...meeting.days],
  startTime: meeting.startTime,
  endTime: meeting.endTime,
  ...(meeting.venue ? { venue: meeting.venue } : {}),
  ...(meeting.onlineUrl ? { onlineUrl: meeting.onlineUrl } : {}),
  capacity: meeting.capacity,
});

/**
 * The meeting at its new time and place, with its revision bumped; the meeting itself when the
 * move changes nothing. Pure: checks the same invariants as scheduling, plus
 * - the number of days stays (seats and registrations are per day: a one-day meeting turned into
 *   two would seat people on a day they never chose; cancel and schedule a new one instead),
 * - the new start lies after `now` (a day before today, or a time today that has passed, is
 *   refused as when scheduling).
 * @throws ValidationError listing every broken rule
 * @throws RuleViolationError MEETING_IN_PAST when the invariants hold but the new start has passed
 */
export const moveMeeting = (meeting: Meeting, move: MeetingMove, now: Date): Meeting => {
  const plan: MeetingPlan = {
    ...planOf(meeting),
    ...(move.days ? { days: move.days } : {}),
    ...(move.startTime ? { startTime: move.startTime } : {}),
    ...(move.endTime ? { endTime: move.endTime } : {}),
    ...(move.venue ? { venue: move.venue } : {}),
    ...(move.onlineUrl ? { onlineUrl: move.onlineUrl } : {}),
  };
  // Without a new close: a default close (23:59 the day before) stays the default for the new first
  // day; a close the admin set stays where it was (a registration closed early stays closed early).
  const hadDefaultClose =
    meeting.registrationClosesAt === defaultRegistrationClose(meeting.days[0] as string).toISOString();
  if (move.registrationClosesAt) plan.registrationClosesAt = move.registrationClosesAt;
  else if (!hadDefaultClose) plan.registrationClosesAt = meeting.registrationClosesAt;
  const planned = planMeeting(plan, meeting.id);
  if (planned.days.length !== meeting.days.length) {
    throw new ValidationError([
      {
        path: 'days',
        message: `A moved meeting keeps its ${meeting.days.length} day(s); cancel it and schedule a new one to change that`,
      },
    ]);
  }
  assertStartsAhead(planned, now);
  const unchanged =
    planned.days.join() === meeting.days.join() &&
    planned.startTime === meeting.startTime &&
    planned.endTime === meeting.endTime &&
    planned.venue === meeting.venue &&
    planned.onlineUrl === meeting.onlineUrl &&
    planned.registrationClosesAt === meeting.registrationClosesAt;
  if (unchanged) return meeting;

  const keys = seatDays(meeting);
  const { scheduledDays: _previous, ...rest } = meeting;
  return {
    ...rest,
    days: planned.days,
    startTime: planned.startTime,
    endTime: planned.endTime,
    ...(planned.venue ? { venue: planned.venue } : {}),
    ...(planned.onlineUrl ? { onlineUrl: planned.onlineUrl } : {}),
    registrationClosesAt: planned.registrationClosesAt,
    // Seats and registrations keep their day keys; only the dates those keys stand for move.
    ...(keys.join() === planned.days.join() ? {} : { scheduledDays: [...keys] }),
    revision: (meeting.revision ?? 0) + 1,
  };
};

/**
 * Moves a meeting in time or place (admin).
 * 1. The meeting must exist (404), be scheduled (422 MEETING_CANCELLED) and not have started
 *    (422 MEETING_STARTED).
 * 2. The move must satisfy the meeting invariants (400) and start ahead (422 MEETING_IN_PAST); a move that changes nothing stores
 *    nothing and emits nothing.
 * 3. The meeting and `MeetingRescheduled` are stored together, on condition that nobody changed
 *    the meeting meanwhile (409 MEETING_CHANGED: read it again and retry).
 */
export const rescheduleMeeting = async (
  ports: { meetings: MeetingCalendar; clock: Clock },
  meetingId: string,
  move: MeetingMove,
): Promise<{ meeting: Meeting; changed: boolean }> => {
  const meeting = await ports.meetings.meeting(meetingId);
  if (!meeting) throw new NotFoundError(ErrorCode.MEETING_NOT_FOUND, 'No such meeting');
  if (meeting.status === 'cancelled') {
    throw new RuleViolationError(ErrorCode.MEETING_CANCELLED, 'The meeting is cancelled');
  }
  const now = ports.clock.now();
  if (meetingStart(meeting).getTime() <= now.getTime()) {
    throw new RuleViolationError(
      ErrorCode.MEETING_STARTED,
      'The meeting has started; it can no longer be moved',
    );
  }
  const moved = moveMeeting(meeting, move, now);
  if (moved === meeting) return { meeting, changed: false };
  await ports.meetings.reschedule(moved, meeting.revision ?? 0, {
    detailType: 'MeetingRescheduled',
    detail: {
      meetingId,
      revision: moved.revision ?? 1,
      days: [...moved.days],
      startTime: moved.startTime,
      endTime: moved.endTime,
    },
  });
  return { meeting: moved, changed: true };
};
