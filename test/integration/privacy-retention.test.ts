import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHandler } from '../../functions/scheduled/purge-expired-personal-data';
import { documentClient } from '../../functions/shared/ports';
import { privacyPorts } from '../../functions/shared/privacy-ports';
import { LocalClock } from '../../local/local-clock';
import type { LocalCloud } from '../../local/local-cloud';
import { api, startTestCloud } from '../fixtures/local-cloud';

/**
 * The retention job on the local cloud: with 24 months' retention, a meeting's registrations go
 * the day after its last day is 24 months past, not a day earlier; a later meeting's stay; the
 * statistics do not move; running it again deletes nothing.
 */
let cloud: LocalCloud;
let admin: Record<string, string>;
const clock = new LocalClock({ frozenAt: new Date('2023-03-01T08:00:00Z') });
const db = () => documentClient({ AWS_REGION: 'eu-north-1', DYNAMODB_ENDPOINT: cloud.dynamoDbEndpoint });
const purge = createHandler(privacyPorts, () => 24);

beforeAll(async () => {
  cloud = await startTestCloud({ clock, schedulerPollMs: 0, seedMeetings: false });
  admin = { authorization: `Bearer ${cloud.adminToken}` };
});
afterAll(async () => {
  await cloud?.stop();
});

const advanceTo = (iso: string) => cloud.advanceClock(Math.max(0, Date.parse(iso) - clock.now().getTime()));

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

const schedule = async (title: string, day: string) => {
  const { status, body } = await api(
    cloud,
    'POST',
    '/api/admin/meetings',
    {
      title,
      focusGroupId: 'fair-trade',
      kind: 'digital',
      days: [day],
      startTime: '10:00',
      endTime: '12:00',
      onlineUrl: 'https://meet.example.org/retention',
      capacity: 10,
    },
    admin,
  );
  expect(status).toBe(201);
  return body.id as string;
};

const register = async (meetingId: string, name: string, email: string) => {
  const { status } = await api(cloud, 'POST', `/api/meetings/${meetingId}/registrations`, {
    name,
    email,
    municipalityCode: '1480',
    role: 'fairtrade-coordinator',
    consent: true,
  });
  expect(status).toBe(201);
};

const tableText = async () => {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, never> | undefined;
  do {
    const page = await db().send(new ScanCommand({ TableName: cloud.tableName, ExclusiveStartKey }));
    items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
    ExclusiveStartKey = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (ExclusiveStartKey);
  return JSON.stringify(items).toLowerCase();
};

const report = async (year: number) =>
  (await api(cloud, 'GET', `/api/admin/reports/${year}`, undefined, admin)).body;

describe('the retention job', () => {
  let old: string;
  beforeAll(async () => {
    old = await schedule('Vårmöte 2023', '2023-03-10');
    await register(old, 'Gunnel Gammal', 'gunnel@retention.example');
    await register(old, 'Olof Gammal', 'olof@retention.example');
    await advanceTo('2023-03-10T12:00:00Z');
    expect(
      (
        await api(
          cloud,
          'POST',
          `/api/admin/meetings/${old}/attendance`,
          { day: '2023-03-10', emails: ['gunnel@retention.example'] },
          admin,
        )
      ).status,
    ).toBe(201);
    await advanceTo('2025-02-01T08:00:00Z');
    const recent = await schedule('Nytt möte', '2025-03-05');
    await register(recent, 'Nora Ny', 'nora@retention.example');
    await settle();
  }, 120_000);

  it('keeps a meeting’s registrations until its last day is 24 months past', async () => {
    // Arrange
    await advanceTo('2025-03-10T08:00:00Z');

    // Act
    const result = await purge({}, {} as never);

    // Assert
    expect(result).toMatchObject({ cutoff: '2023-03-10', meetings: 0, registrations: 0 });
    expect(await tableText()).toContain('gunnel@retention.example');
  });

  it('then deletes them, leaves later meetings and the statistics alone, and does nothing twice', async () => {
    // Arrange
    await advanceTo('2025-03-11T08:00:00Z');
    const figures = await report(2023);

    // Act
    const first = await purge({}, {} as never);
    const second = await purge({}, {} as never);

    // Assert
    expect(first).toMatchObject({ cutoff: '2023-03-11', meetings: 1, registrations: 2 });
    expect(second).toMatchObject({ meetings: 0, registrations: 0 });
    const text = await tableText();
    for (const gone of ['gunnel', 'olof', 'gammal']) expect(text).not.toContain(gone);
    expect(text).toContain('nora@retention.example');
    expect(await report(2023)).toEqual(figures);
    expect(text).toContain('personaldatapurged');
  });
});
