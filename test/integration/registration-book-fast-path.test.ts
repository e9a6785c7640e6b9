import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type CapacityProxy, capacityBetween, startCapacityProxy } from '../../bench/capacity-proxy';
import type { Meeting } from '../../domain/meetings/meeting';
import type { Registration, RegistrationStatus } from '../../domain/meetings/registration';
import type { PendingEvent } from '../../events/catalogue';
import { DynamoDbMeetingCalendar } from '../../functions/adapters/dynamodb-meeting-calendar';
import { DynamoDbRegistrationBook } from '../../functions/adapters/dynamodb-registration-book';
import { keys } from '../../functions/adapters/table-design';
import { aMeeting, fixedClock, sequentialIds } from '../fixtures/builders';
import { freshTable } from '../fixtures/dynamodb';

/**
 * The registration book's fast path: once a book has written to a meeting it knows the meeting's
 * `arrivals` counter and tries the whole registration as one transaction that requires the counter
 * to be unchanged; any refusal falls back to the three steps. The requests are counted by the
 * metering proxy between the book and DynamoDB Local, so the tests see which path was taken.
 */
const NOW = '2027-02-01T10:00:00Z';

let proxy: CapacityProxy;

beforeAll(async () => {
  const { endpoint } = await freshTable('fast-path-probe');
  proxy = await startCapacityProxy(endpoint);
});

afterAll(async () => {
  await proxy.stop();
});

/** A table, a calendar with the meeting scheduled, and `books` books (containers) reaching it through the proxy. */
const setUp = async (meeting: Meeting, books = 1) => {
  const { tableName } = await freshTable('fast-path');
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: proxy.endpoint,
      region: 'eu-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const clock = fixedClock(NOW);
  const ids = sequentialIds(`event-${meeting.id}`);
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
  const arrivalOf = async (registrationId: string) =>
    (
      await client.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.registration(meeting.id, registrationId),
          ConsistentRead: true,
        }),
      )
    ).Item?.arrival as number | undefined;
  return {
    books: Array.from({ length: books }, () => new DynamoDbRegistrationBook(client, tableName, clock, ids)),
    calendar,
    arrivalOf,
  };
};

let serial = 0;
const aRegistration = (meeting: Meeting, email = `fast${++serial}@kommun.example`): Registration => ({
  id: `fast-registration-${++serial}`,
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

/** The DynamoDB operations `action` made, by name. */
const operationsOf = async (action: () => Promise<unknown>): Promise<Record<string, number>> => {
  const before = proxy.totals();
  await action();
  const spent = capacityBetween(before, proxy.totals());
  return Object.fromEntries(Object.entries(spent.byOperation).map(([name, tally]) => [name, tally.requests]));
};

describe('DynamoDbRegistrationBook fast path', () => {
  it('writes a lone registration as one transaction once the book knows the meeting, numbering arrivals 1…n', async () => {
    // Arrange
    const meeting = aMeeting({ capacity: 20, days: ['2027-03-10'] }, 'fast-sequential');
    const { books, calendar, arrivalOf } = await setUp(meeting);
    const [book] = books as [DynamoDbRegistrationBook];
    const registrations = Array.from({ length: 6 }, () => aRegistration(meeting));

    // Act: the first one the three steps (the book has not written there yet), the rest one by one
    const first = await operationsOf(() =>
      book.register(registrations[0] as Registration, received(registrations[0] as Registration)),
    );
    const rest: Array<Record<string, number>> = [];
    for (const registration of registrations.slice(1)) {
      rest.push(await operationsOf(() => book.register(registration, received(registration))));
    }

    // Assert
    expect(first).toEqual({ PutItem: 1, UpdateItem: 1, TransactWriteItems: 1 });
    expect(rest).toEqual(Array.from({ length: 5 }, () => ({ TransactWriteItems: 1 })));
    expect(await Promise.all(registrations.map((r) => arrivalOf(r.id)))).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await calendar.meeting(meeting.id))?.seatsTaken).toEqual({ '2027-03-10': 6 });
    for (const registration of registrations) {
      expect((await book.registration(meeting.id, registration.id))?.status).toBe('confirmed');
    }
  });

  it('falls back to the three steps when another book wrote meanwhile, without a gap in the arrivals', async () => {
    // Arrange: two containers taking turns on one meeting
    const meeting = aMeeting({ capacity: 20, days: ['2027-03-10'] }, 'fast-two-books');
    const { books, arrivalOf } = await setUp(meeting, 2);
    const [a, b] = books as [DynamoDbRegistrationBook, DynamoDbRegistrationBook];
    const registrations = Array.from({ length: 4 }, () => aRegistration(meeting));
    const [r1, r2, r3, r4] = registrations as [Registration, Registration, Registration, Registration];
    await a.register(r1, received(r1));
    await b.register(r2, received(r2));

    // Act: a's guess (arrivals = 1) is stale now
    const refused = await operationsOf(() => a.register(r3, received(r3)));
    const quiet = await operationsOf(() => a.register(r4, received(r4)));

    // Assert: refused whole, then the three steps; right after a refusal the meeting stays on them
    expect(refused).toEqual({ TransactWriteItems: 2, PutItem: 1, UpdateItem: 1 });
    expect(quiet).toEqual({ PutItem: 1, UpdateItem: 1, TransactWriteItems: 1 });
    expect(await Promise.all(registrations.map((r) => arrivalOf(r.id)))).toEqual([1, 2, 3, 4]);
  });

  it('refuses a second registration of the same address on the fast path and stores nothing', async () => {
    // Arrange
    const meeting = aMeeting({ capacity: 20, days: ['2027-03-10'] }, 'fast-duplicate');
    const { books, calendar } = await setUp(meeting);
    const [book] = books as [DynamoDbRegistrationBook];
    const first = aRegistration(meeting);
    const second = aRegistration(meeting);
    await book.register(first, received(first));
    await book.register(second, received(second));
    const again = aRegistration(meeting, second.email.toUpperCase());

    // Act
    let operations: Record<string, number> = {};
    const attempt = operationsOf(() => book.register(again, received(again))).then((spent) => {
      operations = spent;
    });

    // Assert
    await expect(attempt).rejects.toMatchObject({ code: 'ALREADY_REGISTERED' });
    expect(operations).toEqual({});
    expect(await book.registration(meeting.id, again.id)).toBeUndefined();
    expect((await calendar.meeting(meeting.id))?.seatsTaken).toEqual({ '2027-03-10': 2 });
  });

  it('queues the registration that finds the last seat gone, with the next arrival number', async () => {
    // Arrange: two seats, the book knows the meeting
    const meeting = aMeeting({ capacity: 2, days: ['2027-03-10', '2027-03-11'] }, 'fast-full');
    const { books, calendar, arrivalOf } = await setUp(meeting);
    const [book] = books as [DynamoDbRegistrationBook];
    const registrations = Array.from({ length: 4 }, () => aRegistration(meeting));

    // Act
    const statuses: RegistrationStatus[] = [];
    for (const registration of registrations)
      statuses.push(await book.register(registration, received(registration)));

    // Assert
    expect(statuses).toEqual(['confirmed', 'confirmed', 'waitlisted', 'waitlisted']);
    expect(await Promise.all(registrations.map((r) => arrivalOf(r.id)))).toEqual([1, 2, 3, 4]);
    expect((await calendar.meeting(meeting.id))?.seatsTaken).toEqual({ '2027-03-10': 2, '2027-03-11': 2 });
    expect((await book.waitingList(meeting.id)).map((r) => r.id)).toEqual([
      registrations[2]?.id,
      registrations[3]?.id,
    ]);
  });

  it('takes the queue at once, no write refused, when the meeting as read was full', async () => {
    // Arrange: a full meeting, and a book (a fresh container) that has never written there
    const meeting = aMeeting({ capacity: 1, days: ['2027-03-10'] }, 'fast-likely-queue');
    const { books, arrivalOf, calendar } = await setUp(meeting, 2);
    const [first, fresh] = books as [DynamoDbRegistrationBook, DynamoDbRegistrationBook];
    const seated = aRegistration(meeting);
    await first.register(seated, received(seated));
    const late = aRegistration(meeting);
    const asRead = await calendar.meeting(meeting.id);

    // Act
    const before = proxy.totals();
    const status = await fresh.register(late, received(late), asRead);
    const spent = capacityBetween(before, proxy.totals());

    // Assert
    expect(status).toBe('waitlisted');
    expect(Object.values(spent.byOperation).map((tally) => tally.refused)).toEqual([0, 0, 0]);
    expect(await arrivalOf(late.id)).toBe(2);
  });

  it('still seats someone whose caller guessed the queue, when a seat is free', async () => {
    // Arrange: the caller read the meeting as full (stale: a seat is free)
    const meeting = aMeeting({ capacity: 3, days: ['2027-03-10'] }, 'fast-wrong-guess');
    const { books } = await setUp(meeting);
    const [book] = books as [DynamoDbRegistrationBook];
    const registration = aRegistration(meeting);
    const stale = { capacity: 3, seatsTaken: { '2027-03-10': 3 }, waitlisted: 0 };

    // Act
    const status = await book.register(registration, received(registration), stale);

    // Assert
    expect(status).toBe('confirmed');
  });

  it('refuses a registration for a meeting cancelled since the book last wrote there', async () => {
    // Arrange
    const meeting = aMeeting({ capacity: 20, days: ['2027-03-10'] }, 'fast-cancelled');
    const { books, calendar } = await setUp(meeting);
    const [book] = books as [DynamoDbRegistrationBook];
    const first = aRegistration(meeting);
    await book.register(first, received(first));
    const stored = await calendar.meeting(meeting.id);
    await calendar.cancel(stored as Meeting, {
      detailType: 'MeetingCancelled',
      detail: { meetingId: meeting.id, revision: 1 },
    });
    const late = aRegistration(meeting);

    // Act
    const attempt = book.register(late, received(late));

    // Assert
    await expect(attempt).rejects.toMatchObject({ code: 'REGISTRATION_CLOSED' });
    expect(await book.registration(meeting.id, late.id)).toBeUndefined();
    expect((await calendar.meeting(meeting.id))?.seatsTaken).toEqual({ '2027-03-10': 1 });
  });
});
