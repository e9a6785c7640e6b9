import { UsageError } from './ops-errors';

/** A command line split into words (command and positional arguments) and `--flags`. */
export interface Parsed {
  words: string[];
  flags: Map<string, string | true>;
}

/** Flags that take no value; every other flag takes one (`--name value` or `--name=value`). */
const SWITCHES = new Set(['json', 'help', 'reissue', 'no-wait']);

export const parseArgs = (argv: readonly string[]): Parsed => {
  const words: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) {
      words.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (SWITCHES.has(name)) flags.set(name, true);
    else if (inline !== undefined) flags.set(name, inline);
    else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
      i += 1;
    }
  }
  return { words, flags };
};

export const stringFlag = (parsed: Parsed, name: string): string | undefined => {
  const value = parsed.flags.get(name);
  return typeof value === 'string' ? value : undefined;
};

/** A whole number in a range, or a usage error naming what was expected. */
export const wholeNumber = (text: string | undefined, what: string, min: number, max: number): number => {
  const value = Number(text);
  if (text === undefined || !/^-?\d+$/.test(text) || value < min || value > max)
    throw new UsageError(`${what} must be a whole number from ${min} to ${max}, got ${text ?? 'nothing'}`);
  return value;
};

export const yearArgument = (text: string | undefined, what = '<year>'): number =>
  wholeNumber(text, what, 2000, 2100);

/** The flags a command that takes a calendar year accepts for it (besides the positional `<year>`). */
export const YEAR_FLAGS = ['year'] as const;
/**
 * The flags of the commands about a fee year (fee-preview, list-invoices): `--year`, as every
 * year command, and `--fee-year`, the flag list-invoices once required (runbooks still say it).
 */
export const FEE_YEAR_FLAGS = ['year', 'fee-year'] as const;

/**
 * The year a command acts on, read the same way by every command that takes one: positionally
 * (`fee-preview 2025`) or as a flag (`--year 2025`; see YEAR_FLAGS, FEE_YEAR_FLAGS). Given twice
 * is a usage error, even with the same value; missing is one unless the command has a `fallback`.
 */
export const yearOf = (
  { args, parsed }: { args: readonly string[]; parsed: Parsed },
  options: { what?: string; flags?: readonly string[]; fallback?: () => number } = {},
): number => {
  const what = options.what ?? '<year>';
  const flags = options.flags ?? YEAR_FLAGS;
  const given = [
    ...(args[0] === undefined ? [] : [{ from: what, text: args[0] }]),
    ...flags.flatMap((flag) => {
      const text = stringFlag(parsed, flag);
      return text === undefined ? [] : [{ from: `--${flag}`, text }];
    }),
  ];
  if (given.length > 1)
    throw new UsageError(`Give the year once, not as ${given.map((one) => one.from).join(' and ')}`);
  const [one] = given;
  if (one) return yearArgument(one.text, one.from);
  if (options.fallback) return options.fallback();
  throw new UsageError(`${what} is missing: give it as ${what} or --${flags[0] ?? 'year'} <year>`);
};

/** `a=1,b=2` → `{ a: 1, b: 2 }` (counts per key, e.g. survey recipients per mailing list). */
export const countsFlag = (text: string | undefined, what: string): Record<string, number> | undefined => {
  if (text === undefined) return undefined;
  const entries = text.split(',').map((pair) => {
    const [key, count] = pair.split('=');
    if (!key || count === undefined) throw new UsageError(`${what} takes key=count,key=count, got ${pair}`);
    return [key.trim(), wholeNumber(count.trim(), `${what} ${key}`, 0, 1_000_000)] as const;
  });
  return Object.fromEntries(entries);
};
