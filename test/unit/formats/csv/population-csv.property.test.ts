import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { type PopulationFigure, parsePopulationCsv } from '../../../../formats/csv/population-csv';

const byCodeThenYear = (a: PopulationFigure, b: PopulationFigure): number =>
  a.code === b.code ? a.year - b.year : a.code < b.code ? -1 : 1;

const figureArb: fc.Arbitrary<PopulationFigure> = fc
  .record({
    code: fc.stringMatching(/^\d{4}$/),
    year: fc.integer({ min: 1968, max: 2100 }),
    population: fc.integer({ min: 0, max: 20_000_000 }),
  })
  .map(({ code, year, population }) => ({ code, year, population, referenceDate: `${year}-12-31` }));

/** Sets of figures with one value per municipality and year, in any order. */
const figureSetArb = fc.uniqueArray(figureArb, {
  minLength: 1,
  maxLength: 60,
  selector: (figure) => `${figure.code}:${figure.year}`,
});

const separatorArb = fc.constantFrom(',', ';');
const lineEndArb = fc.constantFrom('\n', '\r\n');

const writePlain = (figures: PopulationFigure[], separator: string, lineEnd: string): Uint8Array =>
  new TextEncoder().encode(
    [['code', 'year', 'population'], ...figures.map((f) => [f.code, String(f.year), String(f.population)])]
      .map((fields) => fields.join(separator))
      .join(lineEnd) + lineEnd,
  );

/** SCB's grid: one row per municipality, one column per year, `..` where a figure is missing. */
const writeScb = (figures: PopulationFigure[], separator: string, lineEnd: string): Uint8Array => {
  const years = [...new Set(figures.map((f) => f.year))].sort((a, b) => a - b);
  const codes = [...new Set(figures.map((f) => f.code))];
  const value = (code: string, year: number): string =>
    String(figures.find((f) => f.code === code && f.year === year)?.population ?? '..');
  const lines = [
    '"Folkmängden efter region och år"',
    '',
    ['"region"', ...years.map((year) => `"${year}"`)].join(separator),
    ...codes.map((code) =>
      [`"${code} Kommunnamn åäö"`, ...years.map((year) => value(code, year))].join(separator),
    ),
    '',
    '"Källa: SCB"',
  ];
  return Buffer.from(lines.join(lineEnd), 'latin1');
};

describe('parsePopulationCsv, properties', () => {
  it('returns the figures written in the plain layout, sorted by code then year', () => {
    fc.assert(
      fc.property(figureSetArb, separatorArb, lineEndArb, (figures, separator, lineEnd) => {
        // Arrange
        const bytes = writePlain(figures, separator, lineEnd);

        // Act
        const result = parsePopulationCsv(bytes);

        // Assert
        expect(result).toEqual({
          ok: true,
          figures: [...figures].sort(byCodeThenYear),
          layout: 'plain',
          encoding: 'utf-8',
        });
      }),
    );
  });

  it('returns the same figures when lines are repeated and shuffled', () => {
    fc.assert(
      fc.property(
        figureSetArb.chain((figures) =>
          fc.tuple(
            fc.constant(figures),
            fc.shuffledSubarray([...figures, ...figures], { minLength: figures.length * 2 }),
          ),
        ),
        ([figures, repeated]) => {
          // Arrange
          const bytes = writePlain(repeated, ',', '\n');

          // Act
          const result = parsePopulationCsv(bytes);

          // Assert
          expect(result.ok && result.figures).toEqual([...figures].sort(byCodeThenYear));
        },
      ),
    );
  });

  it('returns the figures written as an SCB grid in Latin-1, gaps as ".."', () => {
    fc.assert(
      fc.property(figureSetArb, separatorArb, lineEndArb, (figures, separator, lineEnd) => {
        // Arrange
        const bytes = writeScb(figures, separator, lineEnd);

        // Act
        const result = parsePopulationCsv(bytes);

        // Assert
        expect(result).toEqual({
          ok: true,
          figures: [...figures].sort(byCodeThenYear),
          layout: 'scb',
          encoding: 'latin-1',
        });
      }),
    );
  });
});
