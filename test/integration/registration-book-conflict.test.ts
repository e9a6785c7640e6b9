import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from '@jest/globals';
import { ContentionError } from '../../domain/errors';
import type { Meeting } from '../../domain/meetings/meeting';
import type { Registration, RegistrationStatus } from '../../domain/meetings/registration';
import type { PendingEvent } from '../../events/catalogue';
import { DynamoDbMeetingCalendar } from '../../functions/adapters/dynamodb-meeting-calendar';
import { DynamoDbRegistrationBook, emailHash } from '../../functions/adapters/dynamodb-registration-book';
import { keys } from '../../functions/adapters/table-design';
import { aMeeting, fixedClock, sequentialIds } from '../fixtures/builders';
import { freshTable } from '../fixtures/dynamodb';

/**
 * The DynamoDB registration book losing races on DynamoDB Local, forced deterministically: a second
 * writer (its own client, real writes) changes the meeting's counters between the book's decision
 * and the book's write, by watching the book's requests go out. Nothing of the database is
 * imitated; only the timing is arranged. (DynamoDB Local serialises transactions, so it never
 * answers `TransactionConflict` and that path cannot be forced here; the same bounded retry and
 * the same MEETING_BUSY answer cover it.)
 */
const NOW = '2027-02-01T10:00:00Z';
const DAY = '2027-03-10';

let serial = 0;
const aRegistration = (meeting: Meeting): Registration => ({
  id: `registration-${++serial}`,
  meetingId: meeting.id,
  name: 'Kim Karlsson',
  email: `person${serial}@kommun.example`,
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

/** What the second writer does just before the book's update of the meeting item goes out. */
type Interference = (update: 'seat' | 'queue', attempt: number) => Promise<void>;

const setUp = async (meeting: Meeting, interfere: Interference) => {
  const { client, tableName, endpoint } = await freshTable('conflict');
  const clock = fixedClock(NOW);
  const ids = sequentialIds('event');
  await new DynamoDbMeetingCalendar(client, tableName, clock, ids).schedule(meeting, {
    detailType: 'MeetingScheduled',
    detail: {
      meetingId: meeting.id,
      focusGroupId: meeting.focusGroupId,
      kind: meeting.kind,
      days: [...meeting.days],
      capacity: meeting.capacity,
    },
  });
  const other = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: 'eu-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const setCounters = (taken: number, waitlisted: number) =>
    other.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.meeting(meeting.id),
        UpdateExpression: 'SET seatsTaken.#day = :taken, waitlisted = :waitlisted',
        ExpressionAttributeNames: { '#day': DAY },
        ExpressionAttributeValues: { ':taken': taken, ':waitlisted': waitlisted },
      }),
    );
  let attempts = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const expression = String((args.input as { UpdateExpression?: string }).UpdateExpression ?? '');
      if (context.commandName === 'UpdateItemCommand' && expression.includes('arrivals')) {
        await interfere(expression.includes('waitlisted =') ? 'queue' : 'seat', ++attempts);
      }
      return next(args);
    },
    { step: 'initialize', name: 'secondWriter' },
  );
  const book = new DynamoDbRegistrationBook(client, tableName, clock, ids);
  const item = async (key: { PK: string; SK: string }) =>
    (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
  return { book, item, setCounters, attempts: () => attempts };
};

describe('DynamoDbRegistrationBook losing races', () => {
  it('decides again from the refused item when the last seat goes between the read and the write', async () => {
    // Arrange: the caller read one seat free; another writer takes it just before the book writes
    const meeting = aMeeting({ capacity: 2, days: [DAY] }, 'last-seat-gone');
    let setCounters: (taken: number, waitlisted: number) => Promise<unknown> = async () => undefined;
    const world = await setUp(meeting, async (update, attempt) => {
      if (update === 'seat' && attempt === 1) await setCounters(2, 0);
    });
    setCounters = world.setCounters;
    const registration = aRegistration(meeting);
    const asRead = { capacity: 2, seatsTaken: { [DAY]: 1 }, waitlisted: 0 };

    // Act
    const status = await world.book.register(registration, received(registration), asRead);

    // Assert: queued on the second update, without a read, and the seats never exceeded
    expect(status).toBe('waitlisted');
    expect(world.attempts()).toBe(2);
    expect(await world.item(keys.meeting(meeting.id))).toMatchObject({
      seatsTaken: { [DAY]: 2 },
      waitlisted: 1,
    });
  });

  it('takes a seat freed between the read and the write instead of queueing', async () => {
    // Arrange: the caller read the meeting full; a cancellation frees a seat before the book writes
    const meeting = aMeeting({ capacity: 2, days: [DAY] }, 'seat-freed');
    let setCounters: (taken: number, waitlisted: number) => Promise<unknown> = async () => undefined;
    const world = await setUp(meeting, async (update, attempt) => {
      if (update === 'queue' && attempt === 1) await setCounters(1, 0);
    });
    setCounters = world.setCounters;
    await world.setCounters(2, 0);
    const registration = aRegistration(meeting);
    const asRead = { capacity: 2, seatsTaken: { [DAY]: 2 }, waitlisted: 0 };

    // Act
    const status = await world.book.register(registration, received(registration), asRead);

    // Assert
    expect(status).toBe('confirmed');
    expect(await world.item(keys.meeting(meeting.id))).toMatchObject({ seatsTaken: { [DAY]: 2 } });
  });

  it('answers MEETING_BUSY, holding nothing, when the counters change under every decision', async () => {
    // Arrange: before each of the book's updates the other writer makes the decision wrong
    const meeting = aMeeting({ capacity: 2, days: [DAY] }, 'always-lost');
    let setCounters: (taken: number, waitlisted: number) => Promise<unknown> = async () => undefined;
    const world = await setUp(meeting, async (update) => {
      await (update === 'seat' ? setCounters(2, 0) : setCounters(0, 0));
    });
    setCounters = world.setCounters;
    const registration = aRegistration(meeting);

    // Act
    const attempt = world.book.register(registration, received(registration), {
      capacity: 2,
      seatsTaken: { [DAY]: 0 },
      waitlisted: 0,
    });

    // Assert: a typed, retryable refusal (HTTP 429), not a raw DynamoDB error (HTTP 500)
    const error = await attempt.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ContentionError);
    expect((error as ContentionError).code).toBe('MEETING_BUSY');
    expect(await world.book.registration(meeting.id, registration.id)).toBeUndefined();
    expect(
      await world.item(keys.registrationEmail(meeting.id, emailHash(registration.email))),
    ).toBeUndefined();
    expect((await world.item(keys.meeting(meeting.id)))?.arrivals ?? 0).toBe(0);
  });
});
