import {
  EVALUATION_LINK_DAYS,
  evaluationReminderAt,
  evaluationReminderTimer,
  setEvaluationReminder,
} from '../evaluations/evaluate-meeting';
import type { Clock, EvaluationBook, EventOutbox, MeetingCalendar } from '../ports';
import { addDays, stockholmDate } from '../shared/stockholm-time';
import { type MeetingTimerPorts, syncMeetingTimers } from './meeting-timers';

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
  evaluations: Pick<EvaluationBook, 'invitations'>;
};

/**
 * Sets a meeting's timers again from the stored state, as the use cases that set them would have:
 * 1. The reminders and the end, through {@link syncMeetingTimers} (reads the meeting; removes
 *    what has passed or belongs to a cancelled meeting).
 * 2. For a scheduled meeting, the evaluation reminder of each Stockholm day on which links went
 *    out, three days after the last link of that day, while that lies ahead
 *    (setEvaluationReminder, as inviteToEvaluate sets it).
 * Idempotent: a redelivery sets the same timers to the same times.
 */
export const restoreMeetingTimers = async (
  ports: RestoreMeetingTimersPorts,
  meetingId: string,
): Promise<{ set: string[]; removed: string[] }> => {
  const { set, removed } = await syncMeetingTimers(ports, meetingId);
  const meeting = await ports.meetings.meeting(meetingId);
  if (meeting?.status !== 'scheduled') return { set, removed };
  const lastSentByDay = new Map<string, number>();
  for (const { invitedAt } of await ports.evaluations.invitations(meetingId)) {
    const sentAt = new Date(invitedAt);
    const day = stockholmDate(sentAt);
    lastSentByDay.set(day, Math.max(lastSentByDay.get(day) ?? 0, sentAt.getTime()));
  }
  const now = ports.clock.now().getTime();
  for (const [day, lastSent] of [...lastSentByDay].sort(([a], [b]) => a.localeCompare(b))) {
    if (evaluationReminderAt(new Date(lastSent)).getTime() <= now) continue;
    await setEvaluationReminder(ports.timers, meetingId, day, new Date(lastSent));
    set.push(evaluationReminderTimer(meetingId, day));
  }
  return { set, removed };
};
