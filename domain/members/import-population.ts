import { ValidationError } from '../errors';
import type { PopulationRegister } from '../ports';
import type { PopulationFileReader } from '../rendering-ports';

/** More years than any SCB extract the secretariat needs; keeps one upload one transaction. */
export const MAX_YEARS_PER_UPLOAD = 50;

/**
 * Imports a population file (SCB's export or `code,year,population`).
 * 1. Parse and check the whole file; any problem rejects all of it (400 with issues per line).
 * 2. Store the figures that differ, all in one transaction with `PopulationImported`.
 * Re-importing the same file changes nothing and emits nothing.
 */
export const importPopulation = async (
  register: PopulationRegister,
  /** Reads the file's bytes (formats/csv/population-csv.ts); injected so the rules stay apart from the format. */
  readFile: PopulationFileReader,
  file: Uint8Array,
  source: string,
): Promise<{
  layout: string;
  encoding: string;
  figures: number;
  changed: number;
  unchanged: number;
  years: number[];
}> => {
  const parsed = readFile(file);
  if (!parsed.ok) throw new ValidationError(parsed.issues, 'The population file was rejected');
  // Each reference year is one item, and one upload is one transaction (at most 100 items).
  const years = new Set(parsed.figures.map((figure) => figure.year));
  if (years.size > MAX_YEARS_PER_UPLOAD) {
    throw new ValidationError([
      {
        path: 'file',
        message: `At most ${MAX_YEARS_PER_UPLOAD} years per upload; this file has ${years.size}`,
      },
    ]);
  }
  const { changed, unchanged } = await register.store(parsed.figures, source, ({ years, count }) => ({
    detailType: 'PopulationImported',
    detail: { years, figuresChanged: count, source },
  }));
  return {
    layout: parsed.layout,
    encoding: parsed.encoding,
    figures: parsed.figures.length,
    changed,
    unchanged,
    years: [...new Set(parsed.figures.map((figure) => figure.year))].sort(),
  };
};
