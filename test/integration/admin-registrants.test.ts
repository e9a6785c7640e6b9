import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { addDays, stockholmDate } from '../../domain/shared/stockholm-time';
import type { LocalCloud } from '../../local/local-cloud';
import { api, startTestCloud, storedEvents, waitForMail } from '../fixtures/local-cloud';

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
