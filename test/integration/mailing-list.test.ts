import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, stockholmDate } from '../../domain/shared/stockholm-time';
import type { LocalCloud } from '../../local/local-cloud';
import { readLocalInbox } from '../../local/ses-local';
import { api, startTestCloud, storedEvents, waitForMail } from '../fixtures/local-cloud';

/** Focus group mailing lists: double opt-in, announcements once per subscriber, unsubscribe deletes. */
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

const tokenIn = (text: string | undefined, page: string): string => {
  const match = new RegExp(`/${page}\\?token=([A-Za-z0-9._%-]+)`).exec(text ?? '');
  if (!match?.[1]) throw new Error(`No /${page} link in the mail`);
  return decodeURIComponent(match[1]);
};

const schedule = (title: string) =>
  api(
    cloud,
    'POST',
    '/api/admin/meetings',
    {
      title,
      focusGroupId: 'nature-conservation',
      kind: 'digital',
      days: [addDays(today, 25)],
      startTime: '13:00',
      endTime: '14:00',
      onlineUrl: 'https://meet.example.org/nv',
      capacity: 50,
    },
    admin,
  );

const mailTo = async (to: string) =>
  (await readLocalInbox(cloud.sesUrl)).filter((m) => m.destination.to.includes(to));

describe('focus group mailing lists', () => {
  it('confirms by link, announces new meetings once, and forgets the address on unsubscribe', async () => {
    // Subscribe: only a confirmation link arrives
    const requested = await api(cloud, 'POST', '/api/focus-groups/nature-conservation/subscriptions', {
      email: 'eko@mark.example',
      consent: true,
    });
    expect(requested).toMatchObject({ status: 202, body: { status: 'confirmation-sent' } });
    const [confirmation] = await waitForMail(cloud, 'eko@mark.example');
    expect(confirmation?.subject).toBe('Bekräfta prenumerationen: Naturvårdsgruppen');

    // Not confirmed yet: a new meeting is not announced to the address. Waits until every stored
    // MeetingScheduled (the seed's too, which may still be on their way under load) was announced.
    await schedule('Före bekräftelsen');
    const scheduled = (await storedEvents(cloud, 'MeetingScheduled')).length;
    for (let i = 0; i < 600 && (cloud.bus.delivered.get('announce-meeting') ?? 0) < scheduled; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(cloud.bus.delivered.get('announce-meeting')).toBe(scheduled);
    expect(await mailTo('eko@mark.example')).toHaveLength(1);

    // Confirm, then a new meeting is announced with an unsubscribe link
    const confirmed = await api(
      cloud,
      'POST',
      `/api/subscriptions/${encodeURIComponent(tokenIn(confirmation?.body.text, 'subscribe'))}/confirm`,
    );
    expect(confirmed).toMatchObject({ status: 200, body: { status: 'subscribed' } });
    await schedule('Ängsbete och slåtter');
    const mails = await waitForMail(cloud, 'eko@mark.example', { count: 2 });
    const announcement = mails[1];
    expect(announcement?.subject).toBe('Nytt möte: Ängsbete och slåtter');

    // Subscribing again while active sends nothing new
    await api(cloud, 'POST', '/api/focus-groups/nature-conservation/subscriptions', {
      email: 'EKO@mark.example',
      consent: true,
    });
    await cloud.bus.idle();
    expect(await mailTo('eko@mark.example')).toHaveLength(2);

    // Unsubscribe: the next meeting is not announced
    const unsubscribeToken = tokenIn(announcement?.body.text, 'unsubscribe');
    const left = await api(
      cloud,
      'POST',
      `/api/subscriptions/${encodeURIComponent(unsubscribeToken)}/unsubscribe`,
    );
    const again = await api(
      cloud,
      'POST',
      `/api/subscriptions/${encodeURIComponent(unsubscribeToken)}/unsubscribe`,
    );
    const announcedBeforeLast = cloud.bus.delivered.get('announce-meeting') ?? 0;
    await schedule('Efter avslutet');
    for (
      let i = 0;
      i < 200 && (cloud.bus.delivered.get('announce-meeting') ?? 0) === announcedBeforeLast;
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }

    expect([left.body.status, again.body.status]).toEqual(['unsubscribed', 'unsubscribed']);
    expect(await mailTo('eko@mark.example')).toHaveLength(2);
    // A confirmation link is no unsubscribe link, and vice versa
    expect(
      (await api(cloud, 'POST', `/api/subscriptions/${encodeURIComponent(unsubscribeToken)}/confirm`)).status,
    ).toBe(404);
  });

  it('refuses without consent, for an unknown group, and with a malformed token', async () => {
    const noConsent = await api(cloud, 'POST', '/api/focus-groups/fair-trade/subscriptions', {
      email: 'x@y.example',
    });
    const unknown = await api(cloud, 'POST', '/api/focus-groups/no-such-group/subscriptions', {
      email: 'x@y.example',
      consent: true,
    });
    const malformed = await api(cloud, 'POST', '/api/subscriptions/nope/confirm');

    expect([noConsent.status, unknown.status, malformed.status]).toEqual([400, 404, 400]);
    expect(noConsent.body.issues).toEqual([{ path: 'consent', message: 'Consent is required to subscribe' }]);
  });
});
