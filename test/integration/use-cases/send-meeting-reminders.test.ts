import { describe, expect, it } from '@jest/globals';
import { cancelRegistration } from '../../../domain/meetings/cancel-registration';
import { type Meeting, meetingStart } from '../../../domain/meetings/meeting';
import { registerForMeeting } from '../../../domain/meetings/register-for-meeting';
import { rescheduleMeeting } from '../../../domain/meetings/reschedule-meeting';
import { sendMeetingReminders } from '../../../domain/meetings/send-meeting-reminders';
import type { Mailer, OutgoingMail } from '../../../domain/ports';
import { DynamoDbNoticeLog } from '../../../functions/adapters/dynamodb-notice-log';
import { aMeeting, aRegistrationRequest } from '../../fixtures/builders';
import { freshTable } from '../../fixtures/dynamodb';
import { inMemoryWorld } from '../../unit/domain/meetings/in-memory-world';

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
