import { describe, expect, it, jest } from '@jest/globals';
import { ConflictError } from '../../domain/errors';
import type { FeeSchedule } from '../../domain/fees/fee-schedule';
import type { PendingEvent } from '../../events/catalogue';
import {
  DynamoDbFeeScheduleBook,
  DynamoDbPopulationRegister,
  DynamoDbYearBook,
} from '../../functions/adapters/dynamodb-fees';
import { fixedClock, sequentialIds } from '../fixtures/builders';
import { freshTable, storedEventDetails } from '../fixtures/dynamodb';

/**
 * The fee ports on DynamoDB Local: population figures (merged per reference year, optimistic
 * locking), fee schedules and wage growth, and closing a year exactly once. Every state change is
 * checked together with its outbox event. There are no in-memory versions of these ports.
 */
const NOW = '2025-01-02T09:00:00Z';

const adapters = async () => {
  const table = await freshTable('fees-adapters');
  const clock = fixedClock(NOW);
  const ids = sequentialIds('event');

  /** Outbox events of the clock's year (GSI1 `EVENTS#<year>`), details parsed. */
  const storedEvents = async (detailType: string) => {
    return storedEventDetails(table.client, table.tableName, detailType, NOW.slice(0, 4));
  };

  return {
    population: new DynamoDbPopulationRegister(table.client, table.tableName, clock, ids),
    feeSchedules: new DynamoDbFeeScheduleBook(table.client, table.tableName, clock, ids),
    years: new DynamoDbYearBook(table.client, table.tableName, clock, ids),
    storedEvents,
  };
};

const imported =
  (source: string) =>
  ({ years, count }: { years: number[]; count: number }): PendingEvent => ({
    detailType: 'PopulationImported',
    detail: { years, figuresChanged: count, source },
  });

const populations = (figures: Map<string, { population: number }>) =>
  Object.fromEntries([...figures].map(([code, figure]) => [code, figure.population]));

describe('DynamoDbPopulationRegister', () => {
  it('merges new figures into the stored years and stores one event per import that changed something', async () => {
    // Arrange
    const { population, storedEvents } = await adapters();
    await population.store(
      [
        { code: '1480', year: 2023, population: 600_000 },
        { code: '1401', year: 2023, population: 40_000 },
        { code: '1480', year: 2022, population: 590_000 },
      ],
      'first.csv',
      imported('first.csv'),
    );

    // Act: one figure new, one the same, one corrected.
    const result = await population.store(
      [
        { code: '1402', year: 2023, population: 41_000 },
        { code: '1480', year: 2023, population: 600_000 },
        { code: '1401', year: 2023, population: 40_001 },
      ],
      'second.csv',
      imported('second.csv'),
    );

    // Assert
    expect(result).toEqual({ changed: 2, unchanged: 1 });
    expect(await population.figuresOf(2023)).toEqual(
      new Map([
        ['1480', { population: 600_000, source: 'first.csv' }],
        ['1401', { population: 40_001, source: 'second.csv' }],
        ['1402', { population: 41_000, source: 'second.csv' }],
      ]),
    );
    expect(await population.figuresOf(2022)).toEqual(
      new Map([['1480', { population: 590_000, source: 'first.csv' }]]),
    );
    expect(await population.figuresOf(2021)).toEqual(new Map());
    expect(await storedEvents('PopulationImported')).toEqual(
      expect.arrayContaining([
        { years: [2022, 2023], figuresChanged: 3, source: 'first.csv' },
        { years: [2023], figuresChanged: 2, source: 'second.csv' },
      ]),
    );
    expect(await storedEvents('PopulationImported')).toHaveLength(2);
  });

  it('refuses figures that would not fit in one year’s item with POPULATION_TOO_LARGE, storing nothing', async () => {
    // Arrange: 2023 stored; then 12,000 codes with a long source label (far beyond Sweden's 290)
    const { population, storedEvents } = await adapters();
    await population.store(
      [{ code: '1480', year: 2023, population: 600_000 }],
      'first.csv',
      imported('first.csv'),
    );
    const many = Array.from({ length: 12_000 }, (_, i) => ({
      code: String(10_000 + i),
      year: 2023,
      population: 1_000 + i,
    }));
    const source = 'befolkning-per-kommun-31-december.csv';

    // Act
    const attempt = population.store(many, source, imported(source));

    // Assert
    await expect(attempt).rejects.toMatchObject({ code: 'POPULATION_TOO_LARGE' });
    expect(await population.figuresOf(2023)).toEqual(
      new Map([['1480', { population: 600_000, source: 'first.csv' }]]),
    );
    expect(await storedEvents('PopulationImported')).toHaveLength(1);
  });

  it('changes nothing and emits nothing when the same figures come again, whatever the source', async () => {
    // Arrange
    const { population, storedEvents } = await adapters();
    const figures = [
      { code: '1480', year: 2023, population: 600_000 },
      { code: '1401', year: 2023, population: 40_000 },
    ];
    await population.store(figures, 'first.csv', imported('first.csv'));
    const eventFor = jest.fn(imported('again.csv'));

    // Act
    const again = await population.store(figures, 'again.csv', eventFor);

    // Assert
    expect(again).toEqual({ changed: 0, unchanged: 2 });
    expect(eventFor).not.toHaveBeenCalled();
    expect(await storedEvents('PopulationImported')).toHaveLength(1);
    expect((await population.figuresOf(2023)).get('1480')).toEqual({
      population: 600_000,
      source: 'first.csv',
    });
  });

  it.each([
    ['a year not stored yet', false],
    ['a year already stored', true],
  ])(
    'lets concurrent imports of %s win or lose as a whole, never mixing their figures',
    async (_l, seeded) => {
      // Arrange: each round two imports give different values for the same three municipalities.
      const { population, storedEvents } = await adapters();
      const codes = ['1401', '1402', '1480'];
      const rounds = [2015, 2016, 2017, 2018, 2019];
      if (seeded) {
        await population.store(
          rounds.flatMap((year) => codes.map((code) => ({ code, year, population: 1 }))),
          'seed.csv',
          imported('seed.csv'),
        );
      }
      let fulfilled = 0;

      for (const year of rounds) {
        const a = codes.map((code, i) => ({ code, year, population: 1_000 + i }));
        const b = codes.map((code, i) => ({ code, year, population: 2_000 + i }));

        // Act
        const [resultA, resultB] = await Promise.allSettled([
          population.store(a, 'a.csv', imported('a.csv')),
          population.store(b, 'b.csv', imported('b.csv')),
        ]);

        // Assert
        const outcomes = [resultA, resultB];
        for (const outcome of outcomes) {
          if (outcome.status === 'fulfilled') expect(outcome.value).toEqual({ changed: 3, unchanged: 0 });
          else {
            expect(outcome.reason).toBeInstanceOf(ConflictError);
            expect(outcome.reason).toMatchObject({ code: 'CONCURRENT_IMPORT' });
          }
        }
        expect(outcomes.some((outcome) => outcome.status === 'fulfilled')).toBe(true);
        fulfilled += outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
        const stored = await population.figuresOf(year);
        const allA = { 1401: 1_000, 1402: 1_001, 1480: 1_002 };
        const allB = { 1401: 2_000, 1402: 2_001, 1480: 2_002 };
        expect([allA, allB]).toContainEqual(populations(stored));
        // A lost import left nothing: the stored figures are the winner's.
        if (resultA.status === 'rejected') expect(populations(stored)).toEqual(allB);
        if (resultB.status === 'rejected') expect(populations(stored)).toEqual(allA);
        const sources = new Set([...stored.values()].map((figure) => figure.source));
        expect(sources.size).toBe(1);
      }
      // One event per import that went through, none for one that lost.
      expect(await storedEvents('PopulationImported')).toHaveLength(fulfilled + (seeded ? 1 : 0));
    },
  );
});

describe('DynamoDbFeeScheduleBook', () => {
  const schedule2025: FeeSchedule = {
    year: 2025,
    orePerInhabitant: 300,
    floorOre: 1_000_000,
    capOre: 15_000_000,
    vatPercent: 25,
    partialYearPolicy: 'pro-rata-by-month',
    example: true,
  };

  it('returns a saved schedule as it was saved, replaces it on a second save, and stores each event', async () => {
    // Arrange
    const { feeSchedules, storedEvents } = await adapters();
    const indexed: FeeSchedule = {
      ...schedule2025,
      orePerInhabitant: 311,
      indexedFrom: { year: 2024, wageGrowthPercent: 3.8 },
    };

    // Act
    await feeSchedules.save(schedule2025, { detailType: 'FeeScheduleSet', detail: { year: 2025 } });
    const first = await feeSchedules.schedule(2025);
    await feeSchedules.save(indexed, {
      detailType: 'FeeScheduleSet',
      detail: { year: 2025, indexedFromYear: 2024 },
    });

    // Assert
    expect(first).toEqual(schedule2025);
    expect(await feeSchedules.schedule(2025)).toEqual(indexed);
    expect(await feeSchedules.schedule(2024)).toBeUndefined();
    expect(await storedEvents('FeeScheduleSet')).toEqual(
      expect.arrayContaining([{ year: 2025 }, { year: 2025, indexedFromYear: 2024 }]),
    );
    expect(await storedEvents('FeeScheduleSet')).toHaveLength(2);
  });

  it('stores wage growth per year and replaces it when saved again', async () => {
    // Arrange
    const { feeSchedules } = await adapters();
    const before = await feeSchedules.wageGrowth(2024);

    // Act
    await feeSchedules.saveWageGrowth(2024, 3.5, 'preliminary');
    await feeSchedules.saveWageGrowth(2024, 3.8, 'SCB KLP');
    await feeSchedules.saveWageGrowth(2023, -0.25, 'made up');

    // Assert
    expect(before).toBeUndefined();
    expect(await feeSchedules.wageGrowth(2024)).toBe(3.8);
    expect(await feeSchedules.wageGrowth(2023)).toBe(-0.25);
    expect(await feeSchedules.wageGrowth(2025)).toBeUndefined();
  });
});

describe('DynamoDbYearBook', () => {
  it('closes a year once with its event; a second close is YEAR_ALREADY_CLOSED and changes nothing', async () => {
    // Arrange
    const { years, storedEvents } = await adapters();
    const closedAt = '2025-01-02T09:00:00.000Z';
    await years.close(2024, closedAt, { detailType: 'YearClosed', detail: { year: 2024, closedAt } });

    // Act
    const again = years.close(2024, '2025-01-03T09:00:00.000Z', {
      detailType: 'YearClosed',
      detail: { year: 2024, closedAt: '2025-01-03T09:00:00.000Z' },
    });

    // Assert
    await expect(again).rejects.toBeInstanceOf(ConflictError);
    await expect(again).rejects.toMatchObject({ code: 'YEAR_ALREADY_CLOSED' });
    expect(await years.closedAt(2024)).toBe(closedAt);
    expect(await years.closedAt(2023)).toBeUndefined();
    expect(await storedEvents('YearClosed')).toEqual([{ year: 2024, closedAt }]);
  });

  it('lets exactly one of 20 concurrent closes of a year succeed, with exactly one YearClosed event', async () => {
    // Arrange: each caller closes at its own minute, so the stored time shows who won.
    const { years, storedEvents } = await adapters();
    const times = Array.from({ length: 20 }, (_, i) => `2025-01-02T09:${String(i).padStart(2, '0')}:00.000Z`);

    // Act
    const outcomes = await Promise.allSettled(
      times.map((closedAt) =>
        years.close(2024, closedAt, { detailType: 'YearClosed', detail: { year: 2024, closedAt } }),
      ),
    );

    // Assert
    const winners = times.filter((_, i) => outcomes[i]?.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    const losers = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(losers).toHaveLength(19);
    for (const reason of losers) {
      expect(reason).toBeInstanceOf(ConflictError);
      expect(reason).toMatchObject({ code: 'YEAR_ALREADY_CLOSED' });
    }
    expect(await years.closedAt(2024)).toBe(winners[0]);
    expect(await storedEvents('YearClosed')).toEqual([{ year: 2024, closedAt: winners[0] }]);
  });
});
