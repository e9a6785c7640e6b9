import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoPrincipals } from '../../local/demo-data';
import type { LocalCloud } from '../../local/local-cloud';
import { api, redeliver, startTestCloud, storedEvents } from '../fixtures/local-cloud';

/**
 * Closing years under concurrency, over HTTP through the local API Gateway: 20 closes of 2023 and
 * 20 of 2024 sent at once. Each year closes once; the two invoice runs that follow (fee years 2024
 * and 2025) draw on the same principal's series at the same time, and together must form one
 * gapless series: one invoice per billing party and fee year, every member invoiced exactly once
 * or recorded as not invoiced with its reason.
 */
const CLOSES_PER_YEAR = 20;
const YEARS = [2023, 2024];
// The principal of the closing day (today): Göteborgsregionen, from 2024 on.
const FIRST_NUMBER = demoPrincipals.find((p) => p.id === 'goteborgsregionen')?.firstInvoiceNumber as number;

let cloud: LocalCloud;
let admin: Record<string, string>;
let answers: Array<{ year: number; status: number; error?: string }>;

interface Listing {
  invoices: Array<{ number: number; billingPartyId: string; lines: Array<{ municipalityCode: string }> }>;
  notInvoiced: Array<{ municipalityCode: string; reason: string }>;
}
interface Preview {
  lines: Array<{ municipalityCode: string; billingPartyId?: string; population: number }>;
  missingPopulation: string[];
}

const listing = async (feeYear: number): Promise<Listing> =>
  (await api(cloud, 'GET', `/api/admin/invoices?year=${feeYear}`, undefined, admin)).body;

/** Waits until every stored event of `detailType` has reached the bus and the bus has delivered all. */
const settle = async (detailType: string): Promise<void> => {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ids = (await storedEvents(cloud, detailType)).map((item) => String(item.eventId));
    if (ids.every((id) => cloud.bus.received.has(id)) || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await cloud.bus.idle();
};

beforeAll(async () => {
  cloud = await startTestCloud({ seedMeetings: false });
  admin = { authorization: `Bearer ${cloud.adminToken}` };
  // Our public data ends in 2023: synthetic 2024 figures (2023's plus one) make 2025 invoiceable too.
  const fees2024: Preview = (await api(cloud, 'GET', '/api/admin/fees/2024', undefined, admin)).body;
  const csv = `code,year,population\n${fees2024.lines
    .map((line) => `${line.municipalityCode},2024,${line.population + 1}\n`)
    .join('')}`;
  const imported = await fetch(
    `${cloud.apiUrl.replace('localhost', '127.0.0.1')}/api/admin/population?source=test`,
    {
      method: 'POST',
      headers: { ...admin, 'content-type': 'text/csv' },
      body: csv,
    },
  );
  expect(imported.status).toBe(200);

  // Act (shared by the assertions below): 40 closes at once, then let the invoice runs finish
  answers = await Promise.all(
    YEARS.flatMap((year) =>
      Array.from({ length: CLOSES_PER_YEAR }, async () => {
        const { status, body } = await api(cloud, 'POST', `/api/admin/years/${year}/close`, undefined, admin);
        return { year, status, error: body.error };
      }),
    ),
  );
  await settle('YearClosed');
}, 300_000);

afterAll(async () => {
  await cloud?.stop();
}, 120_000);

describe(`${CLOSES_PER_YEAR} concurrent closes of each of ${YEARS.join(' and ')}`, () => {
  it('closes each year once and refuses every other close with 409 YEAR_ALREADY_CLOSED, never 5xx', async () => {
    for (const year of YEARS) {
      const outcomes = answers
        .filter((answer) => answer.year === year)
        .map((answer) => `${answer.status} ${answer.error ?? ''}`.trim())
        .sort();

      expect(outcomes).toEqual(['202', ...Array(CLOSES_PER_YEAR - 1).fill('409 YEAR_ALREADY_CLOSED')]);
    }
    const closed = (await storedEvents(cloud, 'YearClosed')).map(
      (item) => JSON.parse(String(item.detail)).year,
    );
    expect(closed.sort()).toEqual(YEARS);
  });

  it('numbers the invoices of both runs as one series from the first number, with no gap and no repeat', async () => {
    const numbers = (await Promise.all(YEARS.map((year) => listing(year + 1))))
      .flatMap((list) => list.invoices.map((invoice) => invoice.number))
      .sort((a, b) => a - b);

    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => FIRST_NUMBER + i));
  });

  it.each(YEARS.map((year) => year + 1))(
    'invoices each billing party once for %i and every member exactly once, or says why not',
    async (feeYear) => {
      const preview: Preview = (await api(cloud, 'GET', `/api/admin/fees/${feeYear}`, undefined, admin)).body;
      const { invoices, notInvoiced } = await listing(feeYear);

      const parties = invoices.map((invoice) => invoice.billingPartyId);
      expect(new Set(parties).size).toBe(parties.length);
      const invoicedMembers = invoices.flatMap((invoice) =>
        invoice.lines.map((line) => line.municipalityCode),
      );
      const accounted = [...invoicedMembers, ...notInvoiced.map((member) => member.municipalityCode)].sort();
      expect(accounted).toEqual(
        [...preview.lines.map((line) => line.municipalityCode), ...preview.missingPopulation].sort(),
      );
      expect(
        notInvoiced
          .filter((member) => member.reason === 'MISSING_POPULATION')
          .map((member) => member.municipalityCode)
          .sort(),
      ).toEqual([...preview.missingPopulation].sort());
      const left = new Set(notInvoiced.map((member) => member.municipalityCode));
      const invoiceable = new Set(
        preview.lines.filter((line) => !left.has(line.municipalityCode)).map((line) => line.billingPartyId),
      );
      expect(invoiceable.size).toBeGreaterThan(0);
      expect([...parties].sort()).toEqual([...invoiceable].sort());
    },
  );

  it('issues nothing more when YearClosed reaches the invoicing five more times at once', async () => {
    const before = await Promise.all(YEARS.map((year) => listing(year + 1)));

    await redeliver(cloud, await storedEvents(cloud, 'YearClosed'), 5);

    expect(await Promise.all(YEARS.map((year) => listing(year + 1)))).toEqual(before);
  });
});
