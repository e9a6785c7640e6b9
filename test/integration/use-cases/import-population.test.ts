import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../../../domain/errors';
import { importPopulation } from '../../../domain/members/import-population';
import { parsePopulationCsv } from '../../../formats/csv/population-csv';
import { dynamoDbWorld } from './dynamodb-world';

const NOW = '2025-03-01T10:00:00Z';
const bytes = (text: string) => new TextEncoder().encode(text);

describe('importPopulation', () => {
  it('stores the figures of a plain file with one PopulationImported', async () => {
    // Arrange
    const world = await dynamoDbWorld(NOW);
    const file = bytes('code,year,population\n1480,2024,604616\n1466,2024,9441\n1480,2023,600000\n');

    // Act
    const result = await importPopulation(world.population, parsePopulationCsv, file, 'upload.csv');

    // Assert
    expect(result).toEqual({
      layout: 'plain',
      encoding: 'utf-8',
      figures: 3,
      changed: 3,
      unchanged: 0,
      years: [2023, 2024],
    });
    expect(await world.population.figuresOf(2024)).toEqual(
      new Map([
        ['1466', { population: 9_441, source: 'upload.csv' }],
        ['1480', { population: 604_616, source: 'upload.csv' }],
      ]),
    );
    expect(await world.storedEvents('PopulationImported')).toEqual([
      { years: [2023, 2024], figuresChanged: 3, source: 'upload.csv' },
    ]);
  });

  it('changes nothing and emits nothing when the same file is imported again', async () => {
    // Arrange
    const world = await dynamoDbWorld(NOW);
    const file = bytes('code,year,population\n1480,2024,604616\n');
    await importPopulation(world.population, parsePopulationCsv, file, 'upload.csv');

    // Act
    const again = await importPopulation(world.population, parsePopulationCsv, file, 'upload-again.csv');

    // Assert
    expect(again).toMatchObject({ figures: 1, changed: 0, unchanged: 1 });
    expect(await world.storedEvents('PopulationImported')).toHaveLength(1);
  });

  it('reads SCB’s BE0101N1 export in Latin-1', async () => {
    // Arrange
    const world = await dynamoDbWorld(NOW);
    const text = readFileSync(
      join(import.meta.dirname, '..', '..', 'fixtures', 'population', 'scb-be0101n1-vastra-gotaland.csv'),
      'utf8',
    );

    // Act
    const result = await importPopulation(
      world.population,
      parsePopulationCsv,
      Buffer.from(text, 'latin1'),
      'SCB BE0101N1',
    );

    // Assert
    expect(result).toMatchObject({ layout: 'scb', encoding: 'latin-1', years: [2021, 2022, 2023] });
    expect((await world.population.figuresOf(2023)).get('1461')).toEqual({
      population: 9_165,
      source: 'SCB BE0101N1',
    });
  });

  it('rejects a file with any bad line as a whole, naming the lines, and stores nothing', async () => {
    // Arrange: line 2 is fine, lines 3 and 4 are not.
    const world = await dynamoDbWorld(NOW);
    const file = bytes('code,year,population\n1480,2024,604616\n148,2024,5\n1401,2024,-3\n');

    // Act
    const attempt = importPopulation(world.population, parsePopulationCsv, file, 'bad.csv');

    // Assert
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: 'line 3' }, { path: 'line 4' }],
    });
    expect(await world.population.figuresOf(2024)).toEqual(new Map());
    expect(await world.storedEvents('PopulationImported')).toEqual([]);
  });

  it('rejects a file that is not a population table at all', async () => {
    // Arrange
    const world = await dynamoDbWorld(NOW);

    // Act
    const attempt = importPopulation(
      world.population,
      parsePopulationCsv,
      bytes('name,age\nKim,42\n'),
      'wrong.csv',
    );

    // Assert
    await expect(attempt).rejects.toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'file' }] });
    expect(await world.storedEvents('PopulationImported')).toEqual([]);
  });
});
