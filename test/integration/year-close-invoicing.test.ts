import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { extractText, getDocumentProxy } from 'unpdf';
import type { LocalCloud } from '../../local/local-cloud';
import { readLocalInbox, type StoredMail } from '../../local/ses-local';
import { api, redeliver, startTestCloud, storedEvents } from '../fixtures/local-cloud';

/**
 * The fee year end to end on the local cloud: population import → schedule → preview → close →
 * invoices in the table → e-mails with a PDF that parses and shows the right total. Seeded demo
 * data: 39 members (four through the Dalsland federation), principal Göteborgsregionen from 2024,
 * an example 2024 schedule of 3 kr/inhabitant, floor 10 000 kr, cap 150 000 kr, 25 % VAT.
 */
let cloud: LocalCloud;
let admin: Record<string, string>;

beforeAll(async () => {
  cloud = await startTestCloud();
  admin = { authorization: `Bearer ${cloud.adminToken}` };
});
afterAll(async () => {
  await cloud?.stop();
});

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are checked by the assertions
const upload = (body: Buffer | string, contentType = 'text/csv'): Promise<{ status: number; body: any }> =>
  fetch(`${cloud.apiUrl.replace('localhost', '127.0.0.1')}/api/admin/population?source=test`, {
    method: 'POST',
    headers: { ...admin, 'content-type': contentType },
    body,
  }).then(async (response) => ({ status: response.status, body: await response.json() }));

const invoiceMails = async (): Promise<StoredMail[]> =>
  (await readLocalInbox(cloud.sesUrl)).filter((mail) => (mail.attachments ?? []).length > 0);

describe('population import', () => {
  it('accepts SCB’s export in Latin-1 and changes nothing when the figures are already stored', async () => {
    const text = readFileSync(
      join(import.meta.dirname, '..', 'fixtures', 'population', 'scb-be0101n1-vastra-gotaland.csv'),
      'utf8',
    );

    const result = await upload(Buffer.from(text, 'latin1'));

    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      layout: 'scb',
      encoding: 'latin-1',
      changed: 0,
      years: [2021, 2022, 2023],
    });
    expect(result.body.figures).toBe(101);
  });

  it('stores a new figure once: the same file again changes nothing', async () => {
    // Synthetic test figure for Vårgårda (our public data has no 2023 value for it).
    const file = 'code,year,population\n1442,2023,12345\n';

    const first = await upload(file);
    const again = await upload(file);

    expect(first.body).toMatchObject({ changed: 1, unchanged: 0 });
    expect(again.body).toMatchObject({ changed: 0, unchanged: 1 });
    expect(await storedEvents(cloud, 'PopulationImported')).toHaveLength(2); // the seed's and this one
  });

  it('rejects a bad file as a whole with issues naming the lines, storing nothing', async () => {
    const before = (await api(cloud, 'GET', '/api/admin/fees/2024', undefined, admin)).body;

    const bad = await upload('code,year,population\n1480,2023,700000\n148,2023,5\n1401,2023,-3\n');

    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('VALIDATION_FAILED');
    expect(bad.body.issues.map((issue: { path: string }) => issue.path)).toEqual(['line 3', 'line 4']);
    expect((await api(cloud, 'GET', '/api/admin/fees/2024', undefined, admin)).body).toEqual(before);
  });
});

describe('fee schedules', () => {
  it('indexes a year from the previous one by wage growth, rounding as the rules say', async () => {
    await api(
      cloud,
      'PUT',
      '/api/admin/fee-schedules/2030',
      { orePerInhabitant: 257, floorOre: 1_000_000, capOre: 15_000_000, vatPercent: 25 },
      admin,
    );

    const indexed = await api(
      cloud,
      'POST',
      '/api/admin/fee-schedules/2031/index',
      { wageGrowthPercent: 3.8 },
      admin,
    );

    // 257 × 1.038 = 266.766 → 267 öre; 10 000 kr × 1.038 = 10 380 kr; 150 000 × 1.038 = 155 700 kr
    expect(indexed.status).toBe(201);
    expect(indexed.body).toMatchObject({
      year: 2031,
      orePerInhabitant: 267,
      floorOre: 1_038_000,
      capOre: 15_570_000,
      vatPercent: 25,
      indexedFrom: { year: 2030, wageGrowthPercent: 3.8 },
    });
  });

  it('previews the 2024 fees from the population on 31 December 2023', async () => {
    const { body } = await api(cloud, 'GET', '/api/admin/fees/2024', undefined, admin);

    const line = (code: string) =>
      body.lines.find((l: { municipalityCode: string }) => l.municipalityCode === code);
    // Göteborg 604 616 × 3 kr = 1 813 848 kr → held at the cap of 150 000 kr
    expect(line('1480')).toMatchObject({
      population: 604_616,
      populationDate: '2023-12-31',
      feeOre: 15_000_000,
      basis: 'cap',
    });
    // Dals-Ed 4 606 × 3 kr = 13 818 kr, paid by the federation
    expect(line('1438')).toMatchObject({
      feeOre: 1_381_800,
      basis: 'rate',
      billingPartyId: 'dalslands-miljo-och-energiforbund',
    });
    expect(body.missingPopulation).toEqual(['1452']); // Tranemo: no 2023 figure in our data, nothing guessed
    expect(body.lines).toHaveLength(38);
  });
});

describe('closing 2023', () => {
  it('answers 422 for a year that has not ended and for one whose next schedule is missing', async () => {
    const thisYear = Number(new Date().toISOString().slice(0, 4));
    expect(
      (await api(cloud, 'POST', `/api/admin/years/${thisYear}/close`, undefined, admin)).body.error,
    ).toBe('YEAR_NOT_ENDED');
    expect((await api(cloud, 'POST', '/api/admin/years/2019/close', undefined, admin)).body.error).toBe(
      'FEE_SCHEDULE_MISSING',
    );
  });

  it('closes once under 20 concurrent requests and issues one gapless invoice series', async () => {
    // Act
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => api(cloud, 'POST', '/api/admin/years/2023/close', undefined, admin)),
    );
    await cloud.bus.idle();
    for (let i = 0; i < 50 && (await invoiceMails()).length < 36; i++)
      await new Promise((r) => setTimeout(r, 100));
    await cloud.bus.idle();

    // Assert: one close, the rest refused
    expect(answers.map((a) => a.status).sort()).toEqual([202, ...Array(19).fill(409)]);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.error === 'YEAR_ALREADY_CLOSED')).toBe(
      true,
    );
    const { body } = await api(cloud, 'GET', '/api/admin/invoices?year=2024', undefined, admin);
    // 38 members with figures: 34 pay for themselves, 4 through the federation → 35 invoices
    const numbers = (body.invoices as Array<{ number: number }>).map((i) => i.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 35 }, (_, i) => 240_001 + i));
    expect(body.notInvoiced).toEqual([{ municipalityCode: '1452', reason: 'MISSING_POPULATION' }]);
    const federation = body.invoices.find(
      (i: { billingPartyId: string }) => i.billingPartyId === 'dalslands-miljo-och-energiforbund',
    );
    // 13 818 + 19 302 + 27 414 + 27 495 kr = 88 029 kr; VAT 22 007,25 kr; total 110 036,25 kr
    expect(federation).toMatchObject({
      netOre: 8_802_900,
      vatOre: 2_200_725,
      totalOre: 11_003_625,
      status: 'issued',
    });
    expect(federation.lines.map((l: { municipalityCode: string }) => l.municipalityCode)).toEqual([
      '1438',
      '1439',
      '1460',
      '1461',
    ]);
  });

  it('e-mails each invoice with a PDF that parses and shows its total', async () => {
    const mails = await invoiceMails();
    expect(mails).toHaveLength(35);
    const mail = mails.find((m) => m.destination.to.includes('faktura@dalslands-miljo.example'));
    expect(mail?.subject).toMatch(
      /^Faktura 2400\d\d – årsavgift 2024, Kommunnätverket för hållbar utveckling$/,
    );
    const attachment = mail?.attachments?.[0];
    expect(attachment?.contentType).toBe('application/pdf');

    const pdf = await getDocumentProxy(new Uint8Array(Buffer.from(attachment?.content ?? '', 'base64')));
    const { text } = await extractText(pdf, { mergePages: true });

    expect(text).toContain('110 036,25 kr');
    expect(text).toContain('Dalslands miljö- och energiförbund');
    expect(text).toContain('Färgelanda');
  });

  it('issues and mails nothing more when every event is delivered twice more', async () => {
    const before = (await api(cloud, 'GET', '/api/admin/invoices?year=2024', undefined, admin)).body;
    const mailsBefore = (await readLocalInbox(cloud.sesUrl)).length;

    await redeliver(
      cloud,
      [
        ...(await storedEvents(cloud, 'YearClosed')),
        ...(await storedEvents(cloud, 'InvoiceIssued')),
        ...(await storedEvents(cloud, 'MemberNotInvoiced')),
      ],
      2,
    );

    expect((await api(cloud, 'GET', '/api/admin/invoices?year=2024', undefined, admin)).body).toEqual(before);
    expect((await readLocalInbox(cloud.sesUrl)).length).toBe(mailsBefore);
    expect(await storedEvents(cloud, 'MemberNotInvoiced')).toHaveLength(1);
    expect(cloud.bus.deadLetters).toEqual([]);
  });

  it('credits an invoice with its own number and issues a corrected one; a second credit is refused', async () => {
    const { body } = await api(cloud, 'GET', '/api/admin/invoices?year=2024', undefined, admin);
    const original = body.invoices.find((i: { billingPartyId: string }) => i.billingPartyId === '1480');

    const credit = await api(
      cloud,
      'POST',
      `/api/admin/invoices/${original.number}/credit`,
      { reissue: true },
      admin,
    );
    const again = await api(
      cloud,
      'POST',
      `/api/admin/invoices/${original.number}/credit`,
      { reissue: false },
      admin,
    );

    expect(credit.status).toBe(201);
    expect(credit.body).toEqual({ creditNote: 240_036, correctedInvoice: 240_037 });
    const after = (await api(cloud, 'GET', '/api/admin/invoices?year=2024', undefined, admin)).body;
    const byNumber = (n: number) => after.invoices.find((i: { number: number }) => i.number === n);
    expect(byNumber(original.number).status).toBe('credited');
    expect(byNumber(240_036)).toMatchObject({
      kind: 'credit-note',
      creditOf: original.number,
      totalOre: -original.totalOre,
    });
    expect(byNumber(240_037)).toMatchObject({
      kind: 'invoice',
      totalOre: original.totalOre,
      status: 'issued',
    });
    expect([again.status, again.body.error]).toEqual([409, 'INVOICE_ALREADY_CREDITED']);
  });
});
