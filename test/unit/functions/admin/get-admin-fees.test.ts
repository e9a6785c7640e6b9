import { describe, expect, it } from '@jest/globals';
import type { FeeSchedule as StoredSchedule } from '../../../../domain/fees/fee-schedule';
import type { Municipality } from '../../../../domain/members/municipality';
import type {
  FeeScheduleBook,
  MemberRegistry,
  PopulationRegister,
  StoredPopulation,
} from '../../../../domain/ports';
import { FeePreview } from '../../../../functions/http/admin-schemas';
import { createHandler } from '../../../../functions/http/get-admin-fees';
import { bodyOf, lambdaContext } from '../http-test-kit';
import { adminEvent, expectError, expectValidationFailure, fakePort } from './admin-test-kit';

const schedule2027: StoredSchedule = {
  year: 2027,
  orePerInhabitant: 150,
  floorOre: 1_000_000,
  capOre: 50_000_000,
  vatPercent: 25,
  partialYearPolicy: 'pro-rata-by-month',
};

const members: Municipality[] = [
  { code: '1480', name: 'Göteborg', memberships: [{ from: '2020-01-01' }] },
  { code: '1438', name: 'Dals-Ed', memberships: [{ from: '2020-01-01' }], billingPartyId: 'dalsland' },
  { code: '1482', name: 'Kungälv', memberships: [{ from: '2020-01-01' }] },
  { code: '1499', name: 'Falköping', memberships: [{ from: '2020-01-01', to: '2025-12-31' }] },
];

const figures2026 = new Map<string, StoredPopulation>([
  ['1480', { population: 604_616, source: 'test' }],
  ['1438', { population: 4_606, source: 'test' }],
]);

const get = (year: string) => adminEvent({ route: '/api/admin/fees/{year}', pathParameters: { year } });

const setUp = () => {
  const feeSchedules = fakePort<FeeScheduleBook>({
    schedule: async (year) => (year === 2027 ? schedule2027 : undefined),
  });
  const registry = fakePort<MemberRegistry>({ municipalities: async () => members });
  const population = fakePort<PopulationRegister>({
    figuresOf: async (year) => (year === 2026 ? figures2026 : new Map()),
  });
  const ports = { feeSchedules: feeSchedules.port, registry: registry.port, population: population.port };
  return { feeSchedules, registry, population, handler: createHandler(() => ports) };
};

describe('GET /api/admin/fees/{year}', () => {
  it('answers 200 with each member’s fee from last year’s population and who lacks a figure', async () => {
    // Arrange
    const { handler, population } = setUp();

    // Act
    const response = await handler(get('2027'), lambdaContext);

    // Assert
    expect(response.statusCode).toBe(200);
    const preview = FeePreview.parse(bodyOf(response));
    expect(preview.lines).toEqual([
      {
        municipalityCode: '1438',
        billingPartyId: 'dalsland',
        population: 4_606,
        populationDate: '2026-12-31',
        feeOre: 1_000_000,
        basis: 'floor',
      },
      {
        municipalityCode: '1480',
        billingPartyId: '1480',
        population: 604_616,
        populationDate: '2026-12-31',
        // 604 616 × 1,50 kr = 906 924 kr, held at the cap of 500 000 kr
        feeOre: 50_000_000,
        basis: 'cap',
      },
    ]);
    expect(preview).toMatchObject({ year: 2027, totalOre: 51_000_000, missingPopulation: ['1482'] });
    expect(preview.schedule).toEqual(schedule2027);
    expect(population.callsTo('figuresOf')).toEqual([[2026]]);
  });

  it('answers 404 FEE_SCHEDULE_NOT_FOUND for a year without a schedule', async () => {
    // Arrange
    const { handler } = setUp();

    // Act
    const response = await handler(get('2028'), lambdaContext);

    // Assert
    expectError(response, 404, 'FEE_SCHEDULE_NOT_FOUND');
  });

  it.each([['abc'], ['1999'], ['2101']])('answers 400 naming year for %j, calling no port', async (year) => {
    // Arrange
    const { handler, feeSchedules, registry, population } = setUp();

    // Act
    const response = await handler(get(year), lambdaContext);

    // Assert
    expect(expectValidationFailure(response, 'year')).toEqual(['year']);
    expect([...feeSchedules.calls, ...registry.calls, ...population.calls]).toEqual([]);
  });
});
