import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { addDays, stockholmDate } from '../../domain/shared/stockholm-time';
import { keys } from '../../functions/adapters/table-design';
import { documentClient } from '../../functions/shared/ports';
import type { LocalCloud } from '../../local/local-cloud';
import { readLocalInbox } from '../../local/ses-local';
import { api, redeliver, startTestCloud, storedEvents, waitForMail } from '../fixtures/local-cloud';

/** The secretariat's registrant list and exports, through the local cloud (issue 16). */
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

const scheduleMeeting = async (capacity: number) => {
  const response = await api(
    cloud,
    'POST',
    '/api/admin/meetings',
    {
      title: 'Nätverksträff: klimatanpassning',
      focusGroupId: 'environmental-strategy',
      kind: 'physical',
      days: [addDays(today, 30), addDays(today, 31)],
      startTime: '09:30',
      endTime: '16:00',
      venue: 'Stadshuset, Borås',
      capacity,
    },
    admin,
  );
  expect(response.status).toBe(201);
  return response.body.id as string;
};

const register = async (
  meetingId: string,
  name: string,
  email: string,
  extra: Record<string, unknown> = {},
) => {
  const response = await api(cloud, 'POST', `/api/meetings/${meetingId}/registrations`, {
    name,
    email,
    municipalityCode: '1490',
    role: 'environmental-strategist',
    consent: true,
    ...extra,
  });
  expect(response.status).toBe(201);
  return response.body as { registrationId: string; status: string };
};

const download = async (path: string) => {
  const response = await fetch(cloud.apiUrl.replace('localhost', '127.0.0.1') + path, { headers: admin });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
};

describe('GET /api/admin/meetings/{meetingId}/registrations', () => {
  let meetingId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    meetingId = await scheduleMeeting(2);
    ids.asa = (
      await register(meetingId, 'Åsa Öström', 'asa@kommun.example', {
        dietaryNeeds: 'Vegetarisk; ingen fisk',
      })
    ).registrationId;
    ids.erik = (
      await register(meetingId, 'Erik Lind', 'erik@kommun.example', { municipalityCode: '1480' })
    ).registrationId;
    ids.zora = (
      await register(meetingId, '=Zora Berg', 'zora@kommun.example', { role: 'municipal-ecologist' })
    ).registrationId;
    ids.olle = (await register(meetingId, 'Olle Ek', 'olle@kommun.example')).registrationId;
  });

  it('lists every registrant with status, queue position and the contract fields', async () => {
    // Act
    const { status, body } = await api(
      cloud,
      'GET',
      `/api/admin/meetings/${meetingId}/registrations`,
      undefined,
      admin,
    );

    // Assert
    expect(status).toBe(200);
    expect(body.meetingId).toBe(meetingId);
    expect(
      body.registrations.map((r: { registrationId: string; status: string; queuePosition?: number }) => [
        r.registrationId,
        r.status,
        r.queuePosition,
      ]),
    ).toEqual([
      [ids.asa, 'confirmed', undefined],
      [ids.erik, 'confirmed', undefined],
      [ids.zora, 'waitlisted', 1],
      [ids.olle, 'waitlisted', 2],
    ]);
    expect(body.registrations[0]).toMatchObject({
      name: 'Åsa Öström',
      email: 'asa@kommun.example',
      municipalityCode: '1490',
      role: 'environmental-strategist',
      days: [addDays(today, 30), addDays(today, 31)],
      dietaryNeeds: 'Vegetarisk; ingen fisk',
      attended: [],
    });
  });

  it('filters by status, municipality, role and name, and sorts by name', async () => {
    const list = async (query: string) =>
      (
        await api(cloud, 'GET', `/api/admin/meetings/${meetingId}/registrations?${query}`, undefined, admin)
      ).body.registrations.map((r: { name: string }) => r.name);

    expect(await list('status=waitlisted')).toEqual(['=Zora Berg', 'Olle Ek']);
    expect(await list('municipality=1480')).toEqual(['Erik Lind']);
    expect(await list('role=municipal-ecologist')).toEqual(['=Zora Berg']);
    expect(await list('q=ostrom')).toEqual(['Åsa Öström']);
    expect(await list('sort=name')).toEqual(['=Zora Berg', 'Erik Lind', 'Olle Ek', 'Åsa Öström']);
  });

  it('refuses a bad filter (400) and an unknown meeting (404), and a caller without a token (401)', async () => {
    expect(
      (
        await api(
          cloud,
          'GET',
          `/api/admin/meetings/${meetingId}/registrations?status=maybe`,
          undefined,
          admin,
        )
      ).status,
    ).toBe(400);
    expect(
      (await api(cloud, 'GET', '/api/admin/meetings/no-such-meeting/registrations', undefined, admin)).body
        .error,
    ).toBe('MEETING_NOT_FOUND');
    expect((await api(cloud, 'GET', `/api/admin/meetings/${meetingId}/registrations`)).status).toBe(401);
  });

  it('exports CSV for Swedish Excel: BOM, semicolons, quoting, formula guard, as an attachment', async () => {
    // Act
    const { response, bytes } = await download(`/api/admin/meetings/${meetingId}/registrations?format=csv`);

    // Assert
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="anmalda-.+\.csv"$/);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe(
      'Namn;E-post;Kommunkod;Roll;Dagar;Kostönskemål;Status;Plats i kön;Anmäld;Närvarande',
    );
    expect(lines[1]).toContain('Åsa Öström;asa@kommun.example;1490;Miljöstrateg;');
    expect(lines[1]).toContain(';"Vegetarisk; ingen fisk";Bekräftad;');
    expect(lines[3]?.startsWith("'=Zora Berg;")).toBe(true);
    expect(lines).toHaveLength(6);
  });

  it('exports XLSX (base64 through the gateway) that reads back with exceljs', async () => {
    // Act
    const { response, bytes } = await download(
      `/api/admin/meetings/${meetingId}/registrations?format=xlsx&status=confirmed`,
    );

    // Assert
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.rowCount).toBe(3);
    expect(sheet?.getRow(2).getCell(1).value).toBe('Åsa Öström');
    expect(sheet?.getRow(3).getCell(1).value).toBe('Erik Lind');
  });
});

describe('POST /api/admin/meetings/{meetingId}/registrations', () => {
  it('registers on someone’s behalf with the public form’s rules, queues on a full meeting, and mails the confirmation', async () => {
    // Arrange: a meeting whose one seat is taken
    const meetingId = await scheduleMeeting(1);
    await register(meetingId, 'Först Först', 'forst@kommun.example');
    const body = {
      name: 'Telefon Tina',
      email: 'tina@kommun.example',
      municipalityCode: '1480',
      role: 'other',
      consent: true,
    };

    // Act
    const response = await api(cloud, 'POST', `/api/admin/meetings/${meetingId}/registrations`, body, admin);

    // Assert
    expect(response.status).toBe(201);
    expect(response.body.status).toBe('waitlisted');
    const mail = await waitForMail(cloud, 'tina@kommun.example');
    expect(mail).toHaveLength(1);
    const list = await api(cloud, 'GET', `/api/admin/meetings/${meetingId}/registrations`, undefined, admin);
    expect(list.body.registrations[1]).toMatchObject({
      registrationId: response.body.registrationId,
      status: 'waitlisted',
      queuePosition: 1,
      source: 'secretariat',
    });
    expect(list.body.registrations[0].source).toBeUndefined();
    const [event] = (await storedEvents(cloud, 'RegistrationReceived')).filter(
      (item) => JSON.parse(String(item.detail)).registrationId === response.body.registrationId,
    );
    expect(event).toBeDefined();
    expect(JSON.stringify(event)).not.toContain('Tina');
    expect(JSON.stringify(event)).not.toContain('tina@');
  });

  it('answers as the public form does: 409 for the same address, 400 for a broken body, 401 without a token', async () => {
    // Arrange
    const meetingId = await scheduleMeeting(5);
    const body = {
      name: 'Dubbel Doris',
      email: 'doris@kommun.example',
      municipalityCode: '1480',
      role: 'other',
      consent: true,
    };
    await api(cloud, 'POST', `/api/admin/meetings/${meetingId}/registrations`, body, admin);

    // Act
    const again = await api(
      cloud,
      'POST',
      `/api/admin/meetings/${meetingId}/registrations`,
      { ...body, email: 'DORIS@kommun.example' },
      admin,
    );
    const broken = await api(
      cloud,
      'POST',
      `/api/admin/meetings/${meetingId}/registrations`,
      { ...body, consent: false },
      admin,
    );
    const anonymous = await api(cloud, 'POST', `/api/admin/meetings/${meetingId}/registrations`, body);

    // Assert
    expect([again.status, again.body.error]).toEqual([409, 'ALREADY_REGISTERED']);
    expect(broken.status).toBe(400);
    expect(anonymous.status).toBe(401);
  });
});

describe('cancel on behalf and promotion by hand', () => {
  const post = (path: string, body?: unknown) => api(cloud, 'POST', path, body, admin);
  const listOf = async (meetingId: string) =>
    (await api(cloud, 'GET', `/api/admin/meetings/${meetingId}/registrations`, undefined, admin)).body
      .registrations as Array<{
      registrationId: string;
      status: string;
      queuePosition?: number;
      promotion?: unknown;
    }>;

  it('cancels on someone’s behalf, and the first waiting gets the seat and the notice', async () => {
    // Arrange
    const meetingId = await scheduleMeeting(1);
    const holder = await register(meetingId, 'Hanna Holm', 'hanna@kommun.example');
    const waiting = await register(meetingId, 'Wilma Wik', 'wilma@kommun.example');

    // Act
    const first = await post(
      `/api/admin/meetings/${meetingId}/registrations/${holder.registrationId}/cancel`,
    );
    const again = await post(
      `/api/admin/meetings/${meetingId}/registrations/${holder.registrationId}/cancel`,
    );

    // Assert
    expect([first.status, first.body]).toEqual([
      200,
      { registrationId: holder.registrationId, status: 'cancelled' },
    ]);
    expect(again.status).toBe(200);
    await waitForMail(cloud, 'wilma@kommun.example', { count: 2 });
    const list = await listOf(meetingId);
    expect(list.find((r) => r.registrationId === waiting.registrationId)?.status).toBe('confirmed');
    expect(
      (await post(`/api/admin/meetings/${meetingId}/registrations/no-such-registration/cancel`)).body.error,
    ).toBe('REGISTRATION_NOT_FOUND');
  });

  it('refuses to promote without a free seat (422), someone not waiting (409), without a reason (400)', async () => {
    // Arrange
    const meetingId = await scheduleMeeting(1);
    const holder = await register(meetingId, 'Hanna Holm', 'hanna2@kommun.example');
    const waiting = await register(meetingId, 'Wera Wik', 'wera2@kommun.example');
    const promote = (id: string, body: unknown) =>
      post(`/api/admin/meetings/${meetingId}/registrations/${id}/promote`, body);

    // Act
    const full = await promote(waiting.registrationId, { reason: 'Talare i programmet' });
    const notWaiting = await promote(holder.registrationId, { reason: 'Fel person' });
    const noReason = await promote(waiting.registrationId, {});
    const unknown = await promote('no-such-registration', { reason: 'x' });
    const inOrder = await post(`/api/admin/meetings/${meetingId}/promotions`, {
      reason: 'Lokalen rymmer fler',
    });

    // Assert
    expect([full.status, full.body.error]).toEqual([422, 'NO_SEAT_FREE']);
    expect([notWaiting.status, notWaiting.body.error]).toEqual([409, 'NOT_WAITLISTED']);
    expect(noReason.status).toBe(400);
    expect([unknown.status, unknown.body.error]).toEqual([404, 'REGISTRATION_NOT_FOUND']);
    expect([inOrder.status, inOrder.body.error]).toEqual([422, 'NO_SEAT_FREE']);
  });

  it('promotes by choice past the queue and then in order, the reason kept with the registration and out of the event', async () => {
    // Arrange: one seat taken, two waiting; then the venue takes two more (raised in the table:
    // no event, so no consumer seats anyone before the secretariat does).
    const meetingId = await scheduleMeeting(1);
    await register(meetingId, 'Hanna Holm', 'hanna3@kommun.example');
    const first = await register(meetingId, 'Först I Kön', 'forst3@kommun.example');
    const second = await register(meetingId, 'Andra I Kön', 'andra3@kommun.example');
    await cloud.bus.idle();
    const db = documentClient({ AWS_REGION: 'eu-north-1', DYNAMODB_ENDPOINT: cloud.dynamoDbEndpoint });
    await db.send(
      new UpdateCommand({
        TableName: cloud.tableName,
        Key: keys.meeting(meetingId),
        UpdateExpression: 'SET #capacity = :three',
        ExpressionAttributeNames: { '#capacity': 'capacity' },
        ExpressionAttributeValues: { ':three': 3 },
      }),
    );

    // Act
    const byChoice = await post(
      `/api/admin/meetings/${meetingId}/registrations/${second.registrationId}/promote`,
      {
        reason: 'Talare i programmet',
      },
    );
    const afterChoice = await listOf(meetingId);
    const inOrder = await post(`/api/admin/meetings/${meetingId}/promotions`, {
      reason: 'Lokalen rymmer fler',
    });
    const nobody = await post(`/api/admin/meetings/${meetingId}/promotions`, { reason: 'Igen' });

    // Assert
    expect([byChoice.status, byChoice.body]).toEqual([
      200,
      { registrationId: second.registrationId, status: 'confirmed' },
    ]);
    expect(afterChoice.find((r) => r.registrationId === second.registrationId)).toMatchObject({
      status: 'confirmed',
      promotion: { mode: 'by-choice', reason: 'Talare i programmet' },
    });
    expect(afterChoice.find((r) => r.registrationId === first.registrationId)).toMatchObject({
      status: 'waitlisted',
      queuePosition: 1,
    });
    expect([inOrder.status, inOrder.body]).toEqual([
      201,
      { registrationId: first.registrationId, status: 'confirmed' },
    ]);
    expect([nobody.status, nobody.body.error]).toEqual([422, 'NOBODY_WAITING']);
    await waitForMail(cloud, 'andra3@kommun.example', { count: 2 });
    const events = (await storedEvents(cloud, 'RegistrationPromoted')).map((item) => String(item.detail));
    expect(events.some((detail) => detail.includes(second.registrationId))).toBe(true);
    expect(events.join('')).not.toMatch(/Talare|Lokalen/);
  });
});

describe('messages to a meeting’s registrants', () => {
  it('previews, sends one mail per recipient with Reply-To the secretariat, keeps the history, and a redelivery sends nothing twice', async () => {
    // Arrange: two with a seat, one waiting
    const meetingId = await scheduleMeeting(2);
    await register(meetingId, 'Maja Mejl', 'maja@kommun.example');
    await register(meetingId, 'Nils Mejl', 'nils@kommun.example', { language: 'en' });
    await register(meetingId, 'Vera Väntar', 'vera@kommun.example');
    await cloud.bus.idle();
    const body = {
      subject: 'Programmet är klart',
      text: 'Välkomna!\n\nKaffe från 09.00.',
      audience: 'confirmed',
    };
    const path = `/api/admin/meetings/${meetingId}/messages`;

    // Act
    const preview = await api(cloud, 'POST', path, { ...body, preview: true }, admin);
    const sent = await api(cloud, 'POST', path, body, admin);
    const maja = await waitForMail(cloud, 'maja@kommun.example', { count: 2 });
    const nils = await waitForMail(cloud, 'nils@kommun.example', { count: 2 });
    await cloud.bus.idle();

    // Assert
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      preview: true,
      recipients: 2,
      sample: { subject: 'Programmet är klart' },
    });
    expect(preview.body.sample.text).toContain('Kaffe från 09.00.');
    expect([sent.status, sent.body.recipients]).toEqual([202, 2]);
    const message = maja.find((mail) => mail.subject === 'Programmet är klart') as (typeof maja)[number] & {
      replyTo?: string[];
    };
    expect(message.body.text).toContain('Hej Maja Mejl,');
    expect(message.replyTo).toEqual(['kommunnatverket@goteborgsregionen.example']);
    expect(nils.filter((mail) => mail.subject === 'Programmet är klart')).toHaveLength(1);
    expect(
      (await waitForMail(cloud, 'vera@kommun.example', { timeoutMs: 200 })).map((m) => m.subject),
    ).not.toContain('Programmet är klart');
    const history = await api(cloud, 'GET', path, undefined, admin);
    expect(history.body.messages).toEqual([
      {
        messageId: sent.body.messageId,
        subject: 'Programmet är klart',
        text: 'Välkomna!\n\nKaffe från 09.00.',
        audience: 'confirmed',
        recipients: 2,
        sentAt: expect.any(String),
      },
    ]);
    const [event] = (await storedEvents(cloud, 'MeetingMessageSent')).filter(
      (item) => JSON.parse(String(item.detail)).messageId === sent.body.messageId,
    );
    expect(event).toBeDefined();
    expect(String(event?.detail)).not.toMatch(/Programmet|maja|Maja/);

    // Act again: the bus delivers the event twice more, and once with the consumer's receipt
    // gone (as if it had died after sending): the per-recipient marks still hold.
    await redeliver(cloud, [event as Record<string, unknown>], 2);
    const db = documentClient({ AWS_REGION: 'eu-north-1', DYNAMODB_ENDPOINT: cloud.dynamoDbEndpoint });
    await db.send(
      new DeleteCommand({
        TableName: cloud.tableName,
        Key: keys.receipt('send-meeting-message', String(event?.eventId)),
      }),
    );
    await redeliver(cloud, [event as Record<string, unknown>]);

    // Assert: still one copy each
    const after = (await readLocalInbox(cloud.sesUrl)).filter(
      (mail) => mail.subject === 'Programmet är klart',
    );
    expect(after.map((mail) => mail.destination.to[0]).sort()).toEqual([
      'maja@kommun.example',
      'nils@kommun.example',
    ]);
  });

  it('refuses an audience with nobody in it (422) and a broken body (400)', async () => {
    const meetingId = await scheduleMeeting(2);
    const path = `/api/admin/meetings/${meetingId}/messages`;
    const nobody = await api(
      cloud,
      'POST',
      path,
      { subject: 'Hej', text: 'Text', audience: 'attended' },
      admin,
    );
    const broken = await api(
      cloud,
      'POST',
      path,
      { subject: 'Hej', text: 'Text', audience: 'everyone' },
      admin,
    );
    expect([nobody.status, nobody.body.error]).toEqual([422, 'NO_RECIPIENTS']);
    expect(broken.status).toBe(400);
  });
});

describe('POST /api/admin/meetings/{meetingId}/clone', () => {
  it('schedules a new meeting with the same content on new days, seats empty', async () => {
    // Arrange
    const meetingId = await scheduleMeeting(7);
    await register(meetingId, 'Klon Karin', 'karin@kommun.example');
    const days = [addDays(today, 60), addDays(today, 61)];

    // Act
    const clone = await api(cloud, 'POST', `/api/admin/meetings/${meetingId}/clone`, { days }, admin);
    const unknown = await api(cloud, 'POST', '/api/admin/meetings/no-such-meeting/clone', { days }, admin);
    const oneDayTooMany = await api(
      cloud,
      'POST',
      `/api/admin/meetings/${meetingId}/clone`,
      { days: [addDays(today, 60), addDays(today, 62)] },
      admin,
    );

    // Assert
    expect(clone.status).toBe(201);
    const original = (await api(cloud, 'GET', `/api/meetings/${meetingId}`)).body;
    const copy = (await api(cloud, 'GET', `/api/meetings/${clone.body.id}`)).body;
    expect(copy).toMatchObject({
      title: original.title,
      kind: original.kind,
      venue: original.venue,
      startTime: original.startTime,
      capacity: 7,
      seatsLeft: 7,
      days,
    });
    expect([unknown.status, unknown.body.error]).toEqual([404, 'MEETING_NOT_FOUND']);
    expect(oneDayTooMany.status).toBe(400);
  });
});

describe('PUT /api/admin/meetings/{meetingId}', () => {
  it('changes content and seats; added seats go to the waiting list; fewer seats than taken is refused', async () => {
    // Arrange: one seat taken, two waiting
    const meetingId = await scheduleMeeting(1);
    await register(meetingId, 'Sittande Sara', 'sara@kommun.example');
    const first = await register(meetingId, 'Väntande Ville', 'ville@kommun.example');
    const second = await register(meetingId, 'Väntande Vera', 'vera2@kommun.example');
    await cloud.bus.idle();
    const path = `/api/admin/meetings/${meetingId}`;

    // Act
    const revised = await api(
      cloud,
      'PUT',
      path,
      { title: 'Nätverksträff: klimatanpassning, del 2', programme: 'Förmiddag: workshop', capacity: 2 },
      admin,
    );
    // The added seat goes to the first waiting (the promotion notice is their second mail).
    await waitForMail(cloud, 'ville@kommun.example', { count: 2 });
    await cloud.bus.idle();
    const unchanged = await api(cloud, 'PUT', path, { capacity: 2 }, admin);
    const tooFew = await api(cloud, 'PUT', path, { capacity: 1 }, admin);
    const empty = await api(cloud, 'PUT', path, {}, admin);
    const moving = await api(cloud, 'PUT', path, { venue: 'Annanstans' }, admin);

    // Assert
    expect([revised.status, revised.body]).toEqual([
      200,
      { id: meetingId, changed: ['title', 'programme', 'capacity'] },
    ]);
    expect(unchanged.body.changed).toEqual([]);
    expect([tooFew.status, tooFew.body.error]).toEqual([422, 'CAPACITY_BELOW_SEATS']);
    expect(empty.status).toBe(400);
    expect(moving.status).toBe(400);
    const meeting = (await api(cloud, 'GET', `/api/meetings/${meetingId}`)).body;
    expect(meeting).toMatchObject({
      title: 'Nätverksträff: klimatanpassning, del 2',
      programme: 'Förmiddag: workshop',
      capacity: 2,
      seatsLeft: 0,
    });
    const list = (await api(cloud, 'GET', `${path}/registrations`, undefined, admin)).body
      .registrations as Array<{
      registrationId: string;
      status: string;
    }>;
    expect(list.find((r) => r.registrationId === first.registrationId)?.status).toBe('confirmed');
    expect(list.find((r) => r.registrationId === second.registrationId)?.status).toBe('waitlisted');
  });
});
