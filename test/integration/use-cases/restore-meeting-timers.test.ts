import { describe, expect, it } from '@jest/globals';
import type { Meeting } from '../../../domain/meetings/meeting';
import {
  MISSED_END_DELAY_MS,
  requestTimerRestore,
  restoreMeetingTimers,
  TIMER_RESTORE_LOOKBACK_DAYS,
} from '../../../domain/meetings/restore-meeting-timers';
import type { EventScheduler } from '../../../domain/ports';
import type { PendingEvent } from '../../../events/catalogue';
import { DynamoDbAttendanceLog } from '../../../functions/adapters/dynamodb-attendance-log';
import { DynamoDbEvaluationBook } from '../../../functions/adapters/dynamodb-evaluation-book';
import { DynamoDbEventOutbox } from '../../../functions/adapters/dynamodb-event-outbox';
import { DynamoDbMeetingCalendar } from '../../../functions/adapters/dynamodb-meeting-calendar';
import { aMeeting, fixedClock, sequentialIds } from '../../fixtures/builders';
import { freshTable, storedEventDetails } from '../../fixtures/dynamodb';

/**
 * Records timers instead of setting them. Fine in a unit test: the real adapter is tested against
 * the local scheduler in test/unit/functions/adapters/eventbridge-scheduler.test.ts, and the
 * restore end to end in test/integration/restore-timers.test.ts.
 */
class RecordingScheduler implements EventScheduler {
  readonly timers = new Map<string, { at: string; event: PendingEvent }>();

  async schedule(name: string, at: Date, event: PendingEvent): Promise<void> {
    this.timers.set(name, { at: at.toISOString(), event: structuredClone(event) });
  }

  async cancel(name: string): Promise<void> {
    this.timers.delete(name);
  }
}

/** Meetings, attendance and evaluation marks in a fresh table, with the clock at `now`. */
const world = async (now: string) => {
  const { client, tableName } = await freshTable('restore-timers');
  const clock = fixedClock(now);
  const ids = sequentialIds('event');
  const meetings = new DynamoDbMeetingCalendar(client, tableName, clock, ids);
  const timers = new RecordingScheduler();
  return {
    clock,
    timers,
    meetings,
    attendance: new DynamoDbAttendanceLog(client, tableName, clock, ids),
    evaluations: new DynamoDbEvaluationBook(client, tableName, clock, ids),
    outbox: new DynamoDbEventOutbox(client, tableName, clock, ids),
    schedule: (meeting: Meeting) =>
      meetings.schedule(meeting, {
        detailType: 'MeetingScheduled',
        detail: {
          meetingId: meeting.id,
          focusGroupId: meeting.focusGroupId,
          kind: meeting.kind,
          days: [...meeting.days],
          capacity: meeting.capacity,
        },
      }),
    restoreRequests: async () =>
      (await storedEventDetails(client, tableName, 'MeetingTimersRestoreRequested', now.slice(0, 4))).map(
        (detail) => detail.meetingId,
      ),
  };
};

/** Logs `registrationId` present on `day`, with the clock at `at`. */
const logPresent = async (
  w: Awaited<ReturnType<typeof world>>,
  at: string,
  day: string,
  registrationId: string,
) => {
  w.clock.set(at);
  await w.attendance.log('meeting-1', day, {
    registrationId,
    walkIn: false,
    municipalityCode: '1490',
    role: 'municipal-ecologist',
    participantKey: registrationId.padEnd(22, 'x'),
  });
};

const cancel = (meeting: Meeting) => ({
  detailType: 'MeetingCancelled' as const,
  detail: { meetingId: meeting.id, revision: (meeting.revision ?? 0) + 1 },
});

describe('requestTimerRestore', () => {
  it(`asks once for every scheduled meeting ahead or ended at most ${TIMER_RESTORE_LOOKBACK_DAYS} days ago, in batches past 100`, async () => {
    // Arrange: today is 2027-03-01 (Stockholm); 130 meetings ahead fill two transactions.
    const w = await world('2027-03-01T10:00:00Z');
    const ahead = Array.from({ length: 130 }, (_, i) =>
      aMeeting({ days: [`2027-04-${String((i % 28) + 1).padStart(2, '0')}`] }, `ahead-${i}`),
    );
    for (const meeting of ahead) await w.schedule(meeting);
    const edge = aMeeting({ days: ['2027-01-30'] }, 'ended-30-days-ago');
    const older = aMeeting({ days: ['2027-01-29'] }, 'ended-31-days-ago');
    const cancelled = aMeeting({ days: ['2027-03-20'] }, 'cancelled');
    for (const meeting of [edge, older, cancelled]) await w.schedule(meeting);
    await w.meetings.cancel(cancelled, cancel(cancelled));

    // Act
    const result = await requestTimerRestore(w);

    // Assert
    expect(result).toEqual({ meetings: 131 });
    const requested = await w.restoreRequests();
    expect(requested).toHaveLength(131);
    expect(new Set(requested)).toEqual(new Set([...ahead.map((m) => m.id), edge.id]));
  });

  it('asks for nothing when no meeting can have a timer ahead', async () => {
    // Arrange
    const w = await world('2027-03-01T10:00:00Z');
    await w.schedule(aMeeting({ days: ['2026-12-01'] }, 'long-past'));

    // Act
    const result = await requestTimerRestore(w);

    // Assert
    expect(result).toEqual({ meetings: 0 });
    expect(await w.restoreRequests()).toEqual([]);
  });
});

describe('restoreMeetingTimers', () => {
  it('sets the reminders and the end of a meeting ahead, as they were set when it was scheduled', async () => {
    // Arrange: 2027-03-11 and -12, 09:30–16:00 Stockholm (CET: 08:30Z–15:00Z)
    const w = await world('2027-03-01T10:00:00Z');
    const meeting = aMeeting({ days: ['2027-03-11', '2027-03-12'] });
    await w.schedule(meeting);

    // Act
    const result = await restoreMeetingTimers(w, meeting.id);

    // Assert
    expect(result.set).toEqual(['meeting-1-reminder-7d', 'meeting-1-reminder-1d', 'meeting-1-ended']);
    expect(Object.fromEntries([...w.timers.timers].map(([name, timer]) => [name, timer.at]))).toEqual({
      'meeting-1-reminder-7d': '2027-03-04T08:30:00.000Z',
      'meeting-1-reminder-1d': '2027-03-10T08:30:00.000Z',
      'meeting-1-ended': '2027-03-12T15:00:00.000Z',
    });
  });

  it('sets each day’s evaluation reminder three days after that day’s last link, while it lies ahead', async () => {
    // Arrange: the meeting ended on 2027-03-12 at 15:00Z; links went out on three days.
    const w = await world('2027-03-12T16:00:00Z');
    const meeting = aMeeting({ days: ['2027-03-11', '2027-03-12'] });
    await w.schedule(meeting);
    const invite = async (at: string, registrationId: string) => {
      w.clock.set(at);
      await w.evaluations.markInvited(meeting.id, registrationId);
    };
    await invite('2027-03-12T16:00:00Z', 'r1'); // 12 March: reminder on the 15th, passed by then
    await invite('2027-03-16T09:00:00Z', 'r2'); // 16 March, two links: the later one counts
    await invite('2027-03-16T14:30:00Z', 'r3');
    await invite('2027-03-17T22:30:00Z', 'r4'); // 23:30 in Stockholm: still the 17th
    w.clock.set('2027-03-18T12:00:00Z');

    // Act
    const result = await restoreMeetingTimers(w, meeting.id);

    // Assert: the reminders and the end have passed; two evaluation reminders lie ahead.
    expect(result).toEqual({
      set: ['meeting-1-evaluation-20270316', 'meeting-1-evaluation-20270317'],
      removed: ['meeting-1-reminder-7d', 'meeting-1-reminder-1d', 'meeting-1-ended'],
    });
    expect(Object.fromEntries(w.timers.timers)).toEqual({
      'meeting-1-evaluation-20270316': {
        at: '2027-03-19T14:30:00.000Z',
        event: {
          detailType: 'EvaluationReminderTimeReached',
          detail: { meetingId: 'meeting-1', invitedOn: '2027-03-16' },
        },
      },
      'meeting-1-evaluation-20270317': {
        at: '2027-03-20T22:30:00.000Z',
        event: {
          detailType: 'EvaluationReminderTimeReached',
          detail: { meetingId: 'meeting-1', invitedOn: '2027-03-17' },
        },
      },
    });
  });

  it('groups links by the Stockholm day, as the reminder timers are named', async () => {
    // Arrange: 23:30Z on 17 March is 00:30 on the 18th in Stockholm (CET, UTC+1).
    const w = await world('2027-03-17T23:30:00Z');
    const meeting = aMeeting({ days: ['2027-03-11', '2027-03-12'] });
    await w.schedule(meeting);
    await w.evaluations.markInvited(meeting.id, 'r1');

    // Act
    const result = await restoreMeetingTimers(w, meeting.id);

    // Assert
    expect(result.set).toEqual(['meeting-1-evaluation-20270318']);
    expect(w.timers.timers.get('meeting-1-evaluation-20270318')?.at).toBe('2027-03-20T23:30:00.000Z');
  });

  it('sets nothing for a cancelled meeting, and removes what it had', async () => {
    // Arrange
    const w = await world('2027-03-01T10:00:00Z');
    const meeting = aMeeting({ days: ['2027-03-11'] });
    await w.schedule(meeting);
    await restoreMeetingTimers(w, meeting.id);
    await w.evaluations.markInvited(meeting.id, 'r1');
    await w.meetings.cancel(meeting, cancel(meeting));

    // Act
    const result = await restoreMeetingTimers(w, meeting.id);

    // Assert
    expect(result.set).toEqual([]);
    expect(w.timers.timers.size).toBe(0);
  });

  it('sets the same timers to the same times when asked again (a redelivered request)', async () => {
    // Arrange
    const w = await world('2027-03-12T16:00:00Z');
    const meeting = aMeeting({ days: ['2027-03-12'] });
    await w.schedule(meeting);
    await w.evaluations.markInvited(meeting.id, 'r1');
    await restoreMeetingTimers(w, meeting.id);
    const first = structuredClone(Object.fromEntries(w.timers.timers));

    // Act
    await restoreMeetingTimers(w, meeting.id);

    // Assert
    expect(Object.keys(first)).toEqual(['meeting-1-evaluation-20270312']);
    expect(Object.fromEntries(w.timers.timers)).toEqual(first);
  });

  it('sets nothing for a meeting that does not exist', async () => {
    // Arrange
    const w = await world('2027-03-01T10:00:00Z');

    // Act
    const result = await restoreMeetingTimers(w, 'no-such-meeting');

    // Assert
    expect(result.set).toEqual([]);
    expect(w.timers.timers.size).toBe(0);
  });

  describe('a meeting that ended during the hand-over (its end timer fired in neither account)', () => {
    // 2027-03-11 and -12, 09:30–16:00 Stockholm: it ended on 2027-03-12 at 15:00Z.
    const meeting = aMeeting({ days: ['2027-03-11', '2027-03-12'] });
    const ended = {
      at: '2027-03-14T10:01:00.000Z',
      event: {
        detailType: 'MeetingEnded',
        detail: { meetingId: 'meeting-1', endsAt: '2027-03-12T15:00:00.000Z' },
      },
    };

    it('fires its end again a minute from now when someone logged present has no link, with the event the end timer carries', async () => {
      // Arrange: logged present during the meeting; two days later, no link has gone out.
      const w = await world('2027-03-01T10:00:00Z');
      await w.schedule(meeting);
      await logPresent(w, '2027-03-12T10:00:00Z', '2027-03-12', 'r1');
      w.clock.set('2027-03-14T10:00:00Z');

      // Act
      const result = await restoreMeetingTimers(w, meeting.id);

      // Assert
      expect(MISSED_END_DELAY_MS).toBe(60_000);
      expect(result).toEqual({
        set: ['meeting-1-ended'],
        removed: ['meeting-1-reminder-7d', 'meeting-1-reminder-1d'],
      });
      expect(Object.fromEntries(w.timers.timers)).toEqual({ 'meeting-1-ended': ended });
    });

    it('fires its end again when only those logged after the end got their link', async () => {
      // Arrange: r1 present before the end (waits for the end timer); r2 logged after it, mailed at once.
      const w = await world('2027-03-01T10:00:00Z');
      await w.schedule(meeting);
      await logPresent(w, '2027-03-12T10:00:00Z', '2027-03-12', 'r1');
      await logPresent(w, '2027-03-13T09:00:00Z', '2027-03-12', 'r2');
      await w.evaluations.markInvited(meeting.id, 'r2');
      w.clock.set('2027-03-14T10:00:00Z');

      // Act
      const result = await restoreMeetingTimers(w, meeting.id);

      // Assert: r2's evaluation reminder as well.
      expect(result.set).toEqual(['meeting-1-ended', 'meeting-1-evaluation-20270313']);
      expect(w.timers.timers.get('meeting-1-ended')).toEqual(ended);
    });

    it('does not fire its end again once everyone logged present has their link', async () => {
      // Arrange: the end was processed (r1's link went out an hour after the end).
      const w = await world('2027-03-01T10:00:00Z');
      await w.schedule(meeting);
      await logPresent(w, '2027-03-12T10:00:00Z', '2027-03-12', 'r1');
      w.clock.set('2027-03-12T16:00:00Z');
      await w.evaluations.markInvited(meeting.id, 'r1');
      w.clock.set('2027-03-14T10:00:00Z');

      // Act
      const result = await restoreMeetingTimers(w, meeting.id);

      // Assert: only the evaluation reminder, three days after the link.
      expect(result).toEqual({
        set: ['meeting-1-evaluation-20270312'],
        removed: ['meeting-1-reminder-7d', 'meeting-1-reminder-1d', 'meeting-1-ended'],
      });
      expect([...w.timers.timers.keys()]).toEqual(['meeting-1-evaluation-20270312']);
    });

    it('removes the end fired again once its links went out (a later restore sends nothing more)', async () => {
      // Arrange: a first restore fired the end, and its consumer marked r1 invited.
      const w = await world('2027-03-01T10:00:00Z');
      await w.schedule(meeting);
      await logPresent(w, '2027-03-12T10:00:00Z', '2027-03-12', 'r1');
      w.clock.set('2027-03-14T10:00:00Z');
      await restoreMeetingTimers(w, meeting.id);
      w.clock.set('2027-03-14T10:01:00Z');
      await w.evaluations.markInvited(meeting.id, 'r1');

      // Act
      const result = await restoreMeetingTimers(w, meeting.id);

      // Assert
      expect(result.set).toEqual(['meeting-1-evaluation-20270314']);
      expect(w.timers.timers.has('meeting-1-ended')).toBe(false);
    });

    it('does not fire the end of a meeting that ended longer ago than its links work', async () => {
      // Arrange: 31 days after the end, nobody has a link.
      const w = await world('2027-03-01T10:00:00Z');
      await w.schedule(meeting);
      await logPresent(w, '2027-03-12T10:00:00Z', '2027-03-12', 'r1');
      w.clock.set('2027-04-12T15:00:00Z');

      // Act
      const result = await restoreMeetingTimers(w, meeting.id);

      // Assert
      expect(result.set).toEqual([]);
      expect(w.timers.timers.size).toBe(0);
    });

    it.each([
      ['fires 29 days and 23 hours after the end', '2027-04-11T14:00:00Z', true],
      ['not when the links would expire before it fires', '2027-04-11T14:59:30Z', false],
    ])('fires the end again only while a link sent then would work: %s (%s)', async (_when, now, fires) => {
      // Arrange: links work until 30 days after the end, 2027-04-11T15:00Z.
      const w = await world('2027-03-01T10:00:00Z');
      await w.schedule(meeting);
      await logPresent(w, '2027-03-12T10:00:00Z', '2027-03-12', 'r1');
      w.clock.set(now);

      // Act
      await restoreMeetingTimers(w, meeting.id);

      // Assert
      expect(w.timers.timers.has('meeting-1-ended')).toBe(fires);
    });

    it('does not fire the end of a meeting where nobody was logged present', async () => {
      // Arrange
      const w = await world('2027-03-14T10:00:00Z');
      await w.schedule(meeting);

      // Act
      const result = await restoreMeetingTimers(w, meeting.id);

      // Assert
      expect(result.set).toEqual([]);
      expect(w.timers.timers.size).toBe(0);
    });
  });
});
