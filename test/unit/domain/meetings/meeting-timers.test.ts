import { describe, expect, it } from 'vitest';
import { cancelRegistration } from '../../../../domain/meetings/cancel-registration';
import { type Meeting, meetingStart } from '../../../../domain/meetings/meeting';
import { syncMeetingTimers } from '../../../../domain/meetings/meeting-timers';
import { registerForMeeting } from '../../../../domain/meetings/register-for-meeting';
import { rescheduleMeeting } from '../../../../domain/meetings/reschedule-meeting';
import { sendMeetingReminders } from '../../../../domain/meetings/send-meeting-reminders';
import type { EventScheduler, Mailer, OutgoingMail } from '../../../../domain/ports';
import type { PendingEvent } from '../../../../events/catalogue';
import { DynamoDbNoticeLog } from '../../../../functions/adapters/dynamodb-notice-log';
import { aMeeting, aRegistrationRequest } from '../../../fixtures/builders';
import { freshTable } from '../../../fixtures/dynamodb';
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

/** Fails the first `failures` sends, then records. */
class FlakyMailer implements Mailer {
  readonly sent: OutgoingMail[] = [];
  constructor(private failures: number) {}

  async send(mail: OutgoingMail): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('SES throttled');
    }
    this.sent.push(mail);
  }
}

const person = (n: number) =>
  aRegistrationRequest({ name: `Person ${n}`, email: `person${n}@kommun.example` });

/**
 * A one-day meeting on 2027-03-11 09:30 Stockholm with 2 seats: person 1 cancelled, person 2 holds
 * a seat, person 3 waits. Meetings and registrations in memory; the notice log, which has no
 * in-memory twin, on DynamoDB Local.
 */
const reminderWorld = async (mailer: Mailer) => {
  const world = await inMemoryWorld('2027-03-04T08:30:00Z', aMeeting({ days: ['2027-03-11'], capacity: 2 }));
  const { client, tableName } = await freshTable('meeting-reminders');
  const ports = { ...world.ports, mailer, notices: new DynamoDbNoticeLog(client, tableName) };
  const cancelled = await registerForMeeting(ports, 'meeting-1', person(1));
  await registerForMeeting(ports, 'meeting-1', person(2));
  await registerForMeeting(ports, 'meeting-1', person(3));
  const token = await ports.linkTokens.issue('cancel-registration', {
    meetingId: 'meeting-1',
    registrationId: cancelled.registrationId,
  });
  await cancelRegistration(ports, token);
  const startsAt = meetingStart(world.store.meetings.get('meeting-1') as Meeting).toISOString();
  return { ...world, ports, startsAt };
};

describe('sendMeetingReminders', () => {
  it('reminds only those holding a seat, once, however often the timer fires', async () => {
    // Arrange
    const mailer = new FlakyMailer(0);
    const { ports, startsAt } = await reminderWorld(mailer);
    const detail = { meetingId: 'meeting-1', daysBefore: 7, startsAt };

    // Act
    const first = await sendMeetingReminders(ports, detail);
    const again = await sendMeetingReminders(ports, detail);

    // Assert
    expect(startsAt).toBe('2027-03-11T08:30:00.000Z');
    expect([first, again]).toEqual([{ sent: 1 }, { sent: 0 }]);
    expect(mailer.sent.map((mail) => [mail.to, mail.subject])).toEqual([
      ['person2@kommun.example', 'Påminnelse: Nätverksträff om klimatanpassning om en vecka'],
    ]);
    expect(mailer.sent[0]?.text).toMatch(/https:\/\/network\.example\/\S*token=\S+/);
  });

  it('sends the one-day reminder even after the week-ahead one went out', async () => {
    // Arrange
    const mailer = new FlakyMailer(0);
    const { ports, startsAt } = await reminderWorld(mailer);
    await sendMeetingReminders(ports, { meetingId: 'meeting-1', daysBefore: 7, startsAt });

    // Act
    const result = await sendMeetingReminders(ports, { meetingId: 'meeting-1', daysBefore: 1, startsAt });

    // Assert
    expect(result).toEqual({ sent: 1 });
    expect(mailer.sent.map((mail) => mail.subject)).toEqual([
      'Påminnelse: Nätverksträff om klimatanpassning om en vecka',
      'Påminnelse: Nätverksträff om klimatanpassning i morgon',
    ]);
  });

  it('sends nothing for a timer set for a start the meeting no longer has', async () => {
    // Arrange: the meeting moved to 13:00 after the timer was set for 09:30
    const mailer = new FlakyMailer(0);
    const { ports, startsAt } = await reminderWorld(mailer);
    await rescheduleMeeting(ports, 'meeting-1', { startTime: '13:00' });

    // Act
    const stale = await sendMeetingReminders(ports, { meetingId: 'meeting-1', daysBefore: 1, startsAt });
    const current = await sendMeetingReminders(ports, {
      meetingId: 'meeting-1',
      daysBefore: 1,
      startsAt: '2027-03-11T12:00:00.000Z',
    });

    // Assert
    expect(stale).toEqual({ sent: 0, stale: true });
    expect(current).toEqual({ sent: 1 });
    expect(mailer.sent).toHaveLength(1);
  });

  it('sends nothing for a cancelled meeting or one that does not exist', async () => {
    // Arrange
    const mailer = new FlakyMailer(0);
    const { ports, store, startsAt } = await reminderWorld(mailer);
    const meeting = store.meetings.get('meeting-1') as Meeting;
    store.meetings.set('meeting-1', { ...meeting, status: 'cancelled', revision: 1 });

    // Act
    const cancelled = await sendMeetingReminders(ports, { meetingId: 'meeting-1', daysBefore: 1, startsAt });
    const missing = await sendMeetingReminders(ports, { meetingId: 'meeting-404', daysBefore: 1, startsAt });

    // Assert
    expect([cancelled, missing]).toEqual([
      { sent: 0, stale: true },
      { sent: 0, stale: true },
    ]);
    expect(mailer.sent).toEqual([]);
  });

  it('gives the mark back when sending fails, so that the retry sends', async () => {
    // Arrange
    const mailer = new FlakyMailer(1);
    const { ports, startsAt } = await reminderWorld(mailer);
    const detail = { meetingId: 'meeting-1', daysBefore: 1, startsAt };

    // Act
    const failed = sendMeetingReminders(ports, detail);
    await expect(failed).rejects.toThrow('SES throttled');
    const retry = await sendMeetingReminders(ports, detail);

    // Assert
    expect(retry).toEqual({ sent: 1 });
    expect(mailer.sent.map((mail) => mail.to)).toEqual(['person2@kommun.example']);
  });
});
