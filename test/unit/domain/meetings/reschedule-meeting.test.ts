import { describe, expect, it } from '@jest/globals';
import { NotFoundError, RuleViolationError, ValidationError } from '../../../../domain/errors';
import { cancelRegistration } from '../../../../domain/meetings/cancel-registration';
import { currentDays, type Meeting, seatsLeft } from '../../../../domain/meetings/meeting';
import { promoteWaiting } from '../../../../domain/meetings/promote-waiting';
import { registerForMeeting } from '../../../../domain/meetings/register-for-meeting';
import { moveMeeting, rescheduleMeeting } from '../../../../domain/meetings/reschedule-meeting';
import { stockholmInstant } from '../../../../domain/shared/stockholm-time';
import { aMeeting, aRegistrationRequest } from '../../../fixtures/builders';
import { inMemoryWorld } from './in-memory-world';

// aMeeting: physical, 2027-03-10 and 2027-03-11, 09:30–16:00 Stockholm, 2 seats a day, default
// close 2027-03-09 23:59 Stockholm (22:59Z). The clock stands at NOW, weeks before.
const NOW = '2027-02-15T10:00:00Z';
const now = new Date(NOW);
const DAY_1 = '2027-03-10';
const DAY_2 = '2027-03-11';
const NEXT_WEEK = ['2027-03-17', '2027-03-18'];

const digitalMeeting = (): Meeting =>
  aMeeting({
    kind: 'digital',
    venue: undefined,
    onlineUrl: 'https://meet.example.org/klimat',
    days: [DAY_1],
  });

/** The issues of the ValidationError `act` throws (fails the test when it throws anything else). */
const issuesOf = (act: () => unknown) => {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues;
  }
  throw new Error('Expected a ValidationError, nothing was thrown');
};

const person = (n: number, days?: string[]) =>
  aRegistrationRequest({
    name: `Person ${n}`,
    email: `person${n}@kommun.example`,
    ...(days ? { days } : {}),
  });

describe('moveMeeting', () => {
  it('refuses to turn a two-day meeting into a one-day meeting', () => {
    // Arrange
    const meeting = aMeeting();

    // Act
    const issues = issuesOf(() => moveMeeting(meeting, { days: ['2027-03-17'] }, now));

    // Assert
    expect(issues).toEqual([{ path: 'days', message: expect.stringMatching(/keeps its 2 day/) }]);
  });

  it('refuses to turn a one-day meeting into a two-day meeting', () => {
    // Arrange
    const meeting = aMeeting({ days: [DAY_1] });

    // Act
    const issues = issuesOf(() => moveMeeting(meeting, { days: NEXT_WEEK }, now));

    // Assert
    expect(issues).toEqual([{ path: 'days', message: expect.stringMatching(/keeps its 1 day/) }]);
  });

  it('refuses a new start at the very instant of now, and accepts it a minute later', () => {
    // Arrange: the clock reads exactly the new start (2027-03-17 09:30 Stockholm)
    const meeting = aMeeting();
    const atNewStart = stockholmInstant('2027-03-17', '09:30');
    const aMinuteBefore = new Date(atNewStart.getTime() - 60_000);

    // Act
    const atStart = () => moveMeeting(meeting, { days: NEXT_WEEK }, atNewStart);
    const moved = moveMeeting(meeting, { days: NEXT_WEEK }, aMinuteBefore);

    // Assert
    expect(atStart).toThrow(RuleViolationError);
    expect(atStart).toThrow(expect.objectContaining({ code: 'MEETING_IN_PAST' }));
    expect(atStart).toThrow(/would start at 09:30 today \(2027-03-17, Stockholm\), which has passed/);
    expect(moved.days).toEqual(NEXT_WEEK);
  });

  it('refuses a move to days before today with MEETING_IN_PAST', () => {
    // Arrange
    const meeting = aMeeting();

    // Act
    const act = () => moveMeeting(meeting, { days: ['2027-02-01', '2027-02-02'] }, now);

    // Assert
    expect(act).toThrow(expect.objectContaining({ code: 'MEETING_IN_PAST' }));
    expect(act).toThrow(/first day 2027-02-01 lies before today \(2027-02-15, Stockholm\)/);
  });

  it('refuses a venue for a digital meeting', () => {
    // Arrange
    const meeting = digitalMeeting();

    // Act
    const issues = issuesOf(() => moveMeeting(meeting, { venue: 'Stadshuset, Borås' }, now));

    // Assert
    expect(issues).toEqual([{ path: 'venue', message: 'A digital meeting has no venue' }]);
  });

  it('refuses an online link for a physical meeting', () => {
    // Arrange
    const meeting = aMeeting();

    // Act
    const issues = issuesOf(() => moveMeeting(meeting, { onlineUrl: 'https://meet.example.org/x' }, now));

    // Assert
    expect(issues).toEqual([
      { path: 'onlineUrl', message: 'A physical meeting has a venue, not an online link' },
    ]);
  });

  it('refuses an end before the start, as scheduling does', () => {
    // Arrange
    const meeting = aMeeting();

    // Act
    const issues = issuesOf(() => moveMeeting(meeting, { startTime: '17:00' }, now));

    // Assert
    expect(issues.map((issue) => issue.path)).toEqual(['endTime']);
  });

  it.each([
    ['a week later, in winter time', NEXT_WEEK, '2027-03-16T22:59:00.000Z'],
    ['into summer time', ['2027-04-05', '2027-04-06'], '2027-04-04T21:59:00.000Z'],
  ])('recomputes the default close for the new first day when moved %s', (_label, days, close) => {
    // Arrange
    const meeting = aMeeting();

    // Act
    const moved = moveMeeting(meeting, { days }, now);

    // Assert: 23:59 Stockholm the day before the new first day
    expect(meeting.registrationClosesAt).toBe('2027-03-09T22:59:00.000Z');
    expect(moved.registrationClosesAt).toBe(close);
  });

  it('keeps an explicit close given with the move', () => {
    // Arrange
    const meeting = aMeeting();

    // Act
    const moved = moveMeeting(
      meeting,
      { days: NEXT_WEEK, registrationClosesAt: '2027-03-12T12:00:00+01:00' },
      now,
    );

    // Assert
    expect(moved.registrationClosesAt).toBe('2027-03-12T11:00:00.000Z');
  });

  it('keeps a close set by hand when the move does not set one, and changes nothing for a restated venue', () => {
    // Arrange: registration was closed early, by hand
    const meeting = aMeeting({ registrationClosesAt: '2027-03-05T11:00:00.000Z' });

    // Act
    const restated = moveMeeting(meeting, { venue: meeting.venue as string }, now);
    const later = moveMeeting(meeting, { days: NEXT_WEEK }, now);

    // Assert
    expect(restated).toBe(meeting);
    expect(later.registrationClosesAt).toBe('2027-03-05T11:00:00.000Z');
  });

  it('refuses an explicit close after the new start', () => {
    // Arrange
    const meeting = aMeeting();

    // Act
    const issues = issuesOf(() =>
      moveMeeting(meeting, { days: NEXT_WEEK, registrationClosesAt: '2027-03-17T10:00:00+01:00' }, now),
    );

    // Assert
    expect(issues.map((issue) => issue.path)).toEqual(['registrationClosesAt']);
  });

  it.each([
    ['an empty move', {}],
    [
      'a move that restates the current time and place',
      { days: [DAY_2, DAY_1], startTime: '09:30', endTime: '16:00', venue: 'Stadshuset, Borås' },
    ],
    ['a move that restates the default close', { registrationClosesAt: '2027-03-09T23:59:00+01:00' }],
  ])('returns the meeting itself, revision untouched, for %s', (_label, move) => {
    // Arrange
    const meeting = aMeeting();

    // Act
    const moved = moveMeeting(meeting, move, now);

    // Assert
    expect(moved).toBe(meeting);
    expect(moved.revision).toBeUndefined();
  });

  it('bumps the revision with every change', () => {
    // Arrange
    const meeting = aMeeting();

    // Act
    const once = moveMeeting(meeting, { startTime: '10:00' }, now);
    const twice = moveMeeting(once, { venue: 'Kulturhuset, Borås' }, now);

    // Assert
    expect([meeting.revision, once.revision, twice.revision]).toEqual([undefined, 1, 2]);
    expect(twice).toMatchObject({ startTime: '10:00', venue: 'Kulturhuset, Borås' });
  });

  it('remembers the first dates in scheduledDays after a change of dates, and not after a change of time', () => {
    // Arrange
    const meeting = aMeeting();

    // Act
    const newDates = moveMeeting(meeting, { days: NEXT_WEEK }, now);
    const newTime = moveMeeting(meeting, { startTime: '10:00' }, now);
    const movedAgain = moveMeeting(newDates, { days: ['2027-03-24', '2027-03-25'] }, now);

    // Assert
    expect(newDates.days).toEqual(NEXT_WEEK);
    expect(newDates.scheduledDays).toEqual([DAY_1, DAY_2]);
    expect(newTime).not.toHaveProperty('scheduledDays');
    expect(movedAgain.scheduledDays).toEqual([DAY_1, DAY_2]);
  });

  it('drops scheduledDays when the meeting is moved back to its first dates', () => {
    // Arrange
    const away = moveMeeting(aMeeting(), { days: NEXT_WEEK }, now);

    // Act
    const back = moveMeeting(away, { days: [DAY_1, DAY_2] }, now);

    // Assert
    expect(back.days).toEqual([DAY_1, DAY_2]);
    expect(back).not.toHaveProperty('scheduledDays');
    expect(back.revision).toBe(2);
  });

  it('leaves the seat counters and the queue as they are, keyed by the first dates', () => {
    // Arrange
    const meeting: Meeting = { ...aMeeting(), seatsTaken: { [DAY_1]: 2, [DAY_2]: 1 }, waitlisted: 3 };

    // Act
    const moved = moveMeeting(meeting, { days: NEXT_WEEK, startTime: '10:00' }, now);

    // Assert
    expect(moved.seatsTaken).toEqual({ [DAY_1]: 2, [DAY_2]: 1 });
    expect(moved.waitlisted).toBe(3);
    expect(seatsLeft(moved)).toBe(0);
  });

  it('leaves the meeting it was given unchanged', () => {
    // Arrange
    const meeting = aMeeting();
    const copy = structuredClone(meeting);

    // Act
    moveMeeting(meeting, { days: NEXT_WEEK, venue: 'Kulturhuset, Borås' }, now);

    // Assert
    expect(meeting).toEqual(copy);
  });
});

describe('rescheduleMeeting', () => {
  it('answers MEETING_NOT_FOUND for an unknown meeting', async () => {
    // Arrange
    const { ports, store } = await inMemoryWorld(NOW, aMeeting());

    // Act
    const result = rescheduleMeeting(ports, 'meeting-404', { days: NEXT_WEEK });

    // Assert
    await expect(result).rejects.toBeInstanceOf(NotFoundError);
    await expect(result).rejects.toMatchObject({ code: 'MEETING_NOT_FOUND' });
    expect(store.events).toEqual([]);
  });

  it('answers MEETING_CANCELLED for a cancelled meeting, storing nothing', async () => {
    // Arrange
    const cancelled: Meeting = { ...aMeeting(), status: 'cancelled', revision: 1 };
    const { ports, store } = await inMemoryWorld(NOW, cancelled);

    // Act
    const result = rescheduleMeeting(ports, 'meeting-1', { days: NEXT_WEEK });

    // Assert
    await expect(result).rejects.toBeInstanceOf(RuleViolationError);
    await expect(result).rejects.toMatchObject({ code: 'MEETING_CANCELLED' });
    expect(store.meetings.get('meeting-1')).toEqual(cancelled);
    expect(store.events).toEqual([]);
  });

  it('answers MEETING_STARTED once the meeting has begun, even for a move ahead', async () => {
    // Arrange: the clock at the start, 2027-03-10 09:30 Stockholm
    const meeting = aMeeting();
    const { ports, store, clock } = await inMemoryWorld('2027-03-10T08:30:00Z', meeting);

    // Act
    const atStart = rescheduleMeeting(ports, 'meeting-1', { days: NEXT_WEEK });

    // Assert
    await expect(atStart).rejects.toBeInstanceOf(RuleViolationError);
    await expect(atStart).rejects.toMatchObject({ code: 'MEETING_STARTED' });
    expect(store.meetings.get('meeting-1')).toEqual(meeting);
    expect(store.events).toEqual([]);
    clock.set('2027-03-10T08:29:00Z');
    await expect(rescheduleMeeting(ports, 'meeting-1', { days: NEXT_WEEK })).resolves.toMatchObject({
      changed: true,
    });
  });

  it('stores the moved meeting with exactly one MeetingRescheduled', async () => {
    // Arrange
    const { ports, store } = await inMemoryWorld(NOW, aMeeting());

    // Act
    const result = await rescheduleMeeting(ports, 'meeting-1', {
      days: NEXT_WEEK,
      startTime: '10:00',
      endTime: '15:00',
    });

    // Assert
    expect(result.changed).toBe(true);
    expect(result.meeting).toMatchObject({
      days: NEXT_WEEK,
      startTime: '10:00',
      endTime: '15:00',
      revision: 1,
      scheduledDays: [DAY_1, DAY_2],
      registrationClosesAt: '2027-03-16T22:59:00.000Z',
    });
    expect(store.meetings.get('meeting-1')).toEqual(result.meeting);
    expect(store.events).toEqual([
      {
        detailType: 'MeetingRescheduled',
        detail: {
          meetingId: 'meeting-1',
          revision: 1,
          days: NEXT_WEEK,
          startTime: '10:00',
          endTime: '15:00',
        },
      },
    ]);
  });

  it('carries the next revision when the meeting is moved a second time', async () => {
    // Arrange
    const { ports, store } = await inMemoryWorld(NOW, aMeeting());
    await rescheduleMeeting(ports, 'meeting-1', { days: NEXT_WEEK });

    // Act
    await rescheduleMeeting(ports, 'meeting-1', { startTime: '13:00' });

    // Assert
    expect(store.events.map((event) => event.detail)).toEqual([
      expect.objectContaining({ revision: 1, startTime: '09:30' }),
      expect.objectContaining({ revision: 2, startTime: '13:00', days: NEXT_WEEK }),
    ]);
    expect(store.meetings.get('meeting-1')?.revision).toBe(2);
  });

  it('stores nothing and emits nothing for a move that changes nothing', async () => {
    // Arrange
    const meeting = aMeeting();
    const { ports, store } = await inMemoryWorld(NOW, meeting);

    // Act
    const result = await rescheduleMeeting(ports, 'meeting-1', { days: [DAY_1, DAY_2], startTime: '09:30' });

    // Assert
    expect(result).toEqual({ meeting, changed: false });
    expect(store.meetings.get('meeting-1')).toEqual(meeting);
    expect(store.events).toEqual([]);
  });
});

describe('seat days after a move', () => {
  /** A two-day meeting (2 seats a day) with one registrant for both days, then moved a week on. */
  const movedWithOneRegistrant = async () => {
    const world = await inMemoryWorld(NOW, aMeeting({ capacity: 2 }));
    const first = await registerForMeeting(world.ports, 'meeting-1', person(1));
    await rescheduleMeeting(world.ports, 'meeting-1', { days: NEXT_WEEK });
    world.store.events.length = 0;
    return { ...world, first };
  };

  it('keeps a registration for the new second date under its seat day, and counts it there', async () => {
    // Arrange
    const { ports, store } = await movedWithOneRegistrant();

    // Act
    const second = await registerForMeeting(ports, 'meeting-1', person(2, ['2027-03-18']));

    // Assert
    const meeting = store.meetings.get('meeting-1') as Meeting;
    const registration = store.registrations.get(second.registrationId);
    expect(second.status).toBe('confirmed');
    expect(registration?.days).toEqual([DAY_2]);
    expect(currentDays(meeting, registration?.days ?? [])).toEqual(['2027-03-18']);
    expect(meeting.seatsTaken).toEqual({ [DAY_1]: 1, [DAY_2]: 2 });
    // The event tells consumers today's date, not the seat day.
    expect(store.events).toEqual([
      {
        detailType: 'RegistrationReceived',
        detail: expect.objectContaining({
          registrationId: second.registrationId,
          status: 'confirmed',
          days: ['2027-03-18'],
        }),
      },
    ]);
  });

  it('queues once the new second date is full, while the new first date still has a seat', async () => {
    // Arrange
    const { ports, store } = await movedWithOneRegistrant();
    await registerForMeeting(ports, 'meeting-1', person(2, ['2027-03-18']));

    // Act
    const third = await registerForMeeting(ports, 'meeting-1', person(3, ['2027-03-18']));

    // Assert
    expect(third.status).toBe('waitlisted');
    expect(store.meetings.get('meeting-1')).toMatchObject({
      seatsTaken: { [DAY_1]: 1, [DAY_2]: 2 },
      waitlisted: 1,
    });
  });

  it('frees the seat of the right day when a registration made after the move is cancelled', async () => {
    // Arrange: day 2 full, person 3 waits for it
    const { ports, store } = await movedWithOneRegistrant();
    const second = await registerForMeeting(ports, 'meeting-1', person(2, ['2027-03-18']));
    const third = await registerForMeeting(ports, 'meeting-1', person(3, ['2027-03-18']));
    const token = await ports.linkTokens.issue('cancel-registration', {
      meetingId: 'meeting-1',
      registrationId: second.registrationId,
    });

    // Act
    await cancelRegistration(ports, token);
    const afterCancel = structuredClone(store.meetings.get('meeting-1'));
    const promoted = await promoteWaiting(ports, 'meeting-1');

    // Assert
    expect(afterCancel).toMatchObject({ seatsTaken: { [DAY_1]: 1, [DAY_2]: 1 }, waitlisted: 1 });
    expect(promoted).toEqual([third.registrationId]);
    expect(store.meetings.get('meeting-1')).toMatchObject({
      seatsTaken: { [DAY_1]: 1, [DAY_2]: 2 },
      waitlisted: 0,
    });
  });

  it('frees both seat days when someone registered before the move cancels after it', async () => {
    // Arrange
    const { ports, store, first } = await movedWithOneRegistrant();
    const token = await ports.linkTokens.issue('cancel-registration', {
      meetingId: 'meeting-1',
      registrationId: first.registrationId,
    });

    // Act
    await cancelRegistration(ports, token);

    // Assert
    expect(store.meetings.get('meeting-1')?.seatsTaken).toEqual({ [DAY_1]: 0, [DAY_2]: 0 });
  });

  it('seats a date that was the second day and is now the first on the first seat day', async () => {
    // Arrange: moved by one day, 2027-03-11 is now the first day
    const { ports, store } = await inMemoryWorld(NOW, aMeeting({ capacity: 2 }));
    await registerForMeeting(ports, 'meeting-1', person(1));
    await rescheduleMeeting(ports, 'meeting-1', { days: [DAY_2, '2027-03-12'] });

    // Act
    const second = await registerForMeeting(ports, 'meeting-1', person(2, [DAY_2]));

    // Assert
    const meeting = store.meetings.get('meeting-1') as Meeting;
    const registration = store.registrations.get(second.registrationId);
    expect(registration?.days).toEqual([DAY_1]);
    expect(currentDays(meeting, registration?.days ?? [])).toEqual([DAY_2]);
    expect(meeting.seatsTaken).toEqual({ [DAY_1]: 2, [DAY_2]: 1 });
  });

  it('refuses a date the meeting no longer has with a ValidationError, storing nothing', async () => {
    // Arrange
    const { ports, store } = await movedWithOneRegistrant();
    const before = structuredClone(store.meetings.get('meeting-1'));

    // Act
    const result = registerForMeeting(ports, 'meeting-1', person(2, [DAY_2]));

    // Assert
    await expect(result).rejects.toBeInstanceOf(ValidationError);
    await expect(result).rejects.toMatchObject({
      issues: [{ path: 'days', message: expect.stringContaining('2027-03-17, 2027-03-18') }],
    });
    expect(store.registrations.size).toBe(1);
    expect(store.meetings.get('meeting-1')).toEqual(before);
    expect(store.events).toEqual([]);
  });
});
