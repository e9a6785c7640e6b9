import { describe, expect, it } from '@jest/globals';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError } from '../../../../domain/errors';
import type { Meeting } from '../../../../domain/meetings/meeting';
import { promoteWaiting } from '../../../../domain/meetings/promote-waiting';
import { registerForMeeting } from '../../../../domain/meetings/register-for-meeting';
import { aMeeting, aRegistrationRequest } from '../../../fixtures/builders';
import { inMemoryWorld } from './in-memory-world';

// aMeeting: physical, 2027-03-10 and 2027-03-11, 2 seats a day, registration closes 2027-03-09T22:59Z.
const DAY_1 = '2027-03-10';
const DAY_2 = '2027-03-11';

const oneDayMeeting = (capacity: number): Meeting => aMeeting({ days: [DAY_1], capacity });

const person = (n: number, days?: string[]) =>
  aRegistrationRequest({
    name: `Person ${n}`,
    email: `person${n}@kommun.example`,
    ...(days ? { days } : {}),
  });

describe('registerForMeeting', () => {
  it('confirms a member’s official and stores the registration with its status', async () => {
    // Arrange
    const { ports, store } = await inMemoryWorld(undefined, aMeeting());

    // Act
    const result = await registerForMeeting(ports, 'meeting-1', aRegistrationRequest());

    // Assert
    expect(result).toEqual({ registrationId: 'reg-1', status: 'confirmed' });
    expect(store.registrations.get('reg-1')).toMatchObject({
      meetingId: 'meeting-1',
      email: 'alex@kommun.example',
      days: [DAY_1, DAY_2],
      status: 'confirmed',
    });
    expect(store.meetings.get('meeting-1')?.seatsTaken).toEqual({ [DAY_1]: 1, [DAY_2]: 1 });
  });

  it('answers MEETING_NOT_FOUND for an unknown meeting', async () => {
    // Arrange
    const { ports, store } = await inMemoryWorld(undefined, aMeeting());

    // Act
    const result = registerForMeeting(ports, 'meeting-404', aRegistrationRequest());

    // Assert
    await expect(result).rejects.toBeInstanceOf(NotFoundError);
    await expect(result).rejects.toMatchObject({ code: 'MEETING_NOT_FOUND' });
    expect(store.registrations.size).toBe(0);
  });

  it.each([
    ['Tjörn (1419), a municipality that is not a member', '1419'],
    ['a code no municipality has', '9999'],
  ])('answers NOT_A_MEMBER for %s and stores nothing', async (_label, code) => {
    // Arrange
    const { ports, store } = await inMemoryWorld(undefined, aMeeting());

    // Act
    const result = registerForMeeting(ports, 'meeting-1', aRegistrationRequest({ municipalityCode: code }));

    // Assert
    await expect(result).rejects.toBeInstanceOf(RuleViolationError);
    await expect(result).rejects.toMatchObject({ code: 'NOT_A_MEMBER' });
    expect(store.registrations.size).toBe(0);
    expect(store.events).toEqual([]);
  });

  it('refuses Herrljunga on 2023-06-30, the day before it joined', async () => {
    // Arrange
    const meeting = aMeeting({ days: ['2023-09-14'] });
    const { ports } = await inMemoryWorld('2023-06-30T12:00:00Z', meeting);

    // Act
    const result = registerForMeeting(ports, 'meeting-1', aRegistrationRequest({ municipalityCode: '1466' }));

    // Assert
    await expect(result).rejects.toMatchObject({ code: 'NOT_A_MEMBER' });
  });

  it('accepts Herrljunga at 00:30 Stockholm on 2023-07-01, while UTC still says 2023-06-30', async () => {
    // Arrange
    const meeting = aMeeting({ days: ['2023-09-14'] });
    const { ports } = await inMemoryWorld('2023-06-30T22:30:00Z', meeting);

    // Act
    const result = await registerForMeeting(
      ports,
      'meeting-1',
      aRegistrationRequest({ municipalityCode: '1466' }),
    );

    // Assert
    expect(result.status).toBe('confirmed');
  });

  it('confirms until the capacity is reached, then waitlists', async () => {
    // Arrange
    const { ports, store } = await inMemoryWorld(undefined, oneDayMeeting(2));

    // Act
    const statuses = [];
    for (const n of [1, 2, 3, 4])
      statuses.push((await registerForMeeting(ports, 'meeting-1', person(n))).status);

    // Assert
    expect(statuses).toEqual(['confirmed', 'confirmed', 'waitlisted', 'waitlisted']);
    expect(store.meetings.get('meeting-1')).toMatchObject({ seatsTaken: { [DAY_1]: 2 }, waitlisted: 2 });
  });

  it('counts seats per day, and lets nobody past the queue: free seats go to those waiting first', async () => {
    // Arrange: two seats a day; two people take the first day only
    const { ports, store } = await inMemoryWorld(undefined, aMeeting({ capacity: 2 }));
    await registerForMeeting(ports, 'meeting-1', person(1, [DAY_1]));
    await registerForMeeting(ports, 'meeting-1', person(2, [DAY_1]));

    // Act
    const secondDayOnly = await registerForMeeting(ports, 'meeting-1', person(3, [DAY_2]));
    const firstDayOnly = await registerForMeeting(ports, 'meeting-1', person(4, [DAY_1]));
    const bothDays = await registerForMeeting(ports, 'meeting-1', person(5));
    const secondDayAgain = await registerForMeeting(ports, 'meeting-1', person(6, [DAY_2]));
    const secondDayFull = await registerForMeeting(ports, 'meeting-1', person(7, [DAY_2]));

    // Assert: once someone waits, newcomers wait too (person 6 would fit on day 2, but person 5
    // is ahead); the promotion that follows seats person 6, the first waiting who fits.
    expect(
      [secondDayOnly, firstDayOnly, bothDays, secondDayAgain, secondDayFull].map((r) => r.status),
    ).toEqual(['confirmed', 'waitlisted', 'waitlisted', 'waitlisted', 'waitlisted']);
    expect(store.meetings.get('meeting-1')).toMatchObject({
      seatsTaken: { [DAY_1]: 2, [DAY_2]: 1 },
      waitlisted: 4,
    });
    expect(await promoteWaiting(ports, 'meeting-1')).toEqual([secondDayAgain.registrationId]);
    expect(store.meetings.get('meeting-1')).toMatchObject({
      seatsTaken: { [DAY_1]: 2, [DAY_2]: 2 },
      waitlisted: 3,
    });
  });

  it('answers ALREADY_REGISTERED for the same address in another case, keeping one registration', async () => {
    // Arrange
    const { ports, store } = await inMemoryWorld(undefined, aMeeting());
    await registerForMeeting(ports, 'meeting-1', aRegistrationRequest({ email: 'alex@kommun.example' }));

    // Act
    const result = registerForMeeting(
      ports,
      'meeting-1',
      aRegistrationRequest({ email: 'ALEX@Kommun.Example' }),
    );

    // Assert
    await expect(result).rejects.toBeInstanceOf(ConflictError);
    await expect(result).rejects.toMatchObject({ code: 'ALREADY_REGISTERED' });
    expect(store.registrations.size).toBe(1);
    expect(store.events).toHaveLength(1);
  });

  it('lets the same address register for another meeting', async () => {
    // Arrange
    const { ports, store } = await inMemoryWorld(undefined, aMeeting(), aMeeting({}, 'meeting-2'));
    await registerForMeeting(ports, 'meeting-1', aRegistrationRequest());

    // Act
    const result = await registerForMeeting(ports, 'meeting-2', aRegistrationRequest());

    // Assert
    expect(result.status).toBe('confirmed');
    expect(store.registrations.size).toBe(2);
  });

  it('answers REGISTRATION_CLOSED after the window has shut', async () => {
    // Arrange
    const { ports, store } = await inMemoryWorld('2027-03-09T23:00:00Z', aMeeting());

    // Act
    const result = registerForMeeting(ports, 'meeting-1', aRegistrationRequest());

    // Assert
    await expect(result).rejects.toMatchObject({ code: 'REGISTRATION_CLOSED' });
    expect(store.registrations.size).toBe(0);
  });

  it('answers REGISTRATION_CLOSED for a cancelled meeting', async () => {
    // Arrange
    const { ports } = await inMemoryWorld(undefined, { ...aMeeting(), status: 'cancelled' });

    // Act
    const result = registerForMeeting(ports, 'meeting-1', aRegistrationRequest());

    // Assert
    await expect(result).rejects.toMatchObject({ code: 'REGISTRATION_CLOSED' });
  });

  it('refuses a day the meeting does not have with a ValidationError on days', async () => {
    // Arrange
    const { ports, store } = await inMemoryWorld(undefined, aMeeting());

    // Act
    const result = registerForMeeting(ports, 'meeting-1', aRegistrationRequest({ days: ['2027-03-12'] }));

    // Assert
    await expect(result).rejects.toBeInstanceOf(ValidationError);
    await expect(result).rejects.toMatchObject({ issues: [expect.objectContaining({ path: 'days' })] });
    expect(store.registrations.size).toBe(0);
  });

  it('records RegistrationReceived with ids, status, days and categories, and no personal data', async () => {
    // Arrange
    const { ports, store } = await inMemoryWorld(undefined, oneDayMeeting(1));
    const first = aRegistrationRequest({
      name: 'Zelda Zettergren',
      email: 'zelda.z@kommun.example',
      dietaryNeeds: 'Glutenfri kost',
    });
    const second = aRegistrationRequest({ name: 'Ymer Yxell', email: 'ymer.y@kommun.example' });

    // Act
    await registerForMeeting(ports, 'meeting-1', first);
    await registerForMeeting(ports, 'meeting-1', second);

    // Assert
    expect(store.events).toEqual([
      {
        detailType: 'RegistrationReceived',
        detail: {
          registrationId: 'reg-1',
          meetingId: 'meeting-1',
          status: 'confirmed',
          days: [DAY_1],
          municipalityCode: '1480',
          role: 'environmental-strategist',
        },
      },
      {
        detailType: 'RegistrationReceived',
        detail: {
          registrationId: 'reg-2',
          meetingId: 'meeting-1',
          status: 'waitlisted',
          days: [DAY_1],
          municipalityCode: '1480',
          role: 'environmental-strategist',
        },
      },
    ]);
    const published = JSON.stringify(store.events);
    for (const personal of [
      'Zelda',
      'Zettergren',
      'zelda.z',
      'Ymer',
      'ymer.y',
      'Glutenfri',
      '@kommun.example',
    ]) {
      expect(published).not.toContain(personal);
    }
  });
});
