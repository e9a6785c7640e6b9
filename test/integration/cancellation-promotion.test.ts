import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, stockholmDate } from '../../domain/shared/stockholm-time';
import type { LocalCloud } from '../../local/local-cloud';
import { readLocalInbox } from '../../local/ses-local';
import { api, startTestCloud, waitForMail } from '../fixtures/local-cloud';

/**
 * A place is a place: fill a small meeting, queue the rest in arrival order, cancel through the
 * link in the confirmation e-mail, and see the first one waiting promoted and told so.
 */
let cloud: LocalCloud;
let admin: Record<string, string>;
const today = stockholmDate(new Date());

beforeAll(async () => {
  cloud = await startTestCloud();
  admin = { authorization: `Bearer ${cloud.adminToken}` };
});
afterAll(async () => {
  await cloud?.stop();
});

const smallMeeting = async (capacity: number) => {
  const { body } = await api(
    cloud,
    'POST',
    '/api/admin/meetings',
    {
      title: 'Liten träff',
      focusGroupId: 'fair-trade',
      kind: 'physical',
      days: [addDays(today, 12)],
      startTime: '10:00',
      endTime: '12:00',
      venue: 'Rådhuset',
      capacity,
    },
    admin,
  );
  return body.id as string;
};

const register = (meetingId: string, email: string) =>
  api(cloud, 'POST', `/api/meetings/${meetingId}/registrations`, {
    name: 'Kim',
    email,
    municipalityCode: '1489',
    role: 'fairtrade-coordinator',
    consent: true,
  });

const cancelToken = (text: string | undefined): string => {
  const match = /\/cancel\?token=([A-Za-z0-9._-]+)/.exec(text ?? '');
  if (!match?.[1]) throw new Error('No cancellation link in the mail');
  return decodeURIComponent(match[1]);
};

describe('cancellation and promotion on the local cloud', () => {
  it('queues in arrival order, cancels through the e-mail link, and promotes the first one waiting', async () => {
    // Arrange: two seats, two more waiting
    const meetingId = await smallMeeting(2);
    for (const who of ['a', 'b', 'c', 'd']) await register(meetingId, `${who}@alingsas.example`);
    const [confirmation] = await waitForMail(cloud, 'a@alingsas.example');
    const [waitingC] = await waitForMail(cloud, 'c@alingsas.example');
    const [waitingD] = await waitForMail(cloud, 'd@alingsas.example');
    expect(waitingC?.body.text).toContain('Du är nummer 1 i kön.');
    expect(waitingD?.body.text).toContain('Du är nummer 2 i kön.');
    const token = cancelToken(confirmation?.body.text);
    expect(confirmation?.body.text).toContain(`${cloud.apiUrl}/cancel?token=`);

    // The link in the mail opens a page (no inline script: the CSP forbids it)
    const page = await api(cloud, 'GET', `/cancel?token=${encodeURIComponent(token)}`);
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('<script src="/cancel.js" defer>');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");

    // Act
    const standing = await api(cloud, 'GET', `/api/registrations/${encodeURIComponent(token)}`);
    const cancelled = await api(cloud, 'POST', `/api/registrations/${encodeURIComponent(token)}/cancel`);
    const again = await api(cloud, 'POST', `/api/registrations/${encodeURIComponent(token)}/cancel`);
    const promoted = await waitForMail(cloud, 'c@alingsas.example', { count: 2 });
    await cloud.bus.idle();

    // Assert
    expect(standing.body).toMatchObject({
      status: 'confirmed',
      meeting: { id: meetingId, title: 'Liten träff' },
    });
    expect(JSON.stringify(standing.body)).not.toContain('a@alingsas.example');
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    expect(again).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    expect(promoted[1]?.subject).toBe('Du har fått en plats: Liten träff');
    expect(promoted[1]?.body.text).toContain('/cancel?token=');
    expect((await api(cloud, 'GET', `/api/meetings/${meetingId}`)).body.seatsLeft).toBe(0);
    expect(
      (await readLocalInbox(cloud.sesUrl)).filter((m) => m.destination.to.includes('d@alingsas.example')),
    ).toHaveLength(1);
  });

  it('keeps capacity and queue order when cancellations and new registrations race', async () => {
    // Arrange: three seats, three waiting in a known order
    const meetingId = await smallMeeting(3);
    for (const who of ['p1', 'p2', 'p3']) await register(meetingId, `${who}@alingsas.example`);
    for (const who of ['w1', 'w2', 'w3']) await register(meetingId, `${who}@alingsas.example`);
    const tokens = await Promise.all(
      ['p1', 'p2'].map(async (who) =>
        cancelToken((await waitForMail(cloud, `${who}@alingsas.example`))[0]?.body.text),
      ),
    );

    // Act: two cancellations and ten newcomers at once
    const answers = await Promise.all([
      ...tokens.map((token) => api(cloud, 'POST', `/api/registrations/${encodeURIComponent(token)}/cancel`)),
      ...Array.from({ length: 10 }, (_, i) => register(meetingId, `new${i}@alingsas.example`)),
    ]);
    await cloud.bus.idle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await cloud.bus.idle();

    // Assert: no errors, never over capacity, and the freed seats went to w1 and w2, not to newcomers
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect(answers.slice(2).every((a) => a.body.status === 'waitlisted')).toBe(true);
    expect((await api(cloud, 'GET', `/api/meetings/${meetingId}`)).body.seatsLeft).toBe(0);
    const promotedTo = (await readLocalInbox(cloud.sesUrl))
      .filter(
        (m) =>
          m.subject.startsWith('Du har fått en plats') && m.destination.to[0]?.endsWith('@alingsas.example'),
      )
      .map((m) => m.destination.to[0]);
    expect(promotedTo.filter((to) => /^(w\d|new\d)@/.test(to ?? '')).sort()).toEqual([
      'w1@alingsas.example',
      'w2@alingsas.example',
    ]);
  });

  it('answers 404 for a forged token and 400 for a malformed one, changing nothing', async () => {
    const forged = `${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}.${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}.99999.${'A'.repeat(43)}`;
    expect(await api(cloud, 'POST', `/api/registrations/${forged}/cancel`)).toMatchObject({
      status: 404,
      body: { error: 'REGISTRATION_NOT_FOUND' },
    });
    expect(await api(cloud, 'POST', '/api/registrations/not-a-token/cancel')).toMatchObject({
      status: 400,
      body: { error: 'VALIDATION_FAILED' },
    });
  });
});

describe('cancelling a meeting', () => {
  it('tells everyone registered, sends a calendar CANCEL to those with a seat, and closes registration', async () => {
    // Arrange: one seat taken, one waiting
    const meetingId = await smallMeeting(1);
    await register(meetingId, 'seat@alingsas.example');
    await register(meetingId, 'queue@alingsas.example');
    await waitForMail(cloud, 'queue@alingsas.example');

    // Act
    const cancelled = await api(cloud, 'POST', `/api/admin/meetings/${meetingId}/cancel`, undefined, admin);
    const again = await api(cloud, 'POST', `/api/admin/meetings/${meetingId}/cancel`, undefined, admin);
    const late = await register(meetingId, 'late@alingsas.example');
    const seat = await waitForMail(cloud, 'seat@alingsas.example', { count: 2 });
    const queue = await waitForMail(cloud, 'queue@alingsas.example', { count: 2 });

    // Assert
    expect(cancelled).toMatchObject({ status: 200, body: { id: meetingId, status: 'cancelled' } });
    expect(again).toMatchObject({ status: 422, body: { error: 'MEETING_CANCELLED' } });
    expect(late).toMatchObject({ status: 422, body: { error: 'REGISTRATION_CLOSED' } });
    expect(seat[1]?.subject).toBe('Inställt: Liten träff');
    expect(queue[1]?.subject).toBe('Inställt: Liten träff');
    const ics = (mail: (typeof seat)[number] | undefined) =>
      Buffer.from(
        mail?.attachments?.find((a) => a.filename === 'invitation.ics')?.content ?? '',
        'base64',
      ).toString('utf8');
    expect(ics(seat[1])).toContain('METHOD:CANCEL');
    expect(ics(seat[1])).toContain('STATUS:CANCELLED');
    expect(ics(seat[1]).match(/UID:(\S+)/)?.[1]).toBe(ics(seat[0]).match(/UID:(\S+)/)?.[1]);
    expect(queue[1]?.attachments ?? []).toEqual([]);
    const listed = (await api(cloud, 'GET', '/api/meetings')).body.meetings as Array<{ id: string }>;
    expect(listed.some((m) => m.id === meetingId)).toBe(false);
  });
});
