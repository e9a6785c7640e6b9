import { describe, expect, it } from '@jest/globals';
import type { Meeting } from '../../../../domain/meetings/meeting';
import { syncMeetingTimers } from '../../../../domain/meetings/meeting-timers';
import { rescheduleMeeting } from '../../../../domain/meetings/reschedule-meeting';
import type { EventScheduler } from '../../../../domain/ports';
import type { PendingEvent } from '../../../../events/catalogue';
import { aMeeting } from '../../../fixtures/builders';
import { inMemoryWorld } from './in-memory-world';

/**
 * Records timers instead of setting them. Fine in a unit test: the real adapter is tested against
 * the local scheduler in test/unit/functions/adapters/eventbridge-scheduler.test.ts.
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

const NAMES = ['meeting-1-reminder-7d', 'meeting-1-reminder-1d', 'meeting-1-ended'];

/** meeting-1 in memory, a recording scheduler, the clock at `now`. */
const timerWorld = async (now: string, meeting?: Meeting) => {
  const world = await inMemoryWorld(now, ...(meeting ? [meeting] : []));
  const scheduler = new RecordingScheduler();
  return { ...world, scheduler, ports: { ...world.ports, timers: scheduler } };
};

const reminder = (daysBefore: 7 | 1, at: string, startsAt: string) => ({
  at,
  event: { detailType: 'ReminderTimeReached', detail: { meetingId: 'meeting-1', daysBefore, startsAt } },
});

const ended = (endsAt: string) => ({
  at: endsAt,
  event: { detailType: 'MeetingEnded', detail: { meetingId: 'meeting-1', endsAt } },
});

describe('syncMeetingTimers', () => {
  it('sets both reminders and the end for a two-day meeting ten days ahead', async () => {
    // Arrange: 2027-03-11 and -12, 09:30–16:00 Stockholm (CET: 08:30Z–15:00Z)
    const meeting = aMeeting({ days: ['2027-03-11', '2027-03-12'] });
    const { ports, scheduler } = await timerWorld('2027-03-01T10:00:00Z', meeting);

    // Act
    const result = await syncMeetingTimers(ports, 'meeting-1');

    // Assert
    expect(result).toEqual({ set: NAMES, removed: [] });
    expect(Object.fromEntries(scheduler.timers)).toEqual({
      'meeting-1-reminder-7d': reminder(7, '2027-03-04T08:30:00.000Z', '2027-03-11T08:30:00.000Z'),
      'meeting-1-reminder-1d': reminder(1, '2027-03-10T08:30:00.000Z', '2027-03-11T08:30:00.000Z'),
      'meeting-1-ended': ended('2027-03-12T15:00:00.000Z'),
    });
  });

  it.each([
    [
      'spring (the meeting in summer time, the week-ahead reminder still in winter time)',
      '2027-04-02',
      '2027-03-20T10:00:00Z',
      {
        start: '2027-04-02T07:30:00.000Z',
        week: '2027-03-26T08:30:00.000Z',
        day: '2027-04-01T07:30:00.000Z',
      },
    ],
    [
      'autumn (the meeting in winter time, the week-ahead reminder still in summer time)',
      '2027-11-03',
      '2027-10-20T10:00:00Z',
      {
        start: '2027-11-03T08:30:00.000Z',
        week: '2027-10-27T07:30:00.000Z',
        day: '2027-11-02T08:30:00.000Z',
      },
    ],
  ])(
    'sends reminders at the start time on the Stockholm clock across the change in %s',
    async (_label, day, now, expected) => {
      // Arrange: a one-day meeting at 09:30 Stockholm
      const { ports, scheduler } = await timerWorld(now, aMeeting({ days: [day] }));

      // Act
      await syncMeetingTimers(ports, 'meeting-1');

      // Assert: 09:30 on the wall clock each time, so the UTC instants differ by more or less than 7 × 24 h
      expect(scheduler.timers.get('meeting-1-reminder-7d')).toEqual(
        reminder(7, expected.week, expected.start),
      );
      expect(scheduler.timers.get('meeting-1-reminder-1d')).toEqual(
        reminder(1, expected.day, expected.start),
      );
    },
  );

  it('sets two timers three days ahead and removes the week-ahead reminder set earlier', async () => {
    // Arrange: synced ten days ahead, then the clock moves on to three days ahead
    const meeting = aMeeting({ days: ['2027-03-11'] });
    const { ports, scheduler, clock } = await timerWorld('2027-03-01T10:00:00Z', meeting);
    await syncMeetingTimers(ports, 'meeting-1');
    clock.set('2027-03-08T10:00:00Z');

    // Act
    const result = await syncMeetingTimers(ports, 'meeting-1');

    // Assert
    expect(result).toEqual({
      set: ['meeting-1-reminder-1d', 'meeting-1-ended'],
      removed: ['meeting-1-reminder-7d'],
    });
    expect([...scheduler.timers.keys()].sort()).toEqual(['meeting-1-ended', 'meeting-1-reminder-1d']);
  });

  it('does not set a reminder whose time is exactly now', async () => {
    // Arrange: the clock at the week-ahead reminder's instant
    const { ports, scheduler } = await timerWorld('2027-03-04T08:30:00Z', aMeeting({ days: ['2027-03-11'] }));

    // Act
    const result = await syncMeetingTimers(ports, 'meeting-1');

    // Assert
    expect(result.removed).toEqual(['meeting-1-reminder-7d']);
    expect(scheduler.timers.has('meeting-1-reminder-7d')).toBe(false);
  });

  it('removes all three timers once the meeting is cancelled', async () => {
    // Arrange
    const { ports, scheduler, store } = await timerWorld(
      '2027-03-01T10:00:00Z',
      aMeeting({ days: ['2027-03-11'] }),
    );
    await syncMeetingTimers(ports, 'meeting-1');
    const meeting = store.meetings.get('meeting-1') as Meeting;
    store.meetings.set('meeting-1', { ...meeting, status: 'cancelled', revision: 1 });

    // Act
    const result = await syncMeetingTimers(ports, 'meeting-1');

    // Assert
    expect(result).toEqual({ set: [], removed: NAMES });
    expect(scheduler.timers.size).toBe(0);
  });

  it('removes all three timers of a meeting that does not exist', async () => {
    // Arrange: timers left over from a meeting that is gone
    const { ports, scheduler } = await timerWorld('2027-03-01T10:00:00Z');
    for (const name of [...NAMES, 'meeting-2-ended']) {
      await scheduler.schedule(name, new Date('2027-03-10T15:00:00Z'), {
        detailType: 'MeetingEnded',
        detail: { meetingId: name.slice(0, 9), endsAt: '2027-03-10T15:00:00.000Z' },
      });
    }

    // Act
    const result = await syncMeetingTimers(ports, 'meeting-1');

    // Assert
    expect(result).toEqual({ set: [], removed: NAMES });
    expect([...scheduler.timers.keys()]).toEqual(['meeting-2-ended']);
  });

  it('moves the timers with the meeting, carrying the new start and end', async () => {
    // Arrange
    const { ports, scheduler } = await timerWorld('2027-03-01T10:00:00Z', aMeeting({ days: ['2027-03-11'] }));
    await syncMeetingTimers(ports, 'meeting-1');
    await rescheduleMeeting(ports, 'meeting-1', {
      days: ['2027-03-18'],
      startTime: '13:00',
      endTime: '15:00',
    });

    // Act
    const result = await syncMeetingTimers(ports, 'meeting-1');

    // Assert: 13:00–15:00 Stockholm (CET) on 2027-03-18
    expect(result).toEqual({ set: NAMES, removed: [] });
    expect(Object.fromEntries(scheduler.timers)).toEqual({
      'meeting-1-reminder-7d': reminder(7, '2027-03-11T12:00:00.000Z', '2027-03-18T12:00:00.000Z'),
      'meeting-1-reminder-1d': reminder(1, '2027-03-17T12:00:00.000Z', '2027-03-18T12:00:00.000Z'),
      'meeting-1-ended': ended('2027-03-18T14:00:00.000Z'),
    });
  });

  it('changes nothing when called twice', async () => {
    // Arrange
    const { ports, scheduler } = await timerWorld('2027-03-01T10:00:00Z', aMeeting());
    const first = await syncMeetingTimers(ports, 'meeting-1');
    const timers = structuredClone(Object.fromEntries(scheduler.timers));

    // Act
    const second = await syncMeetingTimers(ports, 'meeting-1');

    // Assert
    expect(second).toEqual(first);
    expect(Object.fromEntries(scheduler.timers)).toEqual(timers);
    expect(scheduler.timers.size).toBe(3);
  });
});
