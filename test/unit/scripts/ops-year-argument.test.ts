import { describe, expect, it } from '@jest/globals';
import { EXIT, runOps } from '../../../scripts/ops';
import { FEE_YEAR_FLAGS, parseArgs, yearOf } from '../../../scripts/ops/cli-args';
import { UsageError } from '../../../scripts/ops/ops-errors';

/** The year `yearOf` reads from a command line (the words after the command's name). */
const yearFrom = (argv: string[], options?: Parameters<typeof yearOf>[1]) => {
  const parsed = parseArgs(argv);
  return yearOf({ args: parsed.words, parsed }, options);
};

const ops = async (argv: string[]) => {
  let out = '';
  let err = '';
  const code = await runOps(argv, {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    env: {},
  });
  return { code, out, err };
};

/** The commands that take a year, with how their help names it. */
const YEAR_COMMANDS = [
  ['fee-preview', '<fee-year>'],
  ['close-year', '<year>'],
  ['list-invoices', '[<fee-year>]'],
  ['report', '<year>'],
  ['survey', '<year>'],
  ['rebuild-stats', '<year>'],
] as const;

describe('yearOf', () => {
  it('reads the year positionally or as --year, alike', () => {
    expect(yearFrom(['2025'])).toBe(2025);
    expect(yearFrom(['--year', '2025'])).toBe(2025);
    expect(yearFrom(['--year=2025'])).toBe(2025);
  });

  it('reads --fee-year too where the command names the fee-year flags', () => {
    expect(yearFrom(['--fee-year', '2025'], { what: '<fee-year>', flags: FEE_YEAR_FLAGS })).toBe(2025);
    expect(() => yearFrom(['--fee-year', '2025'])).toThrow(/<year> is missing/);
  });

  it('refuses the year given twice, even the same one', () => {
    expect(() => yearFrom(['2025', '--year', '2025'])).toThrow(
      new UsageError('Give the year once, not as <year> and --year'),
    );
    expect(() => yearFrom(['--year', '2025', '--fee-year', '2025'], { flags: FEE_YEAR_FLAGS })).toThrow(
      /not as --year and --fee-year/,
    );
  });

  it('refuses a missing year unless the command has a default', () => {
    expect(() => yearFrom([])).toThrow(
      new UsageError('<year> is missing: give it as <year> or --year <year>'),
    );
    expect(yearFrom([], { fallback: () => 2026 })).toBe(2026);
  });

  it.each([['24'], ['1999'], ['2101'], ['twenty'], ['2025.5']])(
    'refuses %s, naming where it came from',
    (text) => {
      expect(() => yearFrom([text])).toThrow(/<year> must be a whole number from 2000 to 2100/);
      expect(() => yearFrom([`--year=${text}`])).toThrow(/--year must be a whole number from 2000 to 2100/);
    },
  );
});

describe('npm run ops -- help', () => {
  it('names the year of every command that takes one the same way, and each takes --year', async () => {
    // Act
    const all = await ops(['help']);
    const each = await Promise.all(YEAR_COMMANDS.map(([name]) => ops([name, '--help'])));

    // Assert
    expect(all.code).toBe(EXIT.ok);
    for (const [name, usage] of YEAR_COMMANDS)
      expect(all.out).toMatch(new RegExp(`\\n  ${name} ${usage.replace(/[[\]]/g, '\\$&')} +\\S`));
    for (const [index, help] of each.entries()) {
      const [name, usage] = YEAR_COMMANDS[index] as (typeof YEAR_COMMANDS)[number];
      expect(help.out).toContain(`Usage: npm run ops -- ${name} ${usage} [options]`);
      expect(help.out).toMatch(/--year <year>/);
    }
  });

  it.each([
    [['list-invoices', '2025', '2026'], 'takes 0 to 1 argument'],
    [['fee-preview'], '<fee-year> is missing'],
    [['close-year', '--year', '2023', '2023'], 'Give the year once'],
    [['rebuild-stats', '--year', '20x3'], '--year must be a whole number'],
  ])('answers %j with exit 2 and the command’s help, before reaching any target', async (argv, message) => {
    // Act
    const run = await ops(argv);

    // Assert
    expect(run.code).toBe(EXIT.usage);
    expect(run.err).toContain(message);
    expect(run.err).toContain(`Usage: npm run ops -- ${argv[0]}`);
  });
});
