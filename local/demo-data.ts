import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BillingParty, Principal } from '../domain/invoicing/invoice';
import { dayWarnings } from '../domain/meetings/day-warnings';
import type { FocusGroup } from '../domain/meetings/focus-group';
import type { MeetingPlan } from '../domain/meetings/meeting';
import type { Municipality } from '../domain/members/municipality';
import { addDays } from '../domain/shared/stockholm-time';

const repoRoot = join(import.meta.dirname, '..');

const readCsv = (file: string): Record<string, string>[] => {
  const [header, ...lines] = readFileSync(join(repoRoot, 'data', file), 'utf8')
    .trim()
    .split(/\r?\n/);
  const columns = (header ?? '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [columns[i], value])));
};

/** The county's 49 municipalities, with membership periods from data/members-2023.csv. */
export const demoMunicipalities = (): Municipality[] => {
  const joined = new Map(readCsv('members-2023.csv').map((row) => [row.code, row.joined as string]));
  return readCsv('vg-municipalities.csv').map((row) => {
    const from = joined.get(row.code as string);
    return { code: row.code as string, name: row.name as string, memberships: from ? [{ from }] : [] };
  });
};

export const demoFocusGroups: FocusGroup[] = [
  { id: 'environmental-strategy', name: { sv: 'Miljöstrategigruppen', en: 'Environmental strategy' } },
  { id: 'nature-conservation', name: { sv: 'Naturvårdsgruppen', en: 'Nature conservation' } },
  { id: 'fair-trade', name: { sv: 'Rättvis handel-gruppen', en: 'Fair trade' } },
];

/** Respondents of the December survey before the system existed (the network's annual report 2023). */
export const EARLIER_SURVEY_RESPONDENTS: Readonly<Record<string, number>> = {
  '2019': 62,
  '2020': 52,
  '2021': 40,
  '2022': 53,
};

/**
 * The first `length` consecutive days from `from` (YYYY-MM-DD) of which none draws a warning: no
 * holiday, eve, Christmas-week day or weekend (`dayWarnings`, the rule the admin app warns by).
 */
export const clearDaysFrom = (from: string, length: 1 | 2 = 1): string[] => {
  for (let first = from; ; first = addDays(first, 1)) {
    const days = length === 1 ? [first] : [first, addDays(first, 1)];
    if (days.every((day) => dayWarnings(day).length === 0)) return days;
  }
};

/**
 * A few upcoming meetings about 1–5 weeks after `today` (YYYY-MM-DD), registration open. Each
 * lies on the first working day(s) from its offset, so that `npm start` in December does not put
 * the demo's meetings in the Christmas week or on trettondedag jul.
 */
export const demoMeetings = (today: string): MeetingPlan[] => [
  {
    title: 'Digitalt nätverksmöte: kommunernas klimatlöften',
    focusGroupId: 'environmental-strategy',
    kind: 'digital',
    days: clearDaysFrom(addDays(today, 8)),
    startTime: '09:00',
    endTime: '11:00',
    onlineUrl: 'https://meet.example.org/miljostrategi',
    capacity: 100,
  },
  {
    title: 'Nätverksträff: digitalt naturvårdsmöte om ekosystemtjänster',
    focusGroupId: 'nature-conservation',
    kind: 'digital',
    days: clearDaysFrom(addDays(today, 14)),
    startTime: '13:00',
    endTime: '15:00',
    onlineUrl: 'https://meet.example.org/naturvard',
    capacity: 80,
  },
  {
    title: 'Tvådagarsträff: hållbarhetsarbetet i praktiken',
    focusGroupId: 'environmental-strategy',
    kind: 'physical',
    days: clearDaysFrom(addDays(today, 21), 2),
    startTime: '09:30',
    endTime: '16:00',
    venue: 'Konferenscentrum, Trollhättan',
    capacity: 40,
  },
  {
    title: 'Nätverksträff: natur i stadsplaneringen',
    focusGroupId: 'nature-conservation',
    kind: 'physical',
    days: clearDaysFrom(addDays(today, 30)),
    startTime: '10:00',
    endTime: '15:30',
    venue: 'Stadshuset, Borås',
    capacity: 35,
  },
  {
    title: 'Fairtrade-träff: hållbar upphandling',
    focusGroupId: 'fair-trade',
    kind: 'physical',
    days: clearDaysFrom(addDays(today, 35)),
    startTime: '10:00',
    endTime: '12:00',
    venue: 'Rådhuset, Alingsås',
    // Small on purpose: the demo shows the waiting list after a few registrations.
    capacity: 3,
  },
];

/** Legal names where the municipality calls itself "Stad" (from the network's member list). */
const LEGAL_NAMES: Record<string, string> = {
  '1480': 'Göteborgs Stad',
  '1481': 'Mölndals Stad',
  '1488': 'Trollhättans Stad',
  '1490': 'Borås Stad',
};

const slug = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/(^-|-$)/g, '');

export const DALSLAND_FEDERATION: BillingParty = {
  id: 'dalslands-miljo-och-energiforbund',
  name: 'Dalslands miljö- och energiförbund',
  organisationNumber: '222000-0877',
  // Example contact details: the real invoice address is configuration, not in our public data.
  invoiceEmail: 'faktura@dalslands-miljo.example',
  postalAddress: { street: 'Exempelgatan 1', postalCode: '464 30', city: 'Mellerud' },
};

/** Members paying through the federation (Bengtsfors, Dals-Ed, Färgelanda, Mellerud). */
const THROUGH_FEDERATION = new Set(
  readCsv('members-2023.csv')
    .filter((row) => row.billed_through === DALSLAND_FEDERATION.id)
    .map((row) => row.code as string),
);

/**
 * The municipalities with demo invoice details: example addresses (`.example` domains) for those
 * that pay for themselves, the federation for the four Dalsland members.
 */
export const demoMunicipalitiesWithInvoicing = (): Municipality[] =>
  demoMunicipalities().map((municipality) => {
    if (municipality.memberships.length === 0) return municipality;
    if (THROUGH_FEDERATION.has(municipality.code))
      return { ...municipality, billingPartyId: DALSLAND_FEDERATION.id };
    return {
      ...municipality,
      ...(LEGAL_NAMES[municipality.code] ? { legalName: LEGAL_NAMES[municipality.code] } : {}),
      invoiceEmail: `faktura@${slug(municipality.name)}.example`,
      postalAddress: { street: 'Kommunhuset', postalCode: '000 00', city: municipality.name },
    };
  });

/** SCB population on 31 December, as far as our public data has it (gaps stay gaps). */
export const demoPopulation = (): Array<{ code: string; year: number; population: number }> =>
  readCsv('vg-municipalities.csv').flatMap((row) =>
    [2021, 2022, 2023]
      .filter((year) => (row[`population_${year}`] ?? '') !== '')
      .map((year) => ({ code: row.code as string, year, population: Number(row[`population_${year}`]) })),
  );

/** Yearly wage growth in percent (Medlingsinstitutet), for indexation. */
export const demoWageGrowth = (): Array<{ year: number; percent: number; sourceId: string }> =>
  readCsv('wage-index.csv').map((row) => ({
    year: Number(row.year),
    percent: Number(row.wage_growth_percent),
    sourceId: row.source_id as string,
  }));

/**
 * The principals: the energy agency until 2023, Göteborgsregionen from 2024 (facts from the annual
 * report). Organisation numbers, bankgiro and addresses are examples: real ones are configuration.
 */
export const demoPrincipals: Principal[] = [
  {
    id: 'energikontor-vast',
    name: 'Energikontor Väst',
    organisationNumber: '000000-0001',
    bankgiro: '000-0001',
    senderEmail: 'natverket@energikontor.example',
    postalAddress: { street: 'Exempelvägen 1', postalCode: '461 00', city: 'Trollhättan' },
    validFrom: '2019-01-01',
    validTo: '2023-12-31',
    firstInvoiceNumber: 190001,
    paymentTermsDays: 30,
    example: true,
  },
  {
    id: 'goteborgsregionen',
    name: 'Göteborgsregionen',
    organisationNumber: '000000-0002',
    bankgiro: '000-0002',
    senderEmail: 'kommunnatverket@goteborgsregionen.example',
    postalAddress: { street: 'Exempelgatan 2', postalCode: '411 00', city: 'Göteborg' },
    validFrom: '2024-01-01',
    firstInvoiceNumber: 240001,
    paymentTermsDays: 30,
    example: true,
  },
];

/**
 * An example fee schedule for 2024 (3 kr per inhabitant, 10 000–150 000 kr, 25 % VAT). The
 * network does not publish its levels; these only make the demo run.
 */
export const demoFeeSchedule2024 = {
  orePerInhabitant: 300,
  floorOre: 1_000_000,
  capOre: 15_000_000,
  vatPercent: 25,
  example: true,
} as const;
