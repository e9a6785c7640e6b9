import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import { addDays, stockholmDate } from '../../domain/shared/stockholm-time';
import { GSI1, gsi1 } from '../../functions/adapters/table-design';
import { documentClient } from '../../functions/shared/ports';
import type { LocalCloud } from '../../local/local-cloud';
import { readLocalInbox } from '../../local/ses-local';
import { toBusEvent } from '../../local/stream-pipe';
import { api, startTestCloud, waitForMail } from '../fixtures/local-cloud';

/**
 * The first flow through the whole local cloud: HTTP → local API Gateway → handler → DynamoDB
 * Local (one transaction) → stream → local pipe → local bus → rule → consumer → local SES.
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

const scheduleMeeting = async (overrides: Record<string, unknown> = {}) => {
  const response = await api(
    cloud,
    'POST',
    '/api/admin/meetings',
    {
      title: 'Nätverksträff: klimatanpassning',
      focusGroupId: 'environmental-strategy',
      kind: 'physical',
      days: [addDays(today, 20), addDays(today, 21)],
      startTime: '09:30',
      endTime: '16:00',
      venue: 'Stadshuset, Borås',
      capacity: 30,
      ...overrides,
    },
    admin,
  );
  expect(response.status).toBe(201);
  return response.body.id as string;
};

const registration = (email: string, overrides: Record<string, unknown> = {}) => ({
  name: 'Robin Lind',
  email,
  municipalityCode: '1490',
  role: 'environmental-strategist',
  consent: true,
  ...overrides,
});

describe('registration flow on the local cloud', () => {
  it('lists the seeded upcoming meetings, soonest first, with the contract fields', async () => {
    const { status, body } = await api(cloud, 'GET', '/api/meetings');

    expect(status).toBe(200);
    // biome-ignore lint/suspicious/noExplicitAny: JSON answers are checked by the assertions
    const meetings = body.meetings as Array<Record<string, any>>;
    expect(meetings.length).toBeGreaterThanOrEqual(5);
    const firstDays = meetings.map((meeting) => meeting.days[0] as string);
    expect(firstDays).toEqual([...firstDays].sort());
    expect(meetings.some((m) => m.kind === 'physical' && m.days.length === 2 && m.registrationOpen)).toBe(
      true,
    );
    expect(meetings.some((m) => m.kind === 'digital' && m.onlineUrl && m.registrationOpen)).toBe(true);
    expect(new Set(meetings.map((m) => m.focusGroup.id))).toEqual(
      new Set(['environmental-strategy', 'nature-conservation', 'fair-trade']),
    );
    expect(Object.keys(meetings[0] ?? {})).toEqual(
      expect.arrayContaining([
        'id',
        'title',
        'focusGroup',
        'kind',
        'days',
        'startTime',
        'endTime',
        'capacity',
        'seatsLeft',
        'registrationOpen',
        'registrationClosesAt',
      ]),
    );
  });

  it('confirms a registration and e-mails a Swedish confirmation with title, dates, time and venue', async () => {
    // Arrange
    const meetingId = await scheduleMeeting({ title: 'Träff om <natur> & "klimat"' });
    // Act
    const response = await api(
      cloud,
      'POST',
      `/api/meetings/${meetingId}/registrations`,
      registration('robin@boras.example'),
    );
    const mail = await waitForMail(cloud, 'robin@boras.example');
    // Assert
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ registrationId: expect.any(String), status: 'confirmed' });
    expect(mail).toHaveLength(1);
    const [message] = mail;
    expect(message?.subject).toBe('Anmälan bekräftad: Träff om <natur> & "klimat"');
    expect(message?.body.text).toContain('Stadshuset, Borås');
    expect(message?.body.text).toContain('kl. 09:30–16:00');
    expect(message?.body.html).toContain('Träff om &lt;natur&gt; &amp; &quot;klimat&quot;');
    expect(message?.body.html).not.toContain('<natur>');
    const seats = await api(cloud, 'GET', `/api/meetings/${meetingId}`);
    expect(seats.body.seatsLeft).toBe(29);
  });

  it('e-mails in English when the registrant chooses English, with the online link of a digital meeting', async () => {
    const meetingId = await scheduleMeeting({
      kind: 'digital',
      days: [addDays(today, 9)],
      venue: undefined,
      onlineUrl: 'https://meet.example.org/room-42',
      startTime: '13:00',
      endTime: '14:30',
    });

    await api(
      cloud,
      'POST',
      `/api/meetings/${meetingId}/registrations`,
      registration('sam@boras.example', { language: 'en' }),
    );
    const [message] = await waitForMail(cloud, 'sam@boras.example');

    expect(message?.subject).toMatch(/^Registration confirmed: /);
    expect(message?.body.text).toContain('https://meet.example.org/room-42');
    expect(message?.body.text).toContain('13:00–14:30');
  });

  it('never exceeds capacity under 40 concurrent registrations for 10 seats', async () => {
    const meetingId = await scheduleMeeting({ capacity: 10, days: [addDays(today, 30)] });

    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        api(
          cloud,
          'POST',
          `/api/meetings/${meetingId}/registrations`,
          registration(`burst-${i}@boras.example`),
        ),
      ),
    );

    expect(responses.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    const statuses = responses.map((r) => r.body.status as string);
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(10);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(30);
    expect((await api(cloud, 'GET', `/api/meetings/${meetingId}`)).body.seatsLeft).toBe(0);
    const waiting = await waitForMail(cloud, 'burst-39@boras.example');
    expect(waiting[0]?.subject).toMatch(/^(Anmälan bekräftad|Du står på väntelistan): /);
  });

  it('sends one mail even when the bus delivers the same event twice', async () => {
    // Arrange
    const meetingId = await scheduleMeeting();
    const { body } = await api(
      cloud,
      'POST',
      `/api/meetings/${meetingId}/registrations`,
      registration('twice@boras.example'),
    );
    await waitForMail(cloud, 'twice@boras.example');
    await cloud.bus.idle();
    const db = documentClient({ AWS_REGION: 'eu-north-1', DYNAMODB_ENDPOINT: cloud.dynamoDbEndpoint });
    const { Items } = await db.send(
      new QueryCommand({
        TableName: cloud.tableName,
        IndexName: GSI1.indexName,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': gsi1.eventsOfYear(new Date().toISOString().slice(0, 4)) },
      }),
    );
    const item = (Items ?? []).find(
      (i) => i.detailType === 'RegistrationReceived' && String(i.detail).includes(body.registrationId),
    );
    expect(item).toBeDefined();
    // Act: redeliver the outbox record twice, as an at-least-once bus may
    const record = { eventName: 'INSERT', dynamodb: { NewImage: marshall(item) } };
    cloud.bus.put(toBusEvent(record as never));
    cloud.bus.put(toBusEvent(record as never));
    await cloud.bus.idle();
    // Assert
    const mail = (await readLocalInbox(cloud.sesUrl)).filter((m) =>
      m.destination.to.includes('twice@boras.example'),
    );
    expect(mail).toHaveLength(1);
    expect(cloud.bus.deadLetters).toEqual([]);
  });

  it('refuses a second registration with the same e-mail in another case with 409', async () => {
    const meetingId = await scheduleMeeting();
    await api(cloud, 'POST', `/api/meetings/${meetingId}/registrations`, registration('Case@Boras.example'));

    const again = await api(
      cloud,
      'POST',
      `/api/meetings/${meetingId}/registrations`,
      registration('case@boras.EXAMPLE'),
    );

    expect(again.status).toBe(409);
    expect(again.body.error).toBe('ALREADY_REGISTERED');
  });

  it('answers bad input with 4xx in the documented shape and stores nothing', async () => {
    const meetingId = await scheduleMeeting({ capacity: 5 });
    const path = `/api/meetings/${meetingId}/registrations`;

    const malformed = await api(cloud, 'POST', path, '{"name": ');
    const invalid = await api(
      cloud,
      'POST',
      path,
      registration('bad@boras.example', { consent: false, municipalityCode: '12' }),
    );
    const notMember = await api(
      cloud,
      'POST',
      path,
      registration('tjorn@tjorn.example', { municipalityCode: '1419' }),
    );
    const tooBig = await api(
      cloud,
      'POST',
      path,
      registration('big@boras.example', { dietaryNeeds: 'x'.repeat(17_000) }),
    );
    const unknown = await api(
      cloud,
      'POST',
      '/api/meetings/no-such-meeting/registrations',
      registration('x@boras.example'),
    );

    expect(malformed).toMatchObject({ status: 400, body: { error: 'VALIDATION_FAILED' } });
    expect(invalid.status).toBe(400);
    expect((invalid.body.issues as Array<{ path: string }>).map((i) => i.path).sort()).toEqual([
      'consent',
      'municipalityCode',
    ]);
    expect(notMember).toMatchObject({ status: 422, body: { error: 'NOT_A_MEMBER' } });
    expect(tooBig).toMatchObject({ status: 413, body: { error: 'PAYLOAD_TOO_LARGE' } });
    expect(unknown).toMatchObject({ status: 404, body: { error: 'MEETING_NOT_FOUND' } });
    expect((await api(cloud, 'GET', `/api/meetings/${meetingId}`)).body.seatsLeft).toBe(5);
    await cloud.bus.idle();
    const inbox = await readLocalInbox(cloud.sesUrl);
    expect(inbox.filter((m) => /bad@|tjorn@|big@/.test(m.destination.to.join()))).toEqual([]);
  });

  it('refuses admin routes without a valid bearer token', async () => {
    const plan = {
      title: 'x',
      focusGroupId: 'fair-trade',
      kind: 'digital',
      days: [addDays(today, 5)],
      startTime: '10:00',
      endTime: '11:00',
      onlineUrl: 'https://meet.example.org/x',
      capacity: 5,
    };
    const expired = await cloud.issueAdminToken({ expiresIn: '-1m' });
    const forged = `${cloud.adminToken.slice(0, cloud.adminToken.lastIndexOf('.'))}.${'A'.repeat(342)}`;

    const answers = await Promise.all([
      api(cloud, 'POST', '/api/admin/meetings', plan),
      api(cloud, 'POST', '/api/admin/meetings', plan, { authorization: 'Bearer not-a-jwt' }),
      api(cloud, 'POST', '/api/admin/meetings', plan, { authorization: `Bearer ${expired}` }),
      api(cloud, 'POST', '/api/admin/meetings', plan, { authorization: `Bearer ${forged}` }),
      api(cloud, 'POST', '/api/admin/meetings', plan, { authorization: cloud.adminToken }),
    ]);

    for (const answer of answers)
      expect(answer).toMatchObject({ status: 401, body: { error: 'UNAUTHORIZED' } });
    const meetings = (await api(cloud, 'GET', '/api/meetings')).body.meetings as Array<{ title: string }>;
    expect(meetings.some((m) => m.title === 'x')).toBe(false);
  });

  it('serves the OpenAPI document and the web page with its security headers', async () => {
    const openapi = await api(cloud, 'GET', '/api/openapi.json');
    const page = await api(cloud, 'GET', '/');

    expect(openapi.status).toBe(200);
    expect(openapi.body.openapi).toBe('3.1.0');
    expect(openapi.body.paths['/api/admin/meetings'].post.security).toEqual([{ adminBearer: [] }]);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(String(page.body)).toContain('<script src="/meetings.js"');
  });
});

describe('the calendar invitation', () => {
  it('comes with a confirmation, in Europe/Stockholm time, with one UID per meeting', async () => {
    // Arrange
    const meetingId = await scheduleMeeting({
      days: ['2027-01-14', '2027-01-15'],
      startTime: '09:30',
      endTime: '16:00',
    });
    // Act
    await api(cloud, 'POST', `/api/meetings/${meetingId}/registrations`, registration('ics@boras.example'));
    const [mail] = await waitForMail(cloud, 'ics@boras.example');
    // Assert
    const attachment = mail?.attachments?.find((a) => a.filename === 'invitation.ics');
    expect(attachment?.contentType).toMatch(/^text\/calendar/);
    const calendar = new ICAL.Component(
      ICAL.parse(Buffer.from(attachment?.content ?? '', 'base64').toString('utf8')),
    );
    const timezone = calendar.getFirstSubcomponent('vtimezone');
    if (timezone) ICAL.TimezoneService.register(new ICAL.Timezone(timezone));
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent') ?? undefined);
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(event.uid).toBe(`${meetingId}@network.local`);
    expect(event.summary).toBe('Nätverksträff: klimatanpassning');
    expect(event.startDate.toJSDate().toISOString()).toBe('2027-01-14T08:30:00.000Z');
    const occurrences = event.iterator();
    const days = [occurrences.next(), occurrences.next(), occurrences.next()]
      .filter(Boolean)
      .map((t) => t?.toString().slice(0, 10));
    expect(days).toEqual(['2027-01-14', '2027-01-15']);
  });

  it('is not sent to someone who only waits', async () => {
    const meetingId = await scheduleMeeting({ capacity: 1 });
    await api(cloud, 'POST', `/api/meetings/${meetingId}/registrations`, registration('seat@boras.example'));
    await api(cloud, 'POST', `/api/meetings/${meetingId}/registrations`, registration('queue@boras.example'));

    const [waiting] = await waitForMail(cloud, 'queue@boras.example');

    expect(waiting?.subject).toMatch(/^Du står på väntelistan/);
    expect(waiting?.attachments ?? []).toEqual([]);
  });
});

describe('focus groups are data', () => {
  it('adds, renames and retires a group; a retired group takes no new meetings', async () => {
    // Act
    const added = await api(
      cloud,
      'PUT',
      '/api/admin/focus-groups/climate-adaptation',
      { name: { sv: 'Klimatanpassning', en: 'Climate adaptation' } },
      admin,
    );
    const renamed = await api(
      cloud,
      'PUT',
      '/api/admin/focus-groups/climate-adaptation',
      { name: { sv: 'Klimatanpassningsgruppen', en: 'Climate adaptation' } },
      admin,
    );
    const meetingBefore = await api(
      cloud,
      'POST',
      '/api/admin/meetings',
      {
        title: 'Första mötet',
        focusGroupId: 'climate-adaptation',
        kind: 'digital',
        days: [addDays(today, 40)],
        startTime: '10:00',
        endTime: '11:00',
        onlineUrl: 'https://meet.example.org/ka',
        capacity: 20,
      },
      admin,
    );
    const retired = await api(
      cloud,
      'PUT',
      '/api/admin/focus-groups/climate-adaptation',
      { name: { sv: 'Klimatanpassningsgruppen', en: 'Climate adaptation' }, retired: true },
      admin,
    );
    const meetingAfter = await api(
      cloud,
      'POST',
      '/api/admin/meetings',
      {
        title: 'Andra mötet',
        focusGroupId: 'climate-adaptation',
        kind: 'digital',
        days: [addDays(today, 41)],
        startTime: '10:00',
        endTime: '11:00',
        onlineUrl: 'https://meet.example.org/ka',
        capacity: 20,
      },
      admin,
    );
    const unauthorised = await api(cloud, 'PUT', '/api/admin/focus-groups/x', { name: { sv: 'x', en: 'x' } });

    // Assert
    expect([added.status, renamed.status, meetingBefore.status, retired.status]).toEqual([
      200, 200, 201, 200,
    ]);
    expect(meetingAfter).toMatchObject({ status: 404, body: { error: 'FOCUS_GROUP_NOT_FOUND' } });
    expect(unauthorised.status).toBe(401);
    const groups = (await api(cloud, 'GET', '/api/focus-groups')).body.focusGroups as Array<{
      id: string;
      name: { sv: string };
      retired?: boolean;
    }>;
    expect(groups.find((g) => g.id === 'climate-adaptation')).toEqual({
      id: 'climate-adaptation',
      name: { sv: 'Klimatanpassningsgruppen', en: 'Climate adaptation' },
      retired: true,
    });
    const listed = (await api(cloud, 'GET', '/api/meetings')).body.meetings as Array<{
      title: string;
      focusGroup: { name: string };
    }>;
    expect(listed.find((m) => m.title === 'Första mötet')?.focusGroup.name).toBe('Klimatanpassningsgruppen');
  });
});

describe('hostile paths', () => {
  it('answers 400, not 500, for a meeting id that cannot be one or a malformed escape', async () => {
    const long = await api(cloud, 'GET', `/api/meetings/${'a'.repeat(3000)}`);
    const badEscape = await api(cloud, 'GET', '/api/meetings/%E0');
    const register = await api(
      cloud,
      'POST',
      `/api/meetings/${'b'.repeat(3000)}/registrations`,
      registration('x@boras.example'),
    );

    expect([long.status, badEscape.status, register.status]).toEqual([400, 400, 400]);
    expect(long.body.error).toBe('VALIDATION_FAILED');
  });
});

describe('meeting details', () => {
  it('publishes the programme, invited speakers and partner organisations', async () => {
    const meetingId = await scheduleMeeting({
      programme: '09.30 Välkommen\n10.00 Naturbaserade lösningar i stadsplaneringen',
      speakers: ['Forskare, Göteborgs universitet'],
      partners: ['Länsstyrelsen i Västra Götalands län', 'Västra Götalandsregionen'],
    });
    const refused = await api(
      cloud,
      'POST',
      '/api/admin/meetings',
      {
        title: 'x',
        focusGroupId: 'fair-trade',
        kind: 'digital',
        days: [addDays(today, 5)],
        startTime: '10:00',
        endTime: '11:00',
        onlineUrl: 'https://meet.example.org/x',
        capacity: 5,
        speakers: ['A\r\nBcc: x@y.example'],
      },
      admin,
    );

    const { body } = await api(cloud, 'GET', `/api/meetings/${meetingId}`);

    expect(body).toMatchObject({
      programme: '09.30 Välkommen\n10.00 Naturbaserade lösningar i stadsplaneringen',
      speakers: ['Forskare, Göteborgs universitet'],
      partners: ['Länsstyrelsen i Västra Götalands län', 'Västra Götalandsregionen'],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.issues.map((i: { path: string }) => i.path)).toEqual(['speakers.0']);
  });
});
