import { createHash } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { keys } from '../../functions/adapters/table-design';
import { documentClient } from '../../functions/shared/ports';
import { LocalClock } from '../../local/local-clock';
import type { LocalCloud } from '../../local/local-cloud';
import { readLocalInbox, type StoredMail } from '../../local/ses-local';
import { because } from '../fixtures/because';
import { api, startTestCloud } from '../fixtures/local-cloud';

/**
 * Erasure of one person through the local cloud: they register, wait, are promoted, attend,
 * evaluate, subscribe to a mailing list, come to another meeting as a walk-in (address in other
 * case) and register for a meeting next year. After the erasure no item of the whole table holds
 * their name or address, while the statistics and the frozen report are exactly as before.
 */
let cloud: LocalCloud;
let admin: Record<string, string>;
const clock = new LocalClock({ frozenAt: new Date('2023-11-01T08:00:00Z') });
const db = () => documentClient({ AWS_REGION: 'eu-north-1', DYNAMODB_ENDPOINT: cloud.dynamoDbEndpoint });

const ERIKA = { name: 'Erika Raderasson', email: 'erika.raderasson@privacy.example' };
const FILIP = { name: 'Filip Fyllnad', email: 'filip@privacy.example' };
const VERA = { name: 'Vera Väntar', email: 'vera@privacy.example' };

beforeAll(async () => {
  cloud = await startTestCloud({ clock, schedulerPollMs: 0, seedMeetings: false });
  admin = { authorization: `Bearer ${cloud.adminToken}` };
});
afterAll(async () => {
  await cloud?.stop();
});

const advanceTo = (iso: string) => cloud.advanceClock(Math.max(0, Date.parse(iso) - clock.now().getTime()));

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

const schedule = async (title: string, day: string, capacity: number) => {
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
      onlineUrl: 'https://meet.example.org/privacy',
      capacity,
    },
    admin,
  );
  expect(status).toBe(201);
  return body.id as string;
};

const register = async (meetingId: string, who: { name: string; email: string }) => {
  const { status, body } = await api(cloud, 'POST', `/api/meetings/${meetingId}/registrations`, {
    ...who,
    municipalityCode: '1480',
    role: 'fairtrade-coordinator',
    dietaryNeeds: 'Laktosfri',
    consent: true,
  });
  expect(status).toBe(201);
  return body as { registrationId: string; status: string };
};

const mailTo = async (email: string, subjectPart: string): Promise<StoredMail> => {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = (await readLocalInbox(cloud.sesUrl)).find(
      (m) => m.destination.to.includes(email) && m.subject.includes(subjectPart),
    );
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`No mail "${subjectPart}" for ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

const tokenIn = (mail: StoredMail, page: string) =>
  decodeURIComponent(new RegExp(`/${page}\\?token=([A-Za-z0-9._%-]+)`).exec(mail.body.text ?? '')?.[1] ?? '');

const report = async (year: number) => {
  const response = await api(cloud, 'GET', `/api/admin/reports/${year}`, undefined, admin);
  expect(response.status).toBe(200);
  return response.body;
};

const wholeTable = async () => {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, never> | undefined;
  do {
    const page = await db().send(new ScanCommand({ TableName: cloud.tableName, ExclusiveStartKey }));
    items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
    ExclusiveStartKey = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (ExclusiveStartKey);
  return items;
};

/** Items whose text (every attribute, event details included) mentions `needle`, in any case. */
const itemsMentioning = (items: Record<string, unknown>[], needle: string) =>
  items.filter((item) => JSON.stringify(item).toLowerCase().includes(needle.toLowerCase()));

const meetingItem = async (meetingId: string) =>
  (await db().send(new GetCommand({ TableName: cloud.tableName, Key: keys.meeting(meetingId) }))).Item;

let meetings: { past: string; walkIn: string; future: string };
let erikaFuture: string;
let veraFuture: string;

describe('erasing a person', () => {
  beforeAll(async () => {
    // Arrange 2023: a full meeting, Erika waits, Filip cancels, Erika is promoted, attends, evaluates.
    meetings = { past: await schedule('Rättvis handel 2023', '2023-11-20', 1), walkIn: '', future: '' };
    await register(meetings.past, FILIP);
    expect((await register(meetings.past, ERIKA)).status).toBe('waitlisted');
    const filipMail = await mailTo(FILIP.email, 'Rättvis handel 2023');
    expect(
      (
        await api(
          cloud,
          'POST',
          `/api/registrations/${encodeURIComponent(tokenIn(filipMail, 'cancel'))}/cancel`,
        )
      ).status,
    ).toBe(200);
    await settle();
    // Erika on the fair-trade mailing list, confirmed by link.
    const subscribed = await api(cloud, 'POST', '/api/focus-groups/fair-trade/subscriptions', {
      email: ERIKA.email,
      consent: true,
    });
    expect(subscribed.status).toBe(202);
    const confirmation = await mailTo(ERIKA.email, 'Bekräfta prenumerationen');
    const confirmed = await api(
      cloud,
      'POST',
      `/api/subscriptions/${encodeURIComponent(tokenIn(confirmation, 'subscribe'))}/confirm`,
    );
    expect(confirmed.status).toBe(200);
    await advanceTo('2023-11-20T13:00:00Z');
    const attended = await api(
      cloud,
      'POST',
      `/api/admin/meetings/${meetings.past}/attendance`,
      { day: '2023-11-20', emails: [ERIKA.email] },
      admin,
    );
    expect(attended.status).toBe(201);
    await settle();
    const invitation = await mailTo(ERIKA.email, 'Vad tyckte');
    const evaluated = await api(
      cloud,
      'POST',
      `/api/evaluations/${encodeURIComponent(tokenIn(invitation, 'evaluate'))}`,
      { satisfaction: 5, usefulness: 6, comment: 'Bra exempel från kommunerna' },
    );
    expect(evaluated.status).toBe(201);
    await settle();
    // The year 2023 is closed: its report is frozen.
    await advanceTo('2024-01-05T08:00:00Z');
    expect((await api(cloud, 'POST', '/api/admin/years/2023/close', undefined, admin)).status).toBe(202);
    for (let i = 0; i < 400 && !(await report(2023)).frozenAt; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const frozenAt = (await report(2023)).frozenAt;
    because('the 2023 report was frozen within 20 s', () => expect(frozenAt).toBeDefined());
    // 2024: Erika comes to a meeting as a walk-in, giving her address in other case.
    meetings.walkIn = await schedule('Rättvis handel januari', '2024-01-15', 10);
    await advanceTo('2024-01-15T12:00:00Z');
    const walkIn = await api(
      cloud,
      'POST',
      `/api/admin/meetings/${meetings.walkIn}/attendance`,
      {
        day: '2024-01-15',
        walkIns: [{ name: ERIKA.name, email: ERIKA.email.toUpperCase(), role: 'fairtrade-coordinator' }],
      },
      admin,
    );
    expect(walkIn.status).toBe(201);
    // 2025: she holds the only seat of a meeting not yet held; Vera waits behind her.
    meetings.future = await schedule('Rättvis handel 2025', '2025-02-10', 1);
    erikaFuture = (await register(meetings.future, ERIKA)).registrationId;
    const vera = await register(meetings.future, VERA);
    expect(vera.status).toBe('waitlisted');
    veraFuture = vera.registrationId;
    await settle();
  }, 120_000);

  it('exports everything held about the person first (right of access)', async () => {
    // Act
    const { status, body } = await api(
      cloud,
      'POST',
      '/api/admin/people/export',
      { email: ERIKA.email },
      admin,
    );

    // Assert
    expect(status).toBe(200);
    const byMeeting = Object.fromEntries(
      (body.registrations as Array<Record<string, unknown>>).map((r) => [r.meetingId, r]),
    );
    expect(Object.keys(byMeeting).sort()).toEqual(Object.values(meetings).sort());
    expect(byMeeting[meetings.past]).toMatchObject({
      name: ERIKA.name,
      email: ERIKA.email,
      status: 'confirmed',
      attendance: [{ day: '2023-11-20', walkIn: false }],
      evaluation: { answered: true },
    });
    expect(byMeeting[meetings.walkIn]).toMatchObject({ status: 'walk-in', attendance: [{ walkIn: true }] });
    expect(byMeeting[meetings.future]).toMatchObject({ status: 'confirmed', attendance: [] });
    expect(body.subscriptions).toMatchObject([
      { focusGroupId: 'fair-trade', status: 'active', email: ERIKA.email },
    ]);
  });

  it('leaves no trace of the name or the address in any item, and the figures as they were', async () => {
    // Arrange
    const before = { 2023: await report(2023), 2024: await report(2024) };
    const frozenBefore = (
      await db().send(new GetCommand({ TableName: cloud.tableName, Key: keys.frozenReport(2023) }))
    ).Item;
    expect(frozenBefore).toBeDefined();
    const pastSeatsBefore = (await meetingItem(meetings.past))?.seatsTaken;
    expect(itemsMentioning(await wholeTable(), 'raderasson').length).toBeGreaterThan(3);

    // Act
    const erased = await api(cloud, 'POST', '/api/admin/people/erase', { email: ERIKA.email }, admin);
    await settle();

    // Assert: the answer holds counts only
    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({
      erasureId: expect.any(String),
      registrations: 3,
      cancelledFirst: 1,
      subscriptions: 1,
    });
    // Nothing in the table names her, in any case, nor holds her address
    const items = await wholeTable();
    // An unkeyed hash of the address is as good as the address to anyone who can guess it.
    const unkeyedHash = createHash('sha256').update(ERIKA.email.toLowerCase()).digest('hex');
    for (const needle of [ERIKA.email, 'raderasson', 'erika', unkeyedHash]) {
      expect(itemsMentioning(items, needle).map((item) => `${item.PK} ${item.SK}`)).toEqual([]);
    }
    // The statistics and the frozen report are unchanged; the past meeting's seat stays taken
    expect(await report(2023)).toEqual(before[2023]);
    expect(await report(2024)).toEqual(before[2024]);
    expect(
      (await db().send(new GetCommand({ TableName: cloud.tableName, Key: keys.frozenReport(2023) }))).Item,
    ).toEqual(frozenBefore);
    expect((await meetingItem(meetings.past))?.seatsTaken).toEqual(pastSeatsBefore);
    // Her seat at the meeting not yet held went to Vera, who waited
    const veraNow = (
      await db().send(
        new GetCommand({ TableName: cloud.tableName, Key: keys.registration(meetings.future, veraFuture) }),
      )
    ).Item;
    expect(veraNow?.status).toBe('confirmed');
    expect(await meetingItem(meetings.future)).toMatchObject({
      seatsTaken: { '2025-02-10': 1 },
      waitlisted: 0,
    });
    expect(
      (
        await db().send(
          new GetCommand({
            TableName: cloud.tableName,
            Key: keys.registration(meetings.future, erikaFuture),
          }),
        )
      ).Item,
    ).toBeUndefined();
    // The erasure is recorded with a pseudonym and counts only
    const recorded = items.filter((item) => item.detailType === 'PersonErased');
    expect(recorded).toHaveLength(1);
    expect(JSON.parse(String(recorded[0]?.detail))).toMatchObject({
      erasureId: erased.body.erasureId,
      personKey: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      registrations: 3,
    });
  });

  it('answers zero counts when asked again, and for an address it never knew', async () => {
    // Act
    const again = await api(
      cloud,
      'POST',
      '/api/admin/people/erase',
      { email: ERIKA.email.toUpperCase() },
      admin,
    );
    const unknown = await api(
      cloud,
      'POST',
      '/api/admin/people/erase',
      { email: 'nobody@privacy.example' },
      admin,
    );
    const exported = await api(cloud, 'POST', '/api/admin/people/export', { email: ERIKA.email }, admin);

    // Assert
    for (const answer of [again, unknown]) {
      expect(answer).toMatchObject({
        status: 200,
        body: { registrations: 0, cancelledFirst: 0, subscriptions: 0 },
      });
    }
    expect(exported.body).toMatchObject({ registrations: [], subscriptions: [] });
  });

  it('refuses without a token and takes the address only in the body', async () => {
    // Act
    const anonymous = await api(cloud, 'POST', '/api/admin/people/erase', { email: FILIP.email });
    const noAddress = await api(cloud, 'POST', '/api/admin/people/erase', { mail: FILIP.email }, admin);

    // Assert
    expect(anonymous.status).toBe(401);
    expect(noAddress).toMatchObject({ status: 400, body: { error: 'VALIDATION_FAILED' } });
  });
});
