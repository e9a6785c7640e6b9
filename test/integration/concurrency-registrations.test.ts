import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, stockholmDate } from '../../domain/shared/stockholm-time';
import { DynamoDbRegistrationBook } from '../../functions/adapters/dynamodb-registration-book';
import { keys } from '../../functions/adapters/table-design';
import { documentClient, randomIds, systemClock } from '../../functions/shared/ports';
import type { LocalCloud } from '../../local/local-cloud';
import { api, startTestCloud, storedEvents } from '../fixtures/local-cloud';

/**
 * 500 people register at once for a 50-seat meeting, over HTTP through the local API Gateway.
 * "Arrival" is the order in which the server accepted the registrations: the registration book
 * numbers them from the meeting's `arrivals` counter, in the same atomic update of the meeting
 * item that gives each a seat or a place in the queue (clients sending at once have no order of
 * their own, and clock times taken by concurrent handlers can tie or cross). Heavy: 500 requests
 * and their events through one local cloud.
 */
const PEOPLE = 500;
const SEATS = 50;

let cloud: LocalCloud;
let meetingId: string;
let answers: Array<{ status: number; body: { registrationId?: string; status?: string; error?: string } }>;

beforeAll(async () => {
  cloud = await startTestCloud();
  const today = stockholmDate(new Date());
  const scheduled = await api(
    cloud,
    'POST',
    '/api/admin/meetings',
    {
      title: 'Digitalt nätverksmöte: upphandling',
      focusGroupId: 'environmental-strategy',
      kind: 'digital',
      days: [addDays(today, 40)],
      startTime: '10:00',
      endTime: '11:30',
      onlineUrl: 'https://meet.example.org/burst',
      capacity: SEATS,
    },
    { authorization: `Bearer ${cloud.adminToken}` },
  );
  expect(scheduled.status).toBe(201);
  meetingId = scheduled.body.id;

  // Act (shared by the assertions below): everyone at once
  answers = await Promise.all(
    Array.from({ length: PEOPLE }, (_, i) =>
      api(cloud, 'POST', `/api/meetings/${meetingId}/registrations`, {
        name: `Deltagare ${i}`,
        email: `burst-${i}@alingsas.example`,
        municipalityCode: '1489',
        role: 'sustainability-strategist',
        consent: true,
      }),
    ),
  );
}, 300_000);

afterAll(async () => {
  await cloud?.stop();
}, 300_000);

/** The registration items of the meeting as stored, with the book's arrival number. */
const storedRegistrations = async () => {
  const db = documentClient({ AWS_REGION: 'eu-north-1', DYNAMODB_ENDPOINT: cloud.dynamoDbEndpoint });
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: cloud.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :registration)',
        ExpressionAttributeValues: { ':pk': keys.meeting(meetingId).PK, ':registration': 'REGISTRATION#' },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.map((item) => ({
    id: String(item.id),
    status: String(item.status),
    arrival: item.arrival as number,
  }));
};

describe(`${PEOPLE} concurrent registrations for ${SEATS} seats`, () => {
  it('answers every one with 201: no 5xx, no refusal', () => {
    const unexpected = answers.filter((answer) => answer.status !== 201);

    expect(unexpected.map((answer) => `${answer.status} ${answer.body.error}`)).toEqual([]);
  });

  it(`confirms exactly ${SEATS} and puts the other ${PEOPLE - SEATS} on the waiting list`, async () => {
    const statuses = answers.map((answer) => answer.body.status);

    expect(statuses.filter((status) => status === 'confirmed')).toHaveLength(SEATS);
    expect(statuses.filter((status) => status === 'waitlisted')).toHaveLength(PEOPLE - SEATS);
    expect((await api(cloud, 'GET', `/api/meetings/${meetingId}`)).body.seatsLeft).toBe(0);
  });

  it(`loses nothing: ${PEOPLE} distinct registrations stored, each as it was answered, each with its event`, async () => {
    const stored = await storedRegistrations();
    const answered = new Map(answers.map((answer) => [answer.body.registrationId, answer.body.status]));

    expect(new Set(stored.map((r) => r.id)).size).toBe(PEOPLE);
    expect(stored.every((r) => answered.get(r.id) === r.status)).toBe(true);
    const received = (await storedEvents(cloud, 'RegistrationReceived'))
      .map((item) => JSON.parse(String(item.detail)))
      .filter((detail) => detail.meetingId === meetingId);
    expect(received.map((detail) => `${detail.registrationId} ${detail.status}`).sort()).toEqual(
      stored.map((r) => `${r.id} ${r.status}`).sort(),
    );
  });

  it('numbers the arrivals 1…500 without gaps, and seats the first 50 to arrive', async () => {
    const stored = await storedRegistrations();

    const arrivals = stored.map((r) => r.arrival).sort((a, b) => a - b);
    expect(arrivals).toEqual(Array.from({ length: PEOPLE }, (_, i) => i + 1));
    const confirmed = stored.filter((r) => r.status === 'confirmed').map((r) => r.arrival);
    expect(Math.max(...confirmed)).toBe(SEATS);
  });

  it('keeps the waiting list in arrival order: place n is arrival 50 + n, places 1…450 without gaps', async () => {
    const arrivalOf = new Map((await storedRegistrations()).map((r) => [r.id, r.arrival]));
    const db = documentClient({ AWS_REGION: 'eu-north-1', DYNAMODB_ENDPOINT: cloud.dynamoDbEndpoint });
    const book = new DynamoDbRegistrationBook(db, cloud.tableName, systemClock, randomIds);

    const queue = await book.waitingList(meetingId);

    expect(queue).toHaveLength(PEOPLE - SEATS);
    expect(queue.map((registration, i) => arrivalOf.get(registration.id) === SEATS + i + 1)).toEqual(
      Array(PEOPLE - SEATS).fill(true),
    );
  });
});
