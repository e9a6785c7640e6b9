import { describe, expect, it } from '@jest/globals';
import { countEvent } from '../../../domain/statistics/count-event';
import type { PendingEvent, StoredEvent } from '../../../events/catalogue';
import { eventDefinition } from '../../../events/catalogue';
import { DynamoDbMeetingCalendar } from '../../../functions/adapters/dynamodb-meeting-calendar';
import { DynamoDbStatisticsBook } from '../../../functions/adapters/dynamodb-statistics-book';
import { aMeeting, fixedClock, sequentialIds } from '../../fixtures/builders';
import { freshTable } from '../../fixtures/dynamodb';

/** countEvent on DynamoDB Local, per event type: what each adds, and that nothing counts twice. */
const world = async () => {
  const { client, tableName } = await freshTable('count');
  const clock = fixedClock('2027-02-01T10:00:00Z');
  const ids = sequentialIds('id');
  const ports = {
    statistics: new DynamoDbStatisticsBook(client, tableName),
    meetings: new DynamoDbMeetingCalendar(client, tableName, clock, ids),
  };
  // A two-day physical meeting (environmental strategy) and a one-day digital one (fair trade)
  const twoDay = aMeeting({ days: ['2027-03-10', '2027-03-11'] }, 'm-two');
  const digital = aMeeting(
    {
      kind: 'digital',
      days: ['2027-04-01'],
      venue: undefined,
      onlineUrl: 'https://meet.example.org/x',
      focusGroupId: 'fair-trade',
    },
    'm-dig',
  );
  for (const meeting of [twoDay, digital]) {
    await ports.meetings.schedule(meeting, {
      detailType: 'MeetingScheduled',
      detail: {
        meetingId: meeting.id,
        focusGroupId: meeting.focusGroupId,
        kind: meeting.kind,
        days: [...meeting.days],
        capacity: meeting.capacity,
      },
    });
  }
  let n = 0;
  const stored = (pending: PendingEvent, id = `evt-${++n}`): StoredEvent => ({
    ...pending,
    id,
    source: eventDefinition(pending.detailType)?.source ?? '',
    version: 1,
    occurredAt: '2027-02-01T10:00:00.000Z',
  });
  const count = (event: StoredEvent) => countEvent(ports, event);
  const figures = async () => {
    const { meetings, year } = await ports.statistics.yearFigures(2027);
    return { byId: Object.fromEntries(meetings.map((m) => [m.meetingId, m])), year };
  };
  return { count, stored, figures };
};

const attendance = (meetingId: string, day: string, person: string, extra: Record<string, unknown> = {}) => ({
  detailType: 'AttendanceLogged' as const,
  detail: {
    meetingId,
    day,
    registrationId: `reg-${person}`,
    walkIn: false,
    municipalityCode: '1480',
    role: 'environmental-strategist' as const,
    participantKey: `${person}`.padEnd(22, 'x'),
    ...extra,
  },
});

describe('countEvent', () => {
  it('stores where a meeting belongs from the calendar, counters arriving before or after', async () => {
    // Arrange
    const { count, stored, figures } = await world();

    // Act: a registration counted before the meeting's facts, then the facts
    await count(
      stored({
        detailType: 'RegistrationReceived',
        detail: {
          registrationId: 'r1',
          meetingId: 'm-two',
          status: 'confirmed',
          days: ['2027-03-10', '2027-03-11'],
          municipalityCode: '1480',
          role: 'environmental-strategist',
        },
      }),
    );
    const before = await figures();
    await count(
      stored({
        detailType: 'MeetingScheduled',
        detail: { meetingId: 'm-two', focusGroupId: 'x', kind: 'digital', days: ['2030-01-01'], capacity: 1 },
      }),
    );
    const after = await figures();

    // Assert: listed once it has facts, and the facts are the calendar's, not the event's
    expect(before.byId['m-two']).toBeUndefined();
    expect(after.byId['m-two']).toMatchObject({
      focusGroupId: 'environmental-strategy',
      kind: 'physical',
      days: ['2027-03-10', '2027-03-11'],
      status: 'scheduled',
      counters: {
        'all#registrations': 1,
        'all#seatsHeld': 1,
        'municipality:1480#registrations': 1,
        'role:environmental-strategist#registrations': 1,
      },
    });
  });

  it('counts registrations, promotions, cancellations and evaluations once per event id', async () => {
    // Arrange
    const { count, stored, figures } = await world();
    await count(
      stored({
        detailType: 'MeetingScheduled',
        detail: {
          meetingId: 'm-dig',
          focusGroupId: 'fair-trade',
          kind: 'digital',
          days: ['2027-04-01'],
          capacity: 1,
        },
      }),
    );
    const categories = { municipalityCode: '1489', role: 'fairtrade-coordinator' as const };
    const events = [
      stored({
        detailType: 'RegistrationReceived',
        detail: {
          registrationId: 'a',
          meetingId: 'm-dig',
          status: 'confirmed',
          days: ['2027-04-01'],
          ...categories,
        },
      }),
      stored({
        detailType: 'RegistrationReceived',
        detail: {
          registrationId: 'b',
          meetingId: 'm-dig',
          status: 'waitlisted',
          days: ['2027-04-01'],
          ...categories,
        },
      }),
      stored({
        detailType: 'RegistrationCancelled',
        detail: { registrationId: 'a', meetingId: 'm-dig', previousStatus: 'confirmed', ...categories },
      }),
      stored({
        detailType: 'RegistrationPromoted',
        detail: { registrationId: 'b', meetingId: 'm-dig', days: ['2027-04-01'], ...categories },
      }),
      stored({
        detailType: 'EvaluationSubmitted',
        detail: { meetingId: 'm-dig', satisfaction: 6, usefulness: 3 },
      }),
    ];

    // Act: every event twice
    const outcomes = [];
    for (const event of [...events, ...events]) outcomes.push(await count(event));

    // Assert
    expect(outcomes).toEqual([...Array(5).fill('counted'), ...Array(5).fill('duplicate')]);
    expect((await figures()).byId['m-dig']?.counters).toEqual({
      'all#registrations': 2,
      'all#cancellations': 1,
      'all#seatsHeld': 1,
      'municipality:1489#registrations': 2,
      'municipality:1489#cancellations': 1,
      'municipality:1489#seatsHeld': 1,
      'role:fairtrade-coordinator#registrations': 2,
      'role:fairtrade-coordinator#cancellations': 1,
      'role:fairtrade-coordinator#seatsHeld': 1,
      'satisfaction:6': 1,
      'usefulness:3': 1,
    });
  });

  it('counts a person at both days of a meeting as one participation and two person-days, and once a year per slice', async () => {
    // Arrange
    const { count, stored, figures } = await world();
    const day1 = stored(attendance('m-two', '2027-03-10', 'anna'));
    const day2 = stored(attendance('m-two', '2027-03-11', 'anna'));
    const again = stored(attendance('m-two', '2027-03-11', 'anna')); // logged again under a new event id
    const digital = stored(attendance('m-dig', '2027-04-01', 'anna'));
    const walkIn = stored(
      attendance('m-two', '2027-03-11', 'bert', { walkIn: true, municipalityCode: undefined, role: 'other' }),
    );

    for (const meetingId of ['m-two', 'm-dig'])
      await count(
        stored({
          detailType: 'MeetingScheduled',
          detail: { meetingId, focusGroupId: 'x', kind: 'physical', days: ['2027-03-10'], capacity: 1 },
        }),
      );

    // Act
    for (const event of [day1, day2, again, day1, digital, walkIn]) await count(event);

    // Assert
    const { byId, year } = await figures();
    expect(byId['m-two']?.counters).toMatchObject({
      'all#participations': 2,
      'all#personDays': 3,
      'all#walkIns': 1,
      'all#attendedRegistered': 1,
      'municipality:1480#participations': 1,
      'municipality:unknown#participations': 1,
      'role:other#walkIns': 1,
    });
    expect(byId['m-dig']?.counters).toMatchObject({ 'all#participations': 1, 'all#personDays': 1 });
    expect(year).toEqual({
      'unique#all': 2,
      'unique#group:environmental-strategy': 2,
      'unique#group:fair-trade': 1,
      'unique#kind:physical': 2,
      'unique#kind:digital': 1,
      'unique#municipality:1480': 1,
      'unique#municipality:unknown': 1,
      'unique#role:environmental-strategist': 1,
      'unique#role:other': 1,
    });
  });

  it('does not count events that say nothing about a meeting’s figures', async () => {
    const { count, stored } = await world();

    expect(
      await count(
        stored({
          detailType: 'PopulationImported',
          detail: { years: [2026], figuresChanged: 3, source: 'x' },
        }),
      ),
    ).toBe('not-counted');
  });
});
