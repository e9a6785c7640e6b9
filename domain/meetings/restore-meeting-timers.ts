import {
  EVALUATION_LINK_DAYS,
  evaluationReminderAt,
  evaluationReminderTimer,
  meetingEnd,
  setEvaluationReminder,
} from '../evaluations/evaluate-meeting';
import type { AttendanceLog, Clock, EvaluationBook, EventOutbox, MeetingCalendar } from '../ports';
import { addDays, stockholmDate } from '../shared/stockholm-time';
import type { Meeting } from './meeting';
import {
  type MeetingTimerPorts,
  setMeetingEndedTimer,
  syncMeetingTimers,
  timerNames,
} from './meeting-timers';

/**
 * How far back a restore looks, by a meeting's last day. A meeting's reminders and end lie ahead
 * only until it ends; its evaluation reminders fire three days after links went out, and links
 * work for {@link EVALUATION_LINK_DAYS} days after the end, so a reminder of an older meeting
 * would carry a dead link. Older meetings can have no timer worth restoring.
 */
export const TIMER_RESTORE_LOOKBACK_DAYS = EVALUATION_LINK_DAYS;

export interface RequestTimerRestorePorts {
  meetings: Pick<MeetingCalendar, 'upcoming'>;
  outbox: EventOutbox;
  clock: Clock;
}

/**
 * After a hand-over to another AWS account (timers live in EventBridge Scheduler, not in the
 * table): asks for the timers of every meeting that may still have one ahead to be set again.
 * 1. List the scheduled (not cancelled) meetings whose last day is at most
 *    {@link TIMER_RESTORE_LOOKBACK_DAYS} days ago.
 * 2. Store one `MeetingTimersRestoreRequested` per meeting in the outbox (batched); its consumer
 *    sets what still lies ahead. Asking twice is harmless: setting a timer again moves it to the
 *    same time.
 */
export const requestTimerRestore = async (ports: RequestTimerRestorePorts): Promise<{ meetings: number }> => {
  const from = addDays(stockholmDate(ports.clock.now()), -TIMER_RESTORE_LOOKBACK_DAYS);
  const meetings = (await ports.meetings.upcoming(from)).filter((meeting) => meeting.status === 'scheduled');
  await ports.outbox.publish(
    meetings.map((meeting) => ({
      detailType: 'MeetingTimersRestoreRequested' as const,
      detail: { meetingId: meeting.id },
    })),
  );
  return { meetings: meetings.length };
};

export type RestoreMeetingTimersPorts = MeetingTimerPorts & {
  attendance: Pick<AttendanceLog, 'attendees'>;
  evaluations: Pick<EvaluationBook, 'invitations'>;
};

/** How soon a restore fires the end of a meeting whose end passed unprocessed. */
export const MISSED_END_DELAY_MS = 60_000;

/**
 * Sets a meeting's timers again from the stored state, as the use cases that set them would have:
 * 1. The reminders and the end, through {@link syncMeetingTimers} (reads the meeting; removes
 *    what has passed or belongs to a cancelled meeting).
 * 2. For a scheduled meeting, the evaluation reminder of each Stockholm day on which links went
 *    out, three days after the last link of that day, while that lies ahead
 *    (setEvaluationReminder, as inviteToEvaluate sets it).
 * 3. For a scheduled meeting whose end passed unprocessed (its end timer fired in neither account
 *    during the hand-over), the end timer again, {@link MISSED_END_DELAY_MS} from now, with the
 *    same name and event as step 1 would have set it, while the links it sends would still work
 *    ({@link EVALUATION_LINK_DAYS} days after the end).
 *
 * "Unprocessed" is judged per person, not per meeting: someone is logged present and has no
 * invitation mark. Any mark at all is no proof, since attendance logged after the end mails that
 * person at once — someone logged before the end could still be waiting. Firing the end again is
 * safe because its consumer (inviteAttendeesAtEnd) sends each link at most once, guarded by that
 * same conditional mark, and sets an evaluation reminder only when it sent something. So nobody
 * logged present is missed and nobody is mailed twice. A present person the consumer skips for
 * good (registration cancelled or erased) gets no mark, so each restore fires the end once more
 * to no effect; restores are rare, and that is cheaper than reading every registration here.
 *
 * Idempotent: a redelivery sets the same timers to the same times, or moves a pending end timer
 * by the minutes between the two deliveries; once the end has fired, everyone has a mark and it
 * is not set again.
 */
export const restoreMeetingTimers = async (
  ports: RestoreMeetingTimersPorts,
  meetingId: string,
): Promise<{ set: string[]; removed: string[] }> => {
  const synced = await syncMeetingTimers(ports, meetingId);
  const set = [...synced.set];
  let removed = [...synced.removed];
  const meeting = await ports.meetings.meeting(meetingId);
  if (meeting?.status !== 'scheduled') return { set, removed };
  const now = ports.clock.now().getTime();
  const invitations = await ports.evaluations.invitations(meetingId);
  if (await endWentUnprocessed(ports, meeting, invitations, now)) {
    const name = timerNames(meetingId).ended;
    await setMeetingEndedTimer(
      ports.timers,
      meetingId,
      meetingEnd(meeting),
      new Date(now + MISSED_END_DELAY_MS),
    );
    set.push(name);
    removed = removed.filter((removedName) => removedName !== name);
  }
  const lastSentByDay = new Map<string, number>();
  for (const { invitedAt } of invitations) {
    const sentAt = new Date(invitedAt);
    const day = stockholmDate(sentAt);
    lastSentByDay.set(day, Math.max(lastSentByDay.get(day) ?? 0, sentAt.getTime()));
  }
  for (const [day, lastSent] of [...lastSentByDay].sort(([a], [b]) => a.localeCompare(b))) {
    if (evaluationReminderAt(new Date(lastSent)).getTime() <= now) continue;
    await setEvaluationReminder(ports.timers, meetingId, day, new Date(lastSent));
    set.push(evaluationReminderTimer(meetingId, day));
  }
  return { set, removed };
};

/**
 * At `now`, the end has passed, a link sent when the end timer fires again would still work, and
 * someone logged present has no invitation mark.
 */
const endWentUnprocessed = async (
  ports: RestoreMeetingTimersPorts,
  meeting: Meeting,
  invitations: ReadonlyArray<{ registrationId: string }>,
  now: number,
): Promise<boolean> => {
  const end = meetingEnd(meeting).getTime();
  if (end > now) return false; // still ahead: step 1 set it
  if (now + MISSED_END_DELAY_MS >= end + EVALUATION_LINK_DAYS * 86_400_000) return false;
  const invited = new Set(invitations.map((invitation) => invitation.registrationId));
  return (await ports.attendance.attendees(meeting.id)).some(
    (present) => !invited.has(present.registrationId),
  );
};
