import { describe, expect, it } from 'vitest';
import { ConflictError, RuleViolationError } from '../../domain/errors';
import type { Meeting } from '../../domain/meetings/meeting';
import type { Registration, RegistrationStatus } from '../../domain/meetings/registration';
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
import { freshTable } from '../fixtures/dynamodb';
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
    },
  });

const promotedEvent = (registration: Registration): PendingEvent => ({
  detailType: 'RegistrationPromoted',
  detail: {
    registrationId: registration.id,
    meetingId: registration.meetingId,
    days: [...registration.days],
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
        detail: { registrationId: holder.id, meetingId: 'cancel', previousStatus: previous },
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
