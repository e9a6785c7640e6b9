import { describe, expect, it } from '@jest/globals';
import { ConflictError, RuleViolationError } from '../../domain/errors';
import type { Meeting } from '../../domain/meetings/meeting';
import { promoteWaiting } from '../../domain/meetings/promote-waiting';
import type { Registration, RegistrationStatus } from '../../domain/meetings/registration';
import { type MeetingMove, moveMeeting } from '../../domain/meetings/reschedule-meeting';
import type {
  FocusGroupCatalogue,
  MeetingCalendar,
  MemberDirectory,
  RegistrationBook,
} from '../../domain/ports';
import type { PendingEvent } from '../../events/catalogue';
import {
  DynamoDbFocusGroupCatalogue,
  DynamoDbMemberDirectory,
} from '../../functions/adapters/dynamodb-directory';
import { DynamoDbMeetingCalendar } from '../../functions/adapters/dynamodb-meeting-calendar';
import { DynamoDbRegistrationBook } from '../../functions/adapters/dynamodb-registration-book';
import { aMeeting, fixedClock, sequentialIds } from '../fixtures/builders';
import { freshTable, storedEventDetails } from '../fixtures/dynamodb';
import {
  InMemoryFocusGroupCatalogue,
  InMemoryMeetingCalendar,
  InMemoryMemberDirectory,
  InMemoryRegistrationBook,
  InMemoryStore,
} from '../fixtures/in-memory-ports';

/**
 * One contract per port, run against the in-memory adapter and the DynamoDB adapter on DynamoDB
 * Local, so the fake used by unit tests cannot drift from the real thing.
 */
interface Adapters {
  meetings: MeetingCalendar;
  registrations: RegistrationBook;
  members: MemberDirectory & {
    save(m: { code: string; name: string; memberships: { from: string; to?: string }[] }): Promise<void>;
  };
  focusGroups: FocusGroupCatalogue & {
    save(g: { id: string; name: { sv: string; en: string } }): Promise<void>;
  };
  clock: ReturnType<typeof fixedClock>;
  /** The details of the events of one type stored with a change (the outbox), in any order. */
  events(detailType: string): Promise<unknown[]>;
}

const NOW = '2027-02-01T10:00:00Z';

const implementations: Array<[string, () => Promise<Adapters>]> = [
  [
    'in-memory',
    async () => {
      const store = new InMemoryStore();
      const clock = fixedClock(NOW);
      return {
        meetings: new InMemoryMeetingCalendar(store),
        registrations: new InMemoryRegistrationBook(store, clock),
        members: new InMemoryMemberDirectory(),
        focusGroups: new InMemoryFocusGroupCatalogue(),
        clock,
        events: async (detailType) =>
          store.events.filter((event) => event.detailType === detailType).map((event) => event.detail),
      };
    },
  ],
  [
    'DynamoDB',
    async () => {
      const { client, tableName } = await freshTable('contract');
      const clock = fixedClock(NOW);
      const ids = sequentialIds('event');
      return {
        meetings: new DynamoDbMeetingCalendar(client, tableName, clock, ids),
        registrations: new DynamoDbRegistrationBook(client, tableName, clock, ids),
        members: new DynamoDbMemberDirectory(client, tableName),
        focusGroups: new DynamoDbFocusGroupCatalogue(client, tableName),
        clock,
        events: (detailType) => storedEventDetails(client, tableName, detailType, NOW.slice(0, 4)),
      };
    },
  ],
];

const scheduled = (meeting: Meeting): PendingEvent => ({
  detailType: 'MeetingScheduled',
  detail: {
    meetingId: meeting.id,
    focusGroupId: meeting.focusGroupId,
    kind: meeting.kind,
    days: [...meeting.days],
    capacity: meeting.capacity,
  },
});

/** The meeting moved as the use case would move it at NOW, with the event it would store. */
const moved = (meeting: Meeting, move: MeetingMove) => {
  const next = moveMeeting(meeting, move, new Date(NOW));
  const event: PendingEvent = {
    detailType: 'MeetingRescheduled',
    detail: {
      meetingId: next.id,
      revision: next.revision ?? 0,
      days: [...next.days],
      startTime: next.startTime,
      endTime: next.endTime,
    },
  };
  return { meeting: next, event };
};

let serial = 0;
const aRegistration = (meeting: Meeting, overrides: Partial<Registration> = {}): Registration => {
  serial += 1;
  return {
    id: `registration-${serial}`,
    meetingId: meeting.id,
    name: 'Kim Karlsson',
    email: `kim${serial}@kommun.example`,
    municipalityCode: '1480',
    role: 'municipal-ecologist',
    days: [...meeting.days],
    language: 'sv',
    receivedAt: NOW,
    consentedAt: NOW,
    ...overrides,
  };
};

const received =
  (registration: Registration) =>
  (status: RegistrationStatus): PendingEvent => ({
    detailType: 'RegistrationReceived',
    detail: {
      registrationId: registration.id,
      meetingId: registration.meetingId,
      status,
      days: [...registration.days],
      municipalityCode: registration.municipalityCode,
      role: registration.role,
    },
  });

const promotedEvent = (registration: Registration): PendingEvent => ({
  detailType: 'RegistrationPromoted',
  detail: {
    registrationId: registration.id,
    meetingId: registration.meetingId,
    days: [...registration.days],
    municipalityCode: registration.municipalityCode,
    role: registration.role,
  },
});

describe.each(implementations)('repository contract (%s)', (_name, make) => {
  describe('MeetingCalendar', () => {
    it('returns a scheduled meeting as it was stored', async () => {
      // Arrange
      const adapters = await make();
      const meeting = aMeeting({}, 'meeting-stored');
      // Act
      await adapters.meetings.schedule(meeting, scheduled(meeting));
      // Assert
      expect(await adapters.meetings.meeting('meeting-stored')).toEqual(meeting);
      expect(await adapters.meetings.meeting('meeting-missing')).toBeUndefined();
    });

    it('lists meetings whose last day is on or after the given date', async () => {
      const adapters = await make();
      const past = aMeeting({ days: ['2027-01-20'], kind: 'physical' }, 'past');
      const twoDayEndingToday = aMeeting({ days: ['2027-01-31', '2027-02-01'] }, 'ending-today');
      const future = aMeeting({ days: ['2027-03-01'] }, 'future');
      for (const meeting of [past, twoDayEndingToday, future])
        await adapters.meetings.schedule(meeting, scheduled(meeting));

      const upcoming = await adapters.meetings.upcoming('2027-02-01');

      expect(upcoming.map((meeting) => meeting.id).sort()).toEqual(['ending-today', 'future']);
    });
  });

  describe('MeetingCalendar revise', () => {
    it('changes content and capacity, keeps the seats, and refuses fewer seats than taken', async () => {
      // Arrange: one seat taken
      const adapters = await make();
      const meeting = aMeeting({ capacity: 2, days: ['2027-03-10'] }, 'revise');
      await adapters.meetings.schedule(meeting, scheduled(meeting));
      const holder = aRegistration(meeting, { email: 'holder@kommun.example' });
      const other = aRegistration(meeting, { email: 'other@kommun.example' });
      await adapters.registrations.register(holder, received(holder));
      await adapters.registrations.register(other, received(other));
      const revised: PendingEvent = {
        detailType: 'MeetingRevised',
        detail: { meetingId: 'revise', fields: ['title', 'capacity'], capacity: 3 },
      };

      // Act
      await adapters.meetings.revise(
        'revise',
        { title: 'Ny titel', speakers: ['A B, Länsstyrelsen'], capacity: 3 },
        revised,
      );
      const tooFew = adapters.meetings.revise('revise', { capacity: 1 }, revised);

      // Assert
      await expect(tooFew).rejects.toMatchObject({ code: 'CAPACITY_BELOW_SEATS' });
      expect(await adapters.meetings.meeting('revise')).toMatchObject({
        title: 'Ny titel',
        speakers: ['A B, Länsstyrelsen'],
        capacity: 3,
        seatsTaken: { '2027-03-10': 2 },
        days: ['2027-03-10'],
      });
      await expect(adapters.meetings.revise('no-such', { title: 'x' }, revised)).rejects.toMatchObject({
        code: 'MEETING_NOT_FOUND',
      });
    });
  });

  describe('MeetingCalendar reschedule', () => {
    it('stores the new days, times, close, revision and first dates with MeetingRescheduled', async () => {
      // Arrange
      const adapters = await make();
      const meeting = aMeeting({}, 'move');
      await adapters.meetings.schedule(meeting, scheduled(meeting));
      const move = moved(meeting, {
        days: ['2027-03-17', '2027-03-18'],
        startTime: '10:00',
        endTime: '15:00',
        venue: 'Kulturhuset, Borås',
      });

      // Act
      await adapters.meetings.reschedule(move.meeting, 0, move.event);

      // Assert
      const stored = await adapters.meetings.meeting('move');
      expect(stored).toEqual(move.meeting);
      expect(stored).toMatchObject({
        days: ['2027-03-17', '2027-03-18'],
        startTime: '10:00',
        endTime: '15:00',
        venue: 'Kulturhuset, Borås',
        registrationClosesAt: '2027-03-16T22:59:00.000Z',
        revision: 1,
        scheduledDays: ['2027-03-10', '2027-03-11'],
        seatsTaken: { '2027-03-10': 0, '2027-03-11': 0 },
      });
      expect(await adapters.events('MeetingRescheduled')).toEqual([move.event.detail]);
    });

    it('refuses a stale expected revision with MEETING_CHANGED, storing nothing', async () => {
      // Arrange: moved twice (revision 2); late writers still hold revision 0 or 1
      const adapters = await make();
      const meeting = aMeeting({}, 'stale');
      await adapters.meetings.schedule(meeting, scheduled(meeting));
      const first = moved(meeting, { startTime: '13:00' });
      await adapters.meetings.reschedule(first.meeting, 0, first.event);
      const second = moved(first.meeting, { venue: 'Kulturhuset, Borås' });
      await adapters.meetings.reschedule(second.meeting, 1, second.event);

      for (const [read, expectedRevision] of [
        [meeting, 0],
        [first.meeting, 1],
      ] as const) {
        const late = moved(read, { days: ['2027-03-17', '2027-03-18'] });

        // Act
        const attempt = adapters.meetings.reschedule(late.meeting, expectedRevision, late.event);

        // Assert
        await expect(attempt).rejects.toBeInstanceOf(ConflictError);
        await expect(attempt).rejects.toMatchObject({ code: 'MEETING_CHANGED' });
      }
      expect(await adapters.meetings.meeting('stale')).toEqual(second.meeting);
      const events = await adapters.events('MeetingRescheduled');
      expect(events).toHaveLength(2);
      expect(events).toEqual(expect.arrayContaining([first.event.detail, second.event.detail]));
    });

    it('refuses a cancelled meeting with MEETING_CANCELLED, at the revision read before or after the cancel', async () => {
      // Arrange
      const adapters = await make();
      const meeting = aMeeting({}, 'gone');
      await adapters.meetings.schedule(meeting, scheduled(meeting));
      await adapters.meetings.cancel(meeting, {
        detailType: 'MeetingCancelled',
        detail: { meetingId: 'gone', revision: 1 },
      });
      const cancelled = await adapters.meetings.meeting('gone');
      const move = moved(meeting, { days: ['2027-03-17', '2027-03-18'] });

      for (const expectedRevision of [0, 1]) {
        // Act
        const attempt = adapters.meetings.reschedule(move.meeting, expectedRevision, move.event);

        // Assert
        await expect(attempt).rejects.toBeInstanceOf(RuleViolationError);
        await expect(attempt).rejects.toMatchObject({ code: 'MEETING_CANCELLED' });
      }
      expect(await adapters.meetings.meeting('gone')).toEqual(cancelled);
      expect(cancelled).toMatchObject({ status: 'cancelled', days: ['2027-03-10', '2027-03-11'] });
      expect(await adapters.events('MeetingRescheduled')).toEqual([]);
    });

    it('keeps seat counters that changed between reading the meeting and storing the move', async () => {
      // Arrange: the admin reads the meeting; then two people register, one waits
      const adapters = await make();
      const meeting = aMeeting({ capacity: 1 }, 'busy');
      await adapters.meetings.schedule(meeting, scheduled(meeting));
      const read = (await adapters.meetings.meeting('busy')) as Meeting;
      const seated = aRegistration(meeting);
      const waiting = aRegistration(meeting);
      await adapters.registrations.register(seated, received(seated));
      await adapters.registrations.register(waiting, received(waiting));
      const move = moved(read, { days: ['2027-03-17', '2027-03-18'] });

      // Act
      await adapters.meetings.reschedule(move.meeting, 0, move.event);

      // Assert
      expect(await adapters.meetings.meeting('busy')).toMatchObject({
        days: ['2027-03-17', '2027-03-18'],
        revision: 1,
        seatsTaken: { '2027-03-10': 1, '2027-03-11': 1 },
        waitlisted: 1,
      });
    });

    it('lists the meeting in upcoming by its new last day', async () => {
      // Arrange: one meeting moved later, one moved earlier
      const adapters = await make();
      const later = aMeeting({ days: ['2027-02-10'] }, 'later');
      const earlier = aMeeting({ days: ['2027-03-20'] }, 'earlier');
      for (const meeting of [later, earlier]) await adapters.meetings.schedule(meeting, scheduled(meeting));
      const moveLater = moved(later, { days: ['2027-03-05'] });
      const moveEarlier = moved(earlier, { days: ['2027-02-12'] });

      // Act
      await adapters.meetings.reschedule(moveLater.meeting, 0, moveLater.event);
      await adapters.meetings.reschedule(moveEarlier.meeting, 0, moveEarlier.event);

      // Assert
      const ids = async (fromDate: string) =>
        (await adapters.meetings.upcoming(fromDate)).map((meeting) => meeting.id).sort();
      expect(await ids('2027-02-11')).toEqual(['earlier', 'later']);
      expect(await ids('2027-02-13')).toEqual(['later']);
      expect(await ids('2027-03-06')).toEqual([]);
      expect((await adapters.meetings.upcoming('2027-03-05'))[0]?.days).toEqual(['2027-03-05']);
    });

    it('drops the first dates when the meeting is moved back to them', async () => {
      // Arrange
      const adapters = await make();
      const meeting = aMeeting({}, 'back');
      await adapters.meetings.schedule(meeting, scheduled(meeting));
      const away = moved(meeting, { days: ['2027-03-17', '2027-03-18'] });
      await adapters.meetings.reschedule(away.meeting, 0, away.event);
      const back = moved(away.meeting, { days: ['2027-03-10', '2027-03-11'] });

      // Act
      await adapters.meetings.reschedule(back.meeting, 1, back.event);

      // Assert
      const stored = await adapters.meetings.meeting('back');
      expect(stored).toEqual({ ...meeting, revision: 2 });
      expect(stored).not.toHaveProperty('scheduledDays');
      expect(await adapters.events('MeetingRescheduled')).toHaveLength(2);
    });
  });

  describe('RegistrationBook', () => {
    it('confirms until every seat of a day is taken, then waitlists', async () => {
      const adapters = await make();
      const meeting = aMeeting({ capacity: 2, days: ['2027-03-10'] }, 'small');
      await adapters.meetings.schedule(meeting, scheduled(meeting));

      const statuses: RegistrationStatus[] = [];
      for (let i = 0; i < 4; i++) {
        const registration = aRegistration(meeting);
        statuses.push(await adapters.registrations.register(registration, received(registration)));
      }

      expect(statuses).toEqual(['confirmed', 'confirmed', 'waitlisted', 'waitlisted']);
      const after = await adapters.meetings.meeting('small');
      expect(after?.seatsTaken).toEqual({ '2027-03-10': 2 });
      expect(after?.waitlisted).toBe(2);
    });

    it('counts capacity per day for a two-day meeting', async () => {
      const adapters = await make();
      const meeting = aMeeting({ capacity: 1, days: ['2027-03-10', '2027-03-11'] }, 'two-day');
      await adapters.meetings.schedule(meeting, scheduled(meeting));
      const firstDayOnly = aRegistration(meeting, { days: ['2027-03-10'] });
      const bothDays = aRegistration(meeting);
      const secondDayOnly = aRegistration(meeting, { days: ['2027-03-11'] });

      const first = await adapters.registrations.register(firstDayOnly, received(firstDayOnly));
      const both = await adapters.registrations.register(bothDays, received(bothDays));
      const second = await adapters.registrations.register(secondDayOnly, received(secondDayOnly));

      // Once someone waits, a newcomer waits too, even with a free seat on their day (no queue jumping).
      expect([first, both, second]).toEqual(['confirmed', 'waitlisted', 'waitlisted']);
      expect((await adapters.meetings.meeting('two-day'))?.seatsTaken).toEqual({
        '2027-03-10': 1,
        '2027-03-11': 0,
      });
      expect((await adapters.registrations.waitingList('two-day')).map((r) => r.id)).toEqual([
        bothDays.id,
        secondDayOnly.id,
      ]);

      // Promotion seats the first waiting who fits: the day-2 registrant, not the one needing both days.
      const promoted = await adapters.registrations.promote(
        'two-day',
        secondDayOnly.id,
        promotedEvent(secondDayOnly),
      );
      const notFitting = await adapters.registrations.promote(
        'two-day',
        bothDays.id,
        promotedEvent(bothDays),
      );

      expect([promoted, notFitting]).toEqual([true, false]);
      expect(await adapters.meetings.meeting('two-day')).toMatchObject({
        seatsTaken: { '2027-03-10': 1, '2027-03-11': 1 },
        waitlisted: 1,
      });
      expect((await adapters.registrations.registration('two-day', secondDayOnly.id))?.status).toBe(
        'confirmed',
      );
    });

    it('refuses a second registration with the same e-mail in another case', async () => {
      const adapters = await make();
      const meeting = aMeeting({}, 'dup');
      await adapters.meetings.schedule(meeting, scheduled(meeting));
      const first = aRegistration(meeting, { email: 'Kim@Kommun.example' });
      await adapters.registrations.register(first, received(first));
      const again = aRegistration(meeting, { email: 'kim@kommun.EXAMPLE' });

      const attempt = adapters.registrations.register(again, received(again));

      await expect(attempt).rejects.toBeInstanceOf(ConflictError);
      await expect(attempt).rejects.toMatchObject({ code: 'ALREADY_REGISTERED' });
      expect(await adapters.registrations.registration('dup', again.id)).toBeUndefined();
      expect((await adapters.meetings.meeting('dup'))?.seatsTaken).toEqual({
        '2027-03-10': 1,
        '2027-03-11': 1,
      });
    });

    it('refuses registration once the window has closed, storing nothing', async () => {
      const adapters = await make();
      const meeting = aMeeting({ registrationClosesAt: '2027-02-15T12:00:00+01:00' }, 'closing');
      await adapters.meetings.schedule(meeting, scheduled(meeting));
      adapters.clock.set('2027-02-15T11:00:01Z');
      const late = aRegistration(meeting);

      const attempt = adapters.registrations.register(late, received(late));

      await expect(attempt).rejects.toBeInstanceOf(RuleViolationError);
      await expect(attempt).rejects.toMatchObject({ code: 'REGISTRATION_CLOSED' });
      expect(await adapters.registrations.registration('closing', late.id)).toBeUndefined();
    });

    it('leaves the address free when a registration is refused because the window has closed', async () => {
      // Arrange: refused once, just after the close
      const adapters = await make();
      const meeting = aMeeting({ registrationClosesAt: '2027-02-15T12:00:00+01:00' }, 'closed-then-not');
      await adapters.meetings.schedule(meeting, scheduled(meeting));
      adapters.clock.set('2027-02-15T11:00:01Z');
      await expect(
        adapters.registrations.register(
          aRegistration(meeting, { email: 'late@kommun.example' }),
          received(aRegistration(meeting)),
        ),
      ).rejects.toMatchObject({ code: 'REGISTRATION_CLOSED' });
      adapters.clock.set('2027-02-15T10:59:00Z');
      const again = aRegistration(meeting, { email: 'late@kommun.example' });

      // Act: the same address, while the window is open
      const status = await adapters.registrations.register(again, received(again));

      // Assert: nothing of the refused attempt stands in the way or holds a place
      expect(status).toBe('confirmed');
      expect((await adapters.meetings.meeting('closed-then-not'))?.seatsTaken).toEqual({
        '2027-03-10': 1,
        '2027-03-11': 1,
      });
    });

    it('lets one of 10 concurrent registrations with the same address in, and only it holds a seat', async () => {
      // Arrange
      const adapters = await make();
      const meeting = aMeeting({ capacity: 1, days: ['2027-03-10'] }, 'same-address');
      await adapters.meetings.schedule(meeting, scheduled(meeting));
      const attempts = Array.from({ length: 10 }, (_, i) =>
        aRegistration(meeting, { email: i % 2 ? 'Sam@Kommun.example' : 'sam@kommun.example' }),
      );

      // Act
      const outcomes = await Promise.allSettled(
        attempts.map((registration) => adapters.registrations.register(registration, received(registration))),
      );

      // Assert
      const kept = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      expect(kept.map((outcome) => outcome.value)).toEqual(['confirmed']);
      const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect(refused.map((outcome) => (outcome.reason as ConflictError).code)).toEqual(
        Array(9).fill('ALREADY_REGISTERED'),
      );
      const after = await adapters.meetings.meeting('same-address');
      expect(after?.seatsTaken).toEqual({ '2027-03-10': 1 });
      expect(after?.waitlisted).toBe(0);
      expect(await adapters.events('RegistrationReceived')).toHaveLength(1);
    });

    it('seats exactly the capacity under 40 concurrent registrations and queues each of the rest once', async () => {
      // Arrange
      const adapters = await make();
      const meeting = aMeeting({ capacity: 5, days: ['2027-03-10'] }, 'burst');
      await adapters.meetings.schedule(meeting, scheduled(meeting));
      const registrations = Array.from({ length: 40 }, () => aRegistration(meeting));

      // Act
      const statuses = await Promise.all(
        registrations.map((registration) =>
          adapters.registrations.register(registration, received(registration)),
        ),
      );

      // Assert: the answers, the counters, the queue and the events all tell the same story
      expect(statuses.filter((status) => status === 'confirmed')).toHaveLength(5);
      const waitingIds = registrations.filter((_, i) => statuses[i] === 'waitlisted').map((r) => r.id);
      expect(waitingIds).toHaveLength(35);
      const queue = (await adapters.registrations.waitingList('burst')).map((r) => r.id);
      expect(new Set(queue).size).toBe(35);
      expect([...queue].sort()).toEqual([...waitingIds].sort());
      const after = await adapters.meetings.meeting('burst');
      expect(after?.seatsTaken).toEqual({ '2027-03-10': 5 });
      expect(after?.waitlisted).toBe(35);
      const events = (await adapters.events('RegistrationReceived')) as Array<{
        registrationId: string;
        status: string;
      }>;
      expect(events.map((event) => `${event.registrationId} ${event.status}`).sort()).toEqual(
        registrations.map((r, i) => `${r.id} ${statuses[i]}`).sort(),
      );
    });

    it('reads a registration back with its status, and only under its own meeting', async () => {
      const adapters = await make();
      const meeting = aMeeting({}, 'read-back');
      await adapters.meetings.schedule(meeting, scheduled(meeting));
      const registration = aRegistration(meeting, { dietaryNeeds: 'vegan' });

      await adapters.registrations.register(registration, received(registration));

      expect(await adapters.registrations.registration('read-back', registration.id)).toEqual({
        ...registration,
        status: 'confirmed',
      });
      expect(await adapters.registrations.registration('other-meeting', registration.id)).toBeUndefined();
    });
  });

  describe('RegistrationBook cancellation', () => {
    it('frees the seat, lets the address register again, and cancelling twice changes nothing', async () => {
      const adapters = await make();
      const meeting = aMeeting({ capacity: 1, days: ['2027-03-10'] }, 'cancel');
      await adapters.meetings.schedule(meeting, scheduled(meeting));
      const holder = aRegistration(meeting, { email: 'holder@kommun.example' });
      await adapters.registrations.register(holder, received(holder));
      const waiting = aRegistration(meeting);
      await adapters.registrations.register(waiting, received(waiting));
      const cancelled = (previous: 'confirmed' | 'waitlisted'): PendingEvent => ({
        detailType: 'RegistrationCancelled',
        detail: {
          registrationId: holder.id,
          meetingId: 'cancel',
          previousStatus: previous,
          municipalityCode: holder.municipalityCode,
          role: holder.role,
        },
      });

      const first = await adapters.registrations.cancel('cancel', holder.id, cancelled);
      const second = await adapters.registrations.cancel('cancel', holder.id, cancelled);
      const unknown = await adapters.registrations.cancel('cancel', 'no-such-registration', cancelled);

      expect([first, second, unknown]).toEqual(['confirmed', 'cancelled', undefined]);
      expect(await adapters.meetings.meeting('cancel')).toMatchObject({
        seatsTaken: { '2027-03-10': 0 },
        waitlisted: 1,
      });
      expect((await adapters.registrations.registration('cancel', holder.id))?.status).toBe('cancelled');
      const again = aRegistration(meeting, { email: 'HOLDER@kommun.example' });
      // Someone still waits, so the returning address queues behind them.
      expect(await adapters.registrations.register(again, received(again))).toBe('waitlisted');
      expect((await adapters.registrations.waitingList('cancel')).map((r) => r.id)).toEqual([
        waiting.id,
        again.id,
      ]);
    });

    it('keeps the record of a promotion by hand on the registration', async () => {
      // Arrange: a seat freed by cancelling the holder, one waiting
      const adapters = await make();
      const meeting = aMeeting({ capacity: 1, days: ['2027-03-10'] }, 'by-hand');
      await adapters.meetings.schedule(meeting, scheduled(meeting));
      const holder = aRegistration(meeting, { email: 'holder@kommun.example' });
      const waiting = aRegistration(meeting, { email: 'waiting@kommun.example' });
      await adapters.registrations.register(holder, received(holder));
      await adapters.registrations.register(waiting, received(waiting));
      await adapters.registrations.cancel(meeting.id, holder.id, (previousStatus) => ({
        detailType: 'RegistrationCancelled',
        detail: {
          registrationId: holder.id,
          meetingId: meeting.id,
          previousStatus,
          municipalityCode: holder.municipalityCode,
          role: holder.role,
        },
      }));
      const record = { mode: 'by-choice', reason: 'Talare', at: '2027-02-01T10:00:00.000Z' } as const;

      // Act
      const done = await adapters.registrations.promote(
        meeting.id,
        waiting.id,
        promotedEvent(waiting),
        record,
      );

      // Assert
      expect(done).toBe(true);
      expect(await adapters.registrations.registration(meeting.id, waiting.id)).toEqual({
        ...waiting,
        status: 'confirmed',
        promotion: record,
      });
    });

    it('lists every registration of the meeting, cancelled ones too, waiting ones in queue order', async () => {
      // Arrange
      const adapters = await make();
      const meeting = aMeeting({ capacity: 1, days: ['2027-03-10'] }, 'all-registrations');
      await adapters.meetings.schedule(meeting, scheduled(meeting));
      const [holder, first, second] = ['holder', 'first', 'second'].map((who) =>
        aRegistration(meeting, { email: `${who}@kommun.example` }),
      ) as [Registration, Registration, Registration];
      for (const registration of [holder, first, second]) {
        await adapters.registrations.register(registration, received(registration));
      }
      await adapters.registrations.cancel(meeting.id, holder.id, (previousStatus) => ({
        detailType: 'RegistrationCancelled',
        detail: {
          registrationId: holder.id,
          meetingId: meeting.id,
          previousStatus,
          municipalityCode: holder.municipalityCode,
          role: holder.role,
        },
      }));

      // Act
      const all = await adapters.registrations.allRegistrations(meeting.id);

      // Assert
      expect(all.map((r) => [r.id, r.status]).sort()).toEqual(
        [
          [holder.id, 'cancelled'],
          [first.id, 'waitlisted'],
          [second.id, 'waitlisted'],
        ].sort(),
      );
      expect(all.filter((r) => r.status === 'waitlisted').map((r) => r.id)).toEqual([first.id, second.id]);
      expect(all.every((r) => r.meetingId === meeting.id && !('PK' in r) && !('arrival' in r))).toBe(true);
      expect(await adapters.registrations.allRegistrations('no-such-meeting')).toEqual([]);
    });
  });

  describe('RegistrationBook seats and queue (the one rule of seat-decision.ts)', () => {
    const D1 = '2027-03-10';
    const D2 = '2027-03-11';
    const cancelledEvent =
      (registration: Registration) =>
      (previous: 'confirmed' | 'waitlisted'): PendingEvent => ({
        detailType: 'RegistrationCancelled',
        detail: {
          registrationId: registration.id,
          meetingId: registration.meetingId,
          previousStatus: previous,
          municipalityCode: registration.municipalityCode,
          role: registration.role,
        },
      });
    /** Registers as the use case does: with the meeting's counters as just read. */
    const register = async (adapters: Adapters, registration: Registration) =>
      adapters.registrations.register(
        registration,
        received(registration),
        await adapters.meetings.meeting(registration.meetingId),
      );

    it('waitlists on a full meeting, even when the counters the caller read were stale', async () => {
      const adapters = await make();
      const meeting = aMeeting({ capacity: 1, days: [D1] }, 'rule-full');
      await adapters.meetings.schedule(meeting, scheduled(meeting));
      const staleRead = await adapters.meetings.meeting('rule-full');
      const seated = aRegistration(meeting);
      await register(adapters, seated);
      const late = aRegistration(meeting);

      const status = await adapters.registrations.register(late, received(late), staleRead);

      expect(status).toBe('waitlisted');
      expect(await adapters.meetings.meeting('rule-full')).toMatchObject({
        seatsTaken: { [D1]: 1 },
        waitlisted: 1,
      });
    });

    it('promotes the first one waiting when a cancellation frees a seat, and keeps the rest in order', async () => {
      const adapters = await make();
      const meeting = aMeeting({ capacity: 2, days: [D1] }, 'rule-promote');
      await adapters.meetings.schedule(meeting, scheduled(meeting));
      const people = Array.from({ length: 5 }, () => aRegistration(meeting));
      const statuses: string[] = [];
      for (const person of people) statuses.push(await register(adapters, person));
      const [holder, , first, second, third] = people as [
        Registration,
        Registration,
        Registration,
        Registration,
        Registration,
      ];

      await adapters.registrations.cancel('rule-promote', holder.id, cancelledEvent(holder));
      const promoted = await promoteWaiting(adapters, 'rule-promote');

      expect(statuses).toEqual(['confirmed', 'confirmed', 'waitlisted', 'waitlisted', 'waitlisted']);
      expect(promoted).toEqual([first.id]);
      expect((await adapters.registrations.waitingList('rule-promote')).map((r) => r.id)).toEqual([
        second.id,
        third.id,
      ]);
      expect(await adapters.meetings.meeting('rule-promote')).toMatchObject({
        seatsTaken: { [D1]: 2 },
        waitlisted: 2,
      });
    });

    it('on a two-day meeting with one day full, queues newcomers and promotes whoever fits the free day', async () => {
      const adapters = await make();
      const meeting = aMeeting({ capacity: 1, days: [D1, D2] }, 'rule-two-day');
      await adapters.meetings.schedule(meeting, scheduled(meeting));
      const dayOne = aRegistration(meeting, { days: [D1] });
      const bothDays = aRegistration(meeting);
      const dayTwo = aRegistration(meeting, { days: [D2] });

      const statuses = [
        await register(adapters, dayOne),
        await register(adapters, bothDays),
        await register(adapters, dayTwo),
      ];
      const firstRound = await promoteWaiting(adapters, 'rule-two-day');
      await adapters.registrations.cancel('rule-two-day', dayOne.id, cancelledEvent(dayOne));
      const secondRound = await promoteWaiting(adapters, 'rule-two-day');

      // Day 2 is free but someone waits: the day-2 newcomer queues (no jumping), then is promoted
      // past the one who needs the full day 1; freeing day 1 still seats nobody needing both days.
      expect(statuses).toEqual(['confirmed', 'waitlisted', 'waitlisted']);
      expect(firstRound).toEqual([dayTwo.id]);
      expect(secondRound).toEqual([]);
      expect(await adapters.meetings.meeting('rule-two-day')).toMatchObject({
        seatsTaken: { [D1]: 0, [D2]: 1 },
        waitlisted: 1,
      });
      expect((await adapters.registrations.waitingList('rule-two-day')).map((r) => r.id)).toEqual([
        bothDays.id,
      ]);
    });

    it('agrees step by step on a mix of registrations, cancellations and promotions, never above capacity', async () => {
      const adapters = await make();
      const meeting = aMeeting({ capacity: 2, days: [D1, D2] }, 'rule-mix');
      await adapters.meetings.schedule(meeting, scheduled(meeting));
      const byName = new Map<string, Registration>();
      const steps: string[] = [];
      const script: Array<[string, string, string[]?]> = [
        ['register', 'a', [D1]],
        ['register', 'b', [D1, D2]],
        ['register', 'c', [D1]],
        ['register', 'd', [D2]],
        ['register', 'e', [D2]],
        ['cancel', 'a'],
        ['promote', ''],
        ['register', 'f', [D2]],
        ['cancel', 'b'],
        ['promote', ''],
        ['cancel', 'd'],
        ['promote', ''],
      ];
      const seatsHeld: number[] = [];
      for (const [action, name, days] of script) {
        if (action === 'register') {
          const registration = aRegistration(meeting, { days: days ?? [] });
          byName.set(name, registration);
          steps.push(`${name}:${await register(adapters, registration)}`);
        } else if (action === 'cancel') {
          const registration = byName.get(name) as Registration;
          await adapters.registrations.cancel('rule-mix', registration.id, cancelledEvent(registration));
          steps.push(`-${name}`);
        } else {
          const promoted = await promoteWaiting(adapters, 'rule-mix');
          const names = [...byName].filter(([, r]) => promoted.includes(r.id)).map(([n]) => n);
          steps.push(`+${names.join('+')}`);
        }
        const counters = await adapters.meetings.meeting('rule-mix');
        seatsHeld.push(Math.max(...Object.values(counters?.seatsTaken ?? {})));
      }
      const nameOf = new Map([...byName].map(([n, r]) => [r.id, n]));
      const waiting = (await adapters.registrations.waitingList('rule-mix')).map((r) => nameOf.get(r.id));

      expect(steps).toEqual([
        'a:confirmed',
        'b:confirmed',
        'c:waitlisted',
        'd:waitlisted',
        'e:waitlisted',
        '-a',
        '+c+d',
        'f:waitlisted',
        '-b',
        '+e',
        '-d',
        '+f',
      ]);
      expect(Math.max(...seatsHeld)).toBeLessThanOrEqual(2);
      expect(waiting).toEqual([]);
      expect(await adapters.meetings.meeting('rule-mix')).toMatchObject({
        seatsTaken: { [D1]: 1, [D2]: 2 },
        waitlisted: 0,
      });
    });
  });

  describe('MemberDirectory and FocusGroupCatalogue', () => {
    it('returns saved municipalities and groups, and nothing for unknown ones', async () => {
      const adapters = await make();
      await adapters.members.save({
        code: '1466',
        name: 'Herrljunga',
        memberships: [{ from: '2023-07-01' }],
      });
      await adapters.focusGroups.save({
        id: 'fair-trade',
        name: { sv: 'Rättvis handel-gruppen', en: 'Fair trade' },
      });
      await adapters.focusGroups.save({
        id: 'nature-conservation',
        name: { sv: 'Naturvårdsgruppen', en: 'Nature conservation' },
      });

      expect(await adapters.members.municipality('1466')).toEqual({
        code: '1466',
        name: 'Herrljunga',
        memberships: [{ from: '2023-07-01' }],
      });
      expect(await adapters.members.municipality('9999')).toBeUndefined();
      expect((await adapters.focusGroups.focusGroups()).map((group) => group.id)).toEqual([
        'fair-trade',
        'nature-conservation',
      ]);
      expect(await adapters.focusGroups.focusGroup('fair-trade')).toEqual({
        id: 'fair-trade',
        name: { sv: 'Rättvis handel-gruppen', en: 'Fair trade' },
      });
    });
  });
});
