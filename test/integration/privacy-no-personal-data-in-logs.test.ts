import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createHandler } from '../../functions/scheduled/purge-expired-personal-data';
import { privacyPorts } from '../../functions/shared/privacy-ports';
import { LocalClock } from '../../local/local-clock';
import type { LocalCloud } from '../../local/local-cloud';
import { readLocalInbox, type StoredMail } from '../../local/ses-local';
import { api, startTestCloud } from '../fixtures/local-cloud';

/**
 * Every log line the whole system writes, at debug level, over a whole flow through the local
 * cloud (register, confirmation mail, cancel, promotion, attend, walk-in, evaluate, subscribe,
 * export, erase, retention): none names a test person or holds their address.
 * The clock stands at the real present (link tokens expire by calendar day).
 */
let cloud: LocalCloud;
let admin: Record<string, string>;
const start = new Date();
const clock = new LocalClock({ frozenAt: start });
const lines: string[] = [];

const PEOPLE = [
  { name: 'Loggbert Hemlig', email: 'loggbert.hemlig@logs.example' },
  { name: 'Lisette Tyst', email: 'Lisette.Tyst@logs.example' },
  { name: 'Walter Walkin', email: 'walter.walkin@logs.example' },
];
const FORBIDDEN = PEOPLE.flatMap((p) => [p.email.toLowerCase(), ...p.name.toLowerCase().split(' ')]);

beforeAll(async () => {
  process.env.LOG_LEVEL = 'debug';
  const capture = (chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  };
  jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  cloud = await startTestCloud({ clock, schedulerPollMs: 0, seedMeetings: false });
  admin = { authorization: `Bearer ${cloud.adminToken}` };
}, 120_000);
afterAll(async () => {
  await cloud?.stop();
  jest.restoreAllMocks();
  process.env.LOG_LEVEL = 'silent';
});

const day = (offsetDays: number) =>
  new Date(start.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);

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

const mailTo = async (email: string, subjectPart: string): Promise<StoredMail> => {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = (await readLocalInbox(cloud.sesUrl)).find(
      (m) => m.destination.to.includes(email) && m.subject.includes(subjectPart),
    );
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`No mail "${subjectPart}"`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

const tokenIn = (mail: StoredMail, page: string) =>
  decodeURIComponent(new RegExp(`/${page}\\?token=([A-Za-z0-9._%-]+)`).exec(mail.body.text ?? '')?.[1] ?? '');

describe('the logs of a whole flow', () => {
  it('hold no name and no address of the people in it', async () => {
    const [loggbert, lisette, walter] = PEOPLE as [
      (typeof PEOPLE)[0],
      (typeof PEOPLE)[0],
      (typeof PEOPLE)[0],
    ];
    // Arrange: a one-seat meeting in ten days
    const meetingDay = day(10);
    const scheduled = await api(
      cloud,
      'POST',
      '/api/admin/meetings',
      {
        title: 'Loggmötet',
        focusGroupId: 'fair-trade',
        kind: 'digital',
        days: [meetingDay],
        startTime: '10:00',
        endTime: '12:00',
        onlineUrl: 'https://meet.example.org/logs',
        capacity: 1,
      },
      admin,
    );
    expect(scheduled.status).toBe(201);
    const meetingId = scheduled.body.id as string;
    const registration = (who: typeof loggbert) => ({
      ...who,
      municipalityCode: '1480',
      role: 'fairtrade-coordinator',
      consent: true,
    });

    // Act: register (one waits), a refused duplicate and a malformed body, the confirmation mail,
    // cancel (the other is promoted), a subscription, attendance with a walk-in, evaluation,
    // export, erasure and the retention job
    expect(
      (await api(cloud, 'POST', `/api/meetings/${meetingId}/registrations`, registration(loggbert))).status,
    ).toBe(201);
    expect(
      (await api(cloud, 'POST', `/api/meetings/${meetingId}/registrations`, registration(lisette))).status,
    ).toBe(201);
    expect(
      (await api(cloud, 'POST', `/api/meetings/${meetingId}/registrations`, registration(loggbert))).status,
    ).toBe(409);
    expect(
      (
        await api(
          cloud,
          'POST',
          `/api/meetings/${meetingId}/registrations`,
          `{"name":"${loggbert.name}","email":"${loggbert.email}"`,
        )
      ).status,
    ).toBe(400);
    const confirmation = await mailTo(loggbert.email, 'Loggmötet');
    const cancelled = await api(
      cloud,
      'POST',
      `/api/registrations/${encodeURIComponent(tokenIn(confirmation, 'cancel'))}/cancel`,
    );
    expect(cancelled.status).toBe(200);
    await settle();
    await mailTo(lisette.email, 'Loggmötet');
    const subscribed = await api(cloud, 'POST', '/api/focus-groups/fair-trade/subscriptions', {
      email: walter.email,
      consent: true,
    });
    expect(subscribed.status).toBe(202);
    await cloud.advanceClock(Date.parse(`${meetingDay}T13:00:00Z`) - clock.now().getTime());
    const attended = await api(
      cloud,
      'POST',
      `/api/admin/meetings/${meetingId}/attendance`,
      {
        day: meetingDay,
        emails: [lisette.email, 'nobody.registered@logs.example'],
        walkIns: [{ name: walter.name, email: walter.email, role: 'other' }],
      },
      admin,
    );
    expect(attended.status).toBe(201);
    await settle();
    const invitation = await mailTo(lisette.email, 'Vad tyckte');
    const evaluated = await api(
      cloud,
      'POST',
      `/api/evaluations/${encodeURIComponent(tokenIn(invitation, 'evaluate'))}`,
      { satisfaction: 6, usefulness: 5 },
    );
    expect(evaluated.status).toBe(201);
    expect(
      (await api(cloud, 'POST', '/api/admin/people/export', { email: lisette.email }, admin)).status,
    ).toBe(200);
    expect((await api(cloud, 'POST', '/api/admin/people/erase', { email: walter.email }, admin)).status).toBe(
      200,
    );
    await settle();
    await createHandler(privacyPorts, () => 1)({}, {} as never);

    // Assert: the flow was logged, at debug level too, and names nobody
    const log = lines.join('').toLowerCase();
    expect(log).toContain('event handled');
    expect(lines.length).toBeGreaterThan(20);
    const leaks = FORBIDDEN.filter((needle) => log.includes(needle));
    expect(leaks).toEqual([]);
  }, 180_000);
});
