import type { FeeSchedule } from '../../../domain/fees/fee-schedule';
import type { BillingParty, Principal } from '../../../domain/invoicing/invoice';
import type { Municipality } from '../../../domain/members/municipality';
import { DynamoDbEventOutbox } from '../../../functions/adapters/dynamodb-event-outbox';
import {
  DynamoDbFeeScheduleBook,
  DynamoDbPopulationRegister,
  DynamoDbYearBook,
} from '../../../functions/adapters/dynamodb-fees';
import { DynamoDbInvoiceLedger } from '../../../functions/adapters/dynamodb-invoice-ledger';
import { DynamoDbMemberRegistry } from '../../../functions/adapters/dynamodb-member-registry';
import { fixedClock, sequentialIds } from '../../fixtures/builders';
import { freshTable, storedEventDetails } from '../../fixtures/dynamodb';

export const dynamoDbWorld = async (now: string) => {
  const { client, tableName } = await freshTable('use-cases');
  const clock = fixedClock(now);
  const ids = sequentialIds('event');

  /** Every outbox event stored in `year` (UTC, from the event's time) of one type, details parsed. */
  const storedEvents = async (detailType: string, year = now.slice(0, 4)) => {
    return storedEventDetails(client, tableName, detailType, year);
  };

  return {
    clock,
    ids,
    registry: new DynamoDbMemberRegistry(client, tableName, clock, ids),
    population: new DynamoDbPopulationRegister(client, tableName, clock, ids),
    feeSchedules: new DynamoDbFeeScheduleBook(client, tableName, clock, ids),
    years: new DynamoDbYearBook(client, tableName, clock, ids),
    ledger: new DynamoDbInvoiceLedger(client, tableName, clock, ids),
    outbox: new DynamoDbEventOutbox(client, tableName, clock, ids),
    storedEvents,
  };
};

export type DynamoDbWorld = Awaited<ReturnType<typeof dynamoDbWorld>>;

const address = (city: string) => ({ street: 'Exempelgatan 1', postalCode: '400 00', city });

export const FEDERATION = 'dalslands-miljo-och-energiforbund';

/**
 * Example fee levels for 2025 (the network publishes none): 3 kr per inhabitant, at least
 * 15 000 kr, at most 150 000 kr, 25 % VAT, pro rata by month.
 */
export const schedule2025: FeeSchedule = {
  year: 2025,
  orePerInhabitant: 300,
  floorOre: 1_500_000,
  capOre: 15_000_000,
  vatPercent: 25,
  partialYearPolicy: 'pro-rata-by-month',
  example: true,
};

export const federation: BillingParty = {
  id: FEDERATION,
  name: 'Dalslands miljö- och energiförbund',
  invoiceEmail: 'faktura@forbund.example',
  postalAddress: address('Bengtsfors'),
};

export const principal: Principal = {
  id: 'principal-example',
  name: 'Huvudman (exempel)',
  organisationNumber: '000000-0000',
  bankgiro: '000-0000',
  senderEmail: 'natverket@huvudman.example',
  postalAddress: address('Göteborg'),
  validFrom: '2024-01-01',
  firstInvoiceNumber: 2025001,
  paymentTermsDays: 30,
  example: true,
};

const selfPaying = (code: string, name: string, memberships: Municipality['memberships']): Municipality => ({
  code,
  name,
  memberships,
  invoiceEmail: `faktura@${code}.example`,
  postalAddress: address(name),
});

const always = [{ from: '2010-01-01' }];

/**
 * The members of fee year 2025 and why each is there:
 * - 1480 Göteborg pays itself, held at the cap;
 * - 1466 Herrljunga pays itself and joins on 1 July 2025: pro rata 6/12;
 * - 1438 Dals-Ed, 1460 Bengtsfors, 1461 Mellerud pay through the federation (Dals-Ed at the floor);
 * - 1486 Strömstad pays itself but has no population figure;
 * - 1401 Härryda has no invoice details and no billing party;
 * - 1402 Partille left at the end of 2024: not a member of 2025.
 */
export const members2025: Municipality[] = [
  selfPaying('1480', 'Göteborg', always),
  selfPaying('1466', 'Herrljunga', [{ from: '2025-07-01' }]),
  { code: '1438', name: 'Dals-Ed', memberships: always, billingPartyId: FEDERATION },
  { code: '1460', name: 'Bengtsfors', memberships: always, billingPartyId: FEDERATION },
  { code: '1461', name: 'Mellerud', memberships: always, billingPartyId: FEDERATION },
  selfPaying('1486', 'Strömstad', always),
  { code: '1401', name: 'Härryda', memberships: always },
  selfPaying('1402', 'Partille', [{ from: '2010-01-01', to: '2024-12-31' }]),
];

/** SCB population on 2024-12-31 as used here (Strömstad, 1486, left out on purpose). */
export const populations2024 = [
  { code: '1401', year: 2024, population: 39_875 },
  { code: '1402', year: 2024, population: 40_730 },
  { code: '1438', year: 2024, population: 4_606 },
  { code: '1460', year: 2024, population: 9_138 },
  { code: '1461', year: 2024, population: 9_165 },
  { code: '1466', year: 2024, population: 9_441 },
  { code: '1480', year: 2024, population: 604_616 },
];

/** Stores the fee year 2025 world through the adapters: members, federation, principal, figures, schedule. */
export const seedFeeYear2025 = async (world: DynamoDbWorld): Promise<void> => {
  await world.registry.saveBillingParty(federation, {
    detailType: 'BillingPartySaved',
    detail: { billingPartyId: FEDERATION },
  });
  for (const municipality of members2025) {
    await world.registry.saveMunicipality(municipality, {
      detailType: 'MunicipalitySaved',
      detail: { municipalityCode: municipality.code },
    });
  }
  await world.registry.savePrincipal(principal, {
    detailType: 'PrincipalSaved',
    detail: { principalId: principal.id },
  });
  await world.population.store(populations2024, 'seed', ({ years, count }) => ({
    detailType: 'PopulationImported',
    detail: { years, figuresChanged: count, source: 'seed' },
  }));
  await world.feeSchedules.save(schedule2025, { detailType: 'FeeScheduleSet', detail: { year: 2025 } });
};
