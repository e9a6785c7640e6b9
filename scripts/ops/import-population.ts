import { readFileSync } from 'node:fs';
import { stringFlag } from './cli-args';
import type { Command } from './command';
import { OpsFailure } from './ops-errors';

interface PopulationImportResult {
  layout: string;
  encoding: string;
  figures: number;
  changed: number;
  unchanged: number;
  years: number[];
}

/** POST /api/admin/population with the file as it is: the API detects layout and encoding. */
export const importPopulation: Command = {
  name: 'import-population',
  usage: '<file.csv>',
  summary: 'Import population figures (SCB’s CSV export, or code,year,population); all or nothing',
  options: ['--source <label>     where the figures come from (stored with them; default the file name)'],
  flags: ['source'],
  targeted: true,
  arity: [1, 1],
  run: async ({ args, parsed, api, print }) => {
    const file = args[0] as string;
    let content: Buffer;
    try {
      content = readFileSync(file);
    } catch (error) {
      throw new OpsFailure(`Could not read ${file}: ${(error as Error).message}`, 'FILE_UNREADABLE');
    }
    const source = stringFlag(parsed, 'source') ?? file.split(/[\\/]/).pop() ?? file;
    const { body } = await (await api()).call<PopulationImportResult>(
      'POST',
      `/api/admin/population?source=${encodeURIComponent(source)}`,
      { raw: content, contentType: 'text/csv' },
    );
    print(
      body,
      () =>
        `Imported ${body.figures} figures for ${body.years.join(', ')} (${body.layout}, ${body.encoding}): ` +
        `${body.changed} changed, ${body.unchanged} unchanged.\n`,
    );
    return 0;
  },
};
