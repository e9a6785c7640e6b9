import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from '@jest/globals';
import type { Meeting } from '../../domain/meetings/meeting';
import type { Registration, RegistrationStatus } from '../../domain/meetings/registration';
import type { PendingEvent } from '../../events/catalogue';
import { DynamoDbMeetingCalendar } from '../../functions/adapters/dynamodb-meeting-calendar';
import { DynamoDbRegistrationBook, emailHash } from '../../functions/adapters/dynamodb-registration-book';
import { keys } from '../../functions/adapters/table-design';
import { aMeeting, fixedClock, sequentialIds } from '../fixtures/builders';
import { freshTable } from '../fixtures/dynamodb';

/**
 * The DynamoDB registration book's steps (claim the address, take a place on the meeting item,
 * record) on DynamoDB Local: what it leaves behind when the record cannot be written, and the
 * arrival numbers it hands out under concurrency. The shared behaviour of both adapters is in
 * test/contract/repositories.contract.test.ts.
 */
const NOW = '2027-02-01T10:00:00Z';

const setUp = async (meeting: Meeting) => {
  const { client, tableName } = await freshTable('book');
  const clock = fixedClock(NOW);
  const ids = sequentialIds('event');
  const calendar = new DynamoDbMeetingCalendar(client, tableName, clock, ids);
  await calendar.schedule(meeting, {
    detailType: 'MeetingScheduled',
    detail: {
      meetingId: meeting.id,
      focusGroupId: meeting.focusGroupId,
      kind: meeting.kind,
      days: [...meeting.days],
      capacity: meeting.capacity,
    },
  });
  const book = new DynamoDbRegistrationBook(client, tableName, clock, ids);
  const item = async (key: { PK: string; SK: string }) =>
    (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
  return { book, calendar, item };
};

let serial = 0;
const aRegistration = (meeting: Meeting, email = `person${++serial}@kommun.example`): Registration => ({
  id: `registration-${++serial}`,
  meetingId: meeting.id,
  name: 'Kim Karlsson',
  email,
  municipalityCode: '1480',
  role: 'municipal-ecologist',
  days: [...meeting.days],
  language: 'sv',
  receivedAt: NOW,
  consentedAt: NOW,
});

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

describe('DynamoDbRegistrationBook', () => {
  it('hands the seat and the address back when the registration cannot be recorded', async () => {
    // Arrange: an event that fails its schema makes the record step fail after a seat was taken
    const meeting = aMeeting({ capacity: 2, days: ['2027-03-10'] }, 'record-fails');
    const { book, calendar, item } = await setUp(meeting);
    const doomed = aRegistration(meeting, 'again@kommun.example');
    const broken = (): PendingEvent =>
      ({ detailType: 'RegistrationReceived', detail: { registrationId: doomed.id } }) as never;

    // Act
    const attempt = book.register(doomed, broken);

    // Assert: nothing stored, nothing held, and the address may register
    await expect(attempt).rejects.toThrow();
    expect(await book.registration(meeting.id, doomed.id)).toBeUndefined();
    expect((await calendar.meeting(meeting.id))?.seatsTaken).toEqual({ '2027-03-10': 0 });
    expect(await item(keys.registrationEmail(meeting.id, emailHash('again@kommun.example')))).toBeUndefined();
    const retry = aRegistration(meeting, 'again@kommun.example');
    expect(await book.register(retry, received(retry))).toBe('confirmed');
  });

  it('numbers 60 concurrent registrations 1…60 and queues the waiting ones by that number', async () => {
    // Arrange
    const meeting = aMeeting({ capacity: 10, days: ['2027-03-10', '2027-03-11'] }, 'numbered');
    const { book, item } = await setUp(meeting);
    const registrations = Array.from({ length: 60 }, () => aRegistration(meeting));

    // Act
    const statuses = await Promise.all(registrations.map((r) => book.register(r, received(r))));

    // Assert
    const stored = await Promise.all(
      registrations.map(async (r) => item(keys.registration(meeting.id, r.id))),
    );
    const arrivals = stored.map((s) => Number(s?.arrival));
    expect([...arrivals].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const seated = arrivals.filter((_, i) => statuses[i] === 'confirmed').sort((a, b) => a - b);
    expect(seated).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    const arrivalOf = new Map(registrations.map((r, i) => [r.id, arrivals[i]]));
    const queue = (await book.waitingList(meeting.id)).map((r) => arrivalOf.get(r.id));
    expect(queue).toEqual(Array.from({ length: 50 }, (_, i) => i + 11));
    expect(await item(keys.meeting(meeting.id))).toMatchObject({
      arrivals: 60,
      waitlisted: 50,
      seatsTaken: { '2027-03-10': 10, '2027-03-11': 10 },
    });
  });

  it('keeps the arrival number out of what it reads back', async () => {
    const meeting = aMeeting({}, 'read-back');
    const { book } = await setUp(meeting);
    const registration = aRegistration(meeting);

    await book.register(registration, received(registration));

    expect(await book.registration(meeting.id, registration.id)).toEqual({
      ...registration,
      status: 'confirmed',
    });
  });
});
