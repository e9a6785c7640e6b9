import { meetingEnd } from '../evaluations/evaluate-meeting';
import type { Clock, EventScheduler, MeetingCalendar } from '../ports';
import { addDays, stockholmInstant } from '../shared/stockholm-time';
import { type Meeting, meetingStart } from './meeting';

/** Reminders go out this many days before the first day, at the meeting's start time. */
export const REMINDER_DAYS_BEFORE = [7, 1] as const;
export type ReminderDays = (typeof REMINDER_DAYS_BEFORE)[number];

/**
 * When a reminder goes out: the start time, `daysBefore` calendar days before the first day
 * (Stockholm wall-clock time, so a reminder across a daylight-saving change still comes at the
 * hour the meeting starts).
 */
export const reminderTime = (meeting: Pick<Meeting, 'days' | 'startTime'>, daysBefore: number): Date =>
  stockholmInstant(addDays(meeting.days[0] as string, -daysBefore), meeting.startTime);

/** Timer names: one per meeting and purpose, so setting one again moves it. */
export const timerNames = (meetingId: string) => ({
  reminder: (daysBefore: ReminderDays) => `${meetingId}-reminder-${daysBefore}d`,
  ended: `${meetingId}-ended`,
});

/**
 * Sets (or moves) the end-of-meeting timer. It fires at `fireAt`, normally the end itself; the
 * event carries the end, `endsAt`, by which its consumer tells a timer of an older end (the
 * meeting moved) from the current one.
 */
export const setMeetingEndedTimer = (
  timers: EventScheduler,
  meetingId: string,
  endsAt: Date,
  fireAt: Date = endsAt,
): Promise<void> =>
  timers.schedule(timerNames(meetingId).ended, fireAt, {
    detailType: 'MeetingEnded',
    detail: { meetingId, endsAt: endsAt.toISOString() },
  });

export interface MeetingTimerPorts {
  meetings: MeetingCalendar;
  timers: EventScheduler;
  clock: Clock;
}

/**
 * Brings a meeting's timers in line with the meeting as it is now, whichever event asked: the
 * reminders 7 days and 1 day before and the end of the meeting are set (or moved) while they lie
 * ahead, and removed when they have passed or the meeting is cancelled. Reading the meeting rather
 * than trusting the event makes this safe under redelivery and reordering: a late `MeetingScheduled`
 * cannot move timers back to an old time.
 */
export const syncMeetingTimers = async (
  ports: MeetingTimerPorts,
  meetingId: string,
): Promise<{ set: string[]; removed: string[] }> => {
  const names = timerNames(meetingId);
  const meeting = await ports.meetings.meeting(meetingId);
  const set: string[] = [];
  const removed: string[] = [];
  const now = ports.clock.now().getTime();
  const plan: Array<{ name: string; at?: Date; apply: (at: Date) => Promise<void> }> = [];
  const live = meeting?.status === 'scheduled' ? meeting : undefined;
  for (const daysBefore of REMINDER_DAYS_BEFORE) {
    const name = names.reminder(daysBefore);
    plan.push({
      name,
      ...(live ? { at: reminderTime(live, daysBefore) } : {}),
      apply: (at) =>
        ports.timers.schedule(name, at, {
          detailType: 'ReminderTimeReached',
          detail: { meetingId, daysBefore, startsAt: meetingStart(live as Meeting).toISOString() },
        }),
    });
  }
  plan.push({
    name: names.ended,
    ...(live ? { at: meetingEnd(live) } : {}),
    apply: (at) => setMeetingEndedTimer(ports.timers, meetingId, at),
  });
  for (const timer of plan) {
    if (timer.at && timer.at.getTime() > now) {
      await timer.apply(timer.at);
      set.push(timer.name);
    } else {
      await ports.timers.cancel(timer.name);
      removed.push(timer.name);
    }
  }
  return { set, removed };
};
