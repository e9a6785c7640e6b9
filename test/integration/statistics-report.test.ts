import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoDbEventStore } from '../../functions/adapters/dynamodb-event-store';
import { DynamoDbStatisticsBook } from '../../functions/adapters/dynamodb-statistics-book';
import { documentClient } from '../../functions/shared/ports';
import { LocalClock } from '../../local/local-clock';
import type { LocalCloud } from '../../local/local-cloud';
import { readLocalInbox, type StoredMail } from '../../local/ses-local';
import { toBusEvent } from '../../local/stream-pipe';
import { rebuildOnTable } from '../../scripts/rebuild-stats';
import { api, startTestCloud } from '../fixtures/local-cloud';

/**
 * The year's figures out of the system: a small year on the local cloud with a clock that stands
 * still until moved (March 2024), counted by the statistics consumers, read as the report, equal
 * to a rebuild from the stored events, unchanged by redelivered events, and frozen at closing.
 */
let cloud: LocalCloud;
let admin: Record<string, string>;
const clock = new LocalClock({ frozenAt: new Date('2024-03-01T08:00:00Z') });
const db = () => documentClient({ AWS_REGION: 'eu-north-1', DYNAMODB_ENDPOINT: cloud.dynamoDbEndpoint });

beforeAll(async () => {
  cloud = await startTestCloud({ clock, schedulerPollMs: 0, seedMeetings: false });
  admin = { authorization: `Bearer ${cloud.adminToken}` };
});
afterAll(async () => {
  await cloud?.stop();
});

const advanceTo = (iso: string) => cloud.advanceClock(Math.max(0, Date.parse(iso) - clock.now().getTime()));

const schedule = async (plan: Record<string, unknown>) => {
  const { status, body } = await api(cloud, 'POST', '/api/admin/meetings', plan, admin);
  expect(status).toBe(201);
  return body.id as string;
};

const people = {
  p1: { municipalityCode: '1480', role: 'environmental-strategist' },
  p2: { municipalityCode: '1481', role: 'sustainability-strategist' },
  p3: { municipalityCode: '1490', role: 'municipal-ecologist' },
  p4: { municipalityCode: '1480', role: 'sustainability-strategist' },
  p5: { municipalityCode: '1482', role: 'other' },
  p6: { municipalityCode: '1490', role: 'municipal-ecologist' },
  p7: { municipalityCode: '1489', role: 'fairtrade-coordinator' },
  p8: { municipalityCode: '1401', role: 'other' },
} as const;
type Person = keyof typeof people;
const emailOf = (who: Person) => `${who}@stats.example`;

const register = async (meetingId: string, who: Person, days?: string[]) => {
  const { status, body } = await api(cloud, 'POST', `/api/meetings/${meetingId}/registrations`, {
    name: `Person ${who}`,
    email: emailOf(who),
    ...people[who],
    consent: true,
    ...(days ? { days } : {}),
  });
  expect(status).toBe(201);
  return body as { registrationId: string; status: string };
};

/** Polls the inbox for a mail to `email` whose subject starts with `prefix` (about `title`). */
const mailFor = async (email: string, prefix: string, title: string): Promise<StoredMail> => {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = (await readLocalInbox(cloud.sesUrl)).find(
      (m) => m.destination.to.includes(email) && m.subject.startsWith(prefix) && m.subject.includes(title),
    );
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`No "${prefix}" mail about ${title} for ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

const tokenIn = (mail: StoredMail, page: 'cancel' | 'evaluate') =>
  decodeURIComponent(new RegExp(`/${page}\\?token=([A-Za-z0-9._%-]+)`).exec(mail.body.text ?? '')?.[1] ?? '');

const evaluate = async (who: Person, title: string, satisfaction: number, usefulness: number) => {
  const mail = await mailFor(emailOf(who), 'Vad tyckte', title);
  const { status } = await api(
    cloud,
    'POST',
    `/api/evaluations/${encodeURIComponent(tokenIn(mail, 'evaluate'))}`,
    {
      satisfaction,
      usefulness,
    },
  );
  expect(status).toBe(201);
};

const attend = async (meetingId: string, day: string, who: Person[], walkIns: unknown[] = []) => {
  const { status, body } = await api(
    cloud,
    'POST',
    `/api/admin/meetings/${meetingId}/attendance`,
    { day, emails: who.map(emailOf), ...(walkIns.length ? { walkIns } : {}) },
    admin,
  );
  expect(status).toBe(201);
  return body;
};

/** Waits until the bus has handled everything the API calls caused (the pipe polls the stream). */
const settle = async () => {
  let last = -1;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    await cloud.bus.idle();
    const total = [...cloud.bus.delivered.values()].reduce((a, b) => a + b, 0);
    if (total === last) return;
    last = total;
  }
};

const report = async (query = '') => {
  const response = await api(cloud, 'GET', `/api/admin/reports/2024${query}`, undefined, admin);
  expect(response.status).toBe(200);
  return response;
};

let meetings: { a: string; b: string; c: string; d: string };

describe('the year report out of the running statistics', () => {
  beforeAll(async () => {
    // Arrange: three meetings held in March 2024, a fourth cancelled
    meetings = {
      a: await schedule({
        title: 'Klimatlöften i praktiken',
        focusGroupId: 'environmental-strategy',
        kind: 'physical',
        days: ['2024-03-12'],
        startTime: '10:00',
        endTime: '15:00',
        venue: 'Stadshuset, Borås',
        capacity: 3,
      }),
      b: await schedule({
        title: 'Tvådagarsträff om ekosystemtjänster',
        focusGroupId: 'nature-conservation',
        kind: 'physical',
        days: ['2024-03-20', '2024-03-21'],
        startTime: '09:30',
        endTime: '16:00',
        venue: 'Konferenscentrum, Trollhättan',
        capacity: 10,
      }),
      c: await schedule({
        title: 'Hållbar upphandling',
        focusGroupId: 'fair-trade',
        kind: 'digital',
        days: ['2024-03-25'],
        startTime: '13:00',
        endTime: '14:30',
        onlineUrl: 'https://meet.example.org/fair',
        capacity: 10,
      }),
      d: await schedule({
        title: 'Inställt möte',
        focusGroupId: 'environmental-strategy',
        kind: 'digital',
        days: ['2024-04-02'],
        startTime: '09:00',
        endTime: '10:00',
        onlineUrl: 'https://meet.example.org/x',
        capacity: 10,
      }),
    };
    for (const who of ['p1', 'p2', 'p3', 'p4'] as const) await register(meetings.a, who);
    await register(meetings.b, 'p1');
    await register(meetings.b, 'p5', ['2024-03-21']);
    await register(meetings.b, 'p6');
    await register(meetings.c, 'p1');
    await register(meetings.c, 'p7');
    await register(meetings.d, 'p8');
    const p2Confirmation = await mailFor(emailOf('p2'), 'Anmälan bekräftad', 'Klimatlöften');
    await api(
      cloud,
      'POST',
      `/api/registrations/${encodeURIComponent(tokenIn(p2Confirmation, 'cancel'))}/cancel`,
    );
    await mailFor(emailOf('p4'), 'Du har fått en plats', 'Klimatlöften'); // promoted
    await api(cloud, 'POST', `/api/admin/meetings/${meetings.d}/cancel`, undefined, admin);

    // The meetings take place; attendance and evaluations follow
    await advanceTo('2024-03-12T15:00:00Z');
    await attend(
      meetings.a,
      '2024-03-12',
      ['p1', 'p3'],
      [{ name: 'Walk In', email: 'w1@stats.example', municipalityCode: '1482', role: 'other' }],
    );
    await evaluate('p1', 'Klimatlöften', 5, 6);
    await evaluate('p3', 'Klimatlöften', 4, 4);
    await advanceTo('2024-03-21T16:00:00Z');
    await attend(meetings.b, '2024-03-20', ['p1', 'p6']);
    await attend(meetings.b, '2024-03-21', ['p1', 'p5', 'p6']);
    await evaluate('p1', 'Tvådagarsträff', 6, 5);
    await evaluate('p6', 'Tvådagarsträff', 3, 4);
    await advanceTo('2024-03-25T14:00:00Z');
    await attend(meetings.c, '2024-03-25', ['p1']);
    await settle();
  }, 120_000);

  it('counts meetings, registrations, participations, unique people, no-shows and ratings', async () => {
    // Act
    const { body } = await report();

    // Assert
    expect(body.frozenAt).toBeUndefined();
    expect(body.members).toMatchObject({ count: 39, joined: [], left: [] });
    expect(body.meetings).toMatchObject({
      total: 3,
      physical: 2,
      digital: 1,
      twoDay: 1,
      cancelled: 1,
      byFocusGroup: {
        'environmental-strategy': { total: 1, physical: 1, digital: 0, twoDay: 0 },
        'nature-conservation': { total: 1, physical: 1, digital: 0, twoDay: 1 },
        'fair-trade': { total: 1, physical: 0, digital: 1, twoDay: 0 },
      },
    });
    expect(body.participants).toMatchObject({
      registrations: 9,
      cancellations: 1,
      participations: 7, // a person at a two-day meeting counts once here…
      personDays: 9, // …and once per day here
      unique: 5,
      walkIns: 1,
      noShows: 2, // p4 (promoted, did not come) and p7
    });
    expect(body.participants.byMunicipality['1480']).toEqual({
      registrations: 4,
      cancellations: 0,
      participations: 3,
      personDays: 4,
      unique: 1,
      walkIns: 0,
      noShows: 1,
    });
    expect(body.participants.byMunicipality['1401']).toMatchObject({ registrations: 0, participations: 0 });
    expect(body.participants.byRole['municipal-ecologist']).toMatchObject({ participations: 2, unique: 2 });
    expect(body.participants.byFocusGroup['nature-conservation']).toMatchObject({
      participations: 3,
      unique: 3,
    });
    expect(body.participants.byKind.digital).toMatchObject({ participations: 1, unique: 1, noShows: 1 });
    expect(body.ratings.satisfaction).toEqual({ mean: 4.5, distribution: [0, 0, 1, 1, 1, 1], answers: 4 });
    expect(body.ratings.usefulness).toEqual({ mean: 4.75, distribution: [0, 0, 0, 2, 1, 1], answers: 4 });
    expect(body.ratings.responseRate).toBe(0.57);
    expect(
      body.perMeeting.map((m: { title: string; participations: number }) => [m.title, m.participations]),
    ).toEqual([
      ['Klimatlöften i praktiken', 3],
      ['Tvådagarsträff om ekosystemtjänster', 3],
      ['Hållbar upphandling', 1],
    ]);
    expect(body.survey.respondentsByYear).toEqual({ 2019: 62, 2020: 52, 2021: 40, 2022: 53 });
  });

  it('counts nothing twice when the bus delivers every stored event again, in reverse order', async () => {
    // Arrange
    const before = (await report()).body;
    const events = [...(await new DynamoDbEventStore(db(), cloud.tableName).eventsOfYear(2024))].reverse();
    const items = events.map((event) => ({
      eventId: event.id,
      source: event.source,
      detailType: event.detailType,
      version: event.version,
      occurredAt: event.occurredAt,
      detail: JSON.stringify(event.detail),
      type: 'event',
    }));

    // Act
    for (const item of items)
      cloud.bus.put(toBusEvent({ eventName: 'INSERT', dynamodb: { NewImage: marshall(item) } } as never));
    await cloud.bus.idle();
    const after = (await report()).body;

    // Assert
    expect(events.length).toBeGreaterThan(30);
    expect({ ...after, generatedAt: '' }).toEqual({ ...before, generatedAt: '' });
  });

  it('rebuilds from the stored events to the same figures, also after the running ones were lost', async () => {
    // Arrange: the running figures of one meeting and of the year's unique counts are gone
    const statistics = new DynamoDbStatisticsBook(db(), cloud.tableName);
    const incremental = await statistics.yearFigures(2024);
    const before = (await report()).body;
    await statistics.clear(2024, [meetings.b]);
    const damaged = (await report()).body;

    // Act
    const rebuilt = await rebuildOnTable({
      endpoint: cloud.dynamoDbEndpoint,
      tableName: cloud.tableName,
      year: 2024,
    });
    const again = await rebuildOnTable({
      endpoint: cloud.dynamoDbEndpoint,
      tableName: cloud.tableName,
      year: 2024,
    });
    const after = (await report()).body;

    // Assert
    expect(damaged.participants.participations).toBe(4);
    expect(rebuilt).toMatchObject({ meetings: 4, changed: true });
    expect(again.changed).toBe(false);
    const byId = (figures: typeof incremental) =>
      Object.fromEntries(figures.meetings.map((m) => [m.meetingId, m.counters]));
    expect(byId(rebuilt.after)).toEqual(byId(incremental));
    expect(rebuilt.after.year).toEqual(incremental.year);
    expect({ ...after, generatedAt: '' }).toEqual({ ...before, generatedAt: '' });
  });

  it('serves the report as CSV and as a printable page whose only style is allowed by its hash', async () => {
    // Act
    const csv = await report('?format=csv');
    const html = await report('?format=html&lang=en');

    // Assert
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(String(csv.body)).toContain('section,key,subkey,metric,value');
    expect(String(csv.body)).toContain('Klimatlöften i praktiken');
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const policy = html.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(policy).toContain("default-src 'none'");
    expect(String(html.body)).toContain('lang="en"');
    expect(String(html.body)).not.toContain('<script');
  });

  it('answers 400 for a year outside the network’s figures, and records the December survey', async () => {
    // Act
    const early = await api(cloud, 'GET', '/api/admin/reports/2018', undefined, admin);
    const future = await api(cloud, 'GET', '/api/admin/reports/2030', undefined, admin);
    const unknownList = await api(
      cloud,
      'PUT',
      '/api/admin/surveys/2024',
      { respondents: 5, recipientsByList: { 'no-such': 3 } },
      admin,
    );
    const tooMany = await api(
      cloud,
      'PUT',
      '/api/admin/surveys/2024',
      { respondents: 2, respondentsByMunicipality: { '1480': 3 } },
      admin,
    );
    const recorded = await api(
      cloud,
      'PUT',
      '/api/admin/surveys/2024',
      { respondents: 58, recipientsByList: { 'fair-trade': 120 }, respondentsByMunicipality: { '1480': 9 } },
      admin,
    );

    // Assert
    expect(early).toMatchObject({ status: 400, body: { error: 'VALIDATION_FAILED' } });
    expect(future).toMatchObject({ status: 400, body: { error: 'VALIDATION_FAILED' } });
    expect(unknownList).toMatchObject({
      status: 400,
      body: { issues: [{ path: 'recipientsByList.no-such' }] },
    });
    expect(tooMany).toMatchObject({ status: 400, body: { issues: [{ path: 'respondentsByMunicipality' }] } });
    expect(recorded).toMatchObject({ status: 200, body: { year: 2024, respondents: 58 } });
    expect((await report()).body.survey).toMatchObject({
      respondentsByYear: { 2019: 62, 2024: 58 },
      thisYear: { respondents: 58, respondentsByMunicipality: { '1480': 9 } },
    });
  });

  it('freezes the report when the year is closed: later corrections change the figures, not the report', async () => {
    // Arrange
    await advanceTo('2025-01-07T08:00:00Z');
    const close = await api(cloud, 'POST', '/api/admin/years/2024/close', undefined, admin);
    expect(close.status).toBe(202);
    let frozen: { frozenAt?: string; participants: { participations: number } } | undefined;
    for (let i = 0; i < 200 && !frozen?.frozenAt; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      frozen = (await report()).body;
    }

    // Act: a late correction (p7 was there after all) and a survey change
    await attend(meetings.c, '2025-03-25'.replace('2025', '2024'), ['p7']);
    await settle();
    const survey = await api(cloud, 'PUT', '/api/admin/surveys/2024', { respondents: 60 }, admin);
    const running = await new DynamoDbStatisticsBook(db(), cloud.tableName).yearFigures(2024);
    const later = (await report()).body;

    // Assert
    expect(frozen?.frozenAt).toBe('2025-01-07T08:00:00.000Z');
    expect(running.meetings.find((m) => m.meetingId === meetings.c)?.counters['all#participations']).toBe(2);
    expect(later).toEqual(frozen);
    expect(later.participants.participations).toBe(7);
    expect(survey).toMatchObject({ status: 422, body: { error: 'REPORT_FROZEN' } });
  });
});
