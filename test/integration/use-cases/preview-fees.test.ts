import { describe, expect, it } from '@jest/globals';
import { NotFoundError } from '../../../domain/errors';
import { previewFees } from '../../../domain/fees/preview-fees';
import { dynamoDbWorld, FEDERATION, schedule2025, seedFeeYear2025 } from './dynamodb-world';

const NOW = '2025-03-01T10:00:00Z';

describe('previewFees', () => {
  it('shows each member’s fee from the population on 31 December of the year before', async () => {
    // Arrange: also a 2025 figure for Strömstad, which must not count for fee year 2025.
    const world = await dynamoDbWorld(NOW);
    await seedFeeYear2025(world);
    await world.population.store([{ code: '1486', year: 2025, population: 13_000 }], 'later', () => ({
      detailType: 'PopulationImported',
      detail: { years: [2025], figuresChanged: 1, source: 'later' },
    }));

    // Act
    const preview = await previewFees(world, 2025);

    // Assert: 3 kr (300 öre) per inhabitant, floor 15 000 kr, cap 150 000 kr.
    const populationDate = '2024-12-31';
    expect(preview).toEqual({
      year: 2025,
      schedule: schedule2025,
      lines: [
        // 39 875 × 300 = 11 962 500 öre (119 625 kr); a preview does not ask who pays.
        {
          municipalityCode: '1401',
          billingPartyId: '1401',
          population: 39_875,
          populationDate,
          feeOre: 11_962_500,
          basis: 'rate',
        },
        // 4 606 × 300 = 1 381 800 öre, below the floor: 1 500 000.
        {
          municipalityCode: '1438',
          billingPartyId: FEDERATION,
          population: 4_606,
          populationDate,
          feeOre: 1_500_000,
          basis: 'floor',
        },
        // 9 138 × 300 = 2 741 400.
        {
          municipalityCode: '1460',
          billingPartyId: FEDERATION,
          population: 9_138,
          populationDate,
          feeOre: 2_741_400,
          basis: 'rate',
        },
        // 9 165 × 300 = 2 749 500.
        {
          municipalityCode: '1461',
          billingPartyId: FEDERATION,
          population: 9_165,
          populationDate,
          feeOre: 2_749_500,
          basis: 'rate',
        },
        // Joins 1 July: 9 441 × 300 = 2 832 300 a year; × 6/12 = 14 161.50 kr → 14 162 kr.
        {
          municipalityCode: '1466',
          billingPartyId: '1466',
          population: 9_441,
          populationDate,
          feeOre: 1_416_200,
          basis: 'pro-rata',
          months: 6,
        },
        // 604 616 × 300 = 181 384 800, above the cap: 15 000 000.
        {
          municipalityCode: '1480',
          billingPartyId: '1480',
          population: 604_616,
          populationDate,
          feeOre: 15_000_000,
          basis: 'cap',
        },
      ],
      // 11 962 500 + 1 500 000 + 2 741 400 + 2 749 500 + 1 416 200 + 15 000 000
      totalOre: 35_369_600,
      // Partille (1402) left in 2024: not a member, so not missing anything.
      missingPopulation: ['1486'],
    });
  });

  it('answers FEE_SCHEDULE_NOT_FOUND for a fee year without a schedule', async () => {
    // Arrange
    const world = await dynamoDbWorld(NOW);
    await seedFeeYear2025(world);

    // Act
    const attempt = previewFees(world, 2026);

    // Assert
    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
    await expect(attempt).rejects.toMatchObject({ code: 'FEE_SCHEDULE_NOT_FOUND' });
  });
});
