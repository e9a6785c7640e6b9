import { writeFileSync } from 'node:fs';
import { stringFlag, YEAR_FLAGS, yearOf } from './cli-args';
import type { Command } from './command';
import { OpsFailure, UsageError } from './ops-errors';

const FORMATS = ['json', 'csv', 'html'] as const;
const LANGUAGES = ['sv', 'en'] as const;

/** GET /api/admin/reports/{year}: the year report as JSON, CSV or printable HTML, to stdout or a file. */
export const report: Command = {
  name: 'report',
  usage: '<year>',
  summary: 'The year report (frozen once the year is closed): JSON, CSV or printable HTML',
  options: [
    '--year <year>            the same as <year>',
    '--format json|csv|html   default json',
    '--lang sv|en             the language of the HTML report (default sv)',
    '--out <file>             write the report to a file (else to stdout)',
  ],
  flags: [...YEAR_FLAGS, 'format', 'lang', 'out'],
  targeted: true,
  arity: [0, 1],
  run: async ({ args, parsed, api, json, io, print }) => {
    const year = yearOf({ args, parsed });
    const format = stringFlag(parsed, 'format') ?? 'json';
    const lang = stringFlag(parsed, 'lang') ?? 'sv';
    if (!(FORMATS as readonly string[]).includes(format))
      throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    if (!(LANGUAGES as readonly string[]).includes(lang))
      throw new UsageError(`--lang must be one of ${LANGUAGES.join(', ')}`);
    if (json && format !== 'json' && !parsed.flags.has('out'))
      throw new UsageError(
        '--json with --format csv or html needs --out <file> (the JSON says where it went)',
      );
    const query = format === 'json' ? '' : `?format=${format}${format === 'html' ? `&lang=${lang}` : ''}`;
    const answer = await (await api()).call('GET', `/api/admin/reports/${year}${query}`);
    const content = format === 'json' ? `${JSON.stringify(answer.body, null, 2)}\n` : answer.text;
    const out = stringFlag(parsed, 'out');
    if (out) {
      try {
        writeFileSync(out, content);
      } catch (error) {
        throw new OpsFailure(`Could not write ${out}: ${(error as Error).message}`, 'FILE_UNWRITABLE');
      }
      const bytes = Buffer.byteLength(content);
      print(
        { year, format, out, bytes },
        () => `Report ${year} (${format}, ${bytes} bytes) written to ${out}.\n`,
      );
      return 0;
    }
    if (json) io.out(`${JSON.stringify(answer.body)}\n`);
    else io.out(content);
    return 0;
  },
};
