/**
 * `npm run ops -- <command>`: the secretariat's operations tool. Each command prints for a person,
 * or JSON with `--json`; the exit code says how it went (EXIT below). Commands so far:
 *
 *   dlq list      what is in the dead-letter queue (locally: the local cloud's dead-letter file)
 *   dlq redrive   replays the dead letters through the running local cloud's bus; each leaves the
 *                 queue only once its consumer handled it
 *
 * `npm run ops -- help` lists them with their options.
 */
import { join } from 'node:path';
import { letterSummary, readDeadLetters } from '../local/event-bus';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export interface OpsIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
}

interface Parsed {
  words: string[];
  flags: Map<string, string | true>;
}

/** Flags take a value unless they are switches: `--json`, `--aws`, `--help`. */
const SWITCHES = new Set(['json', 'aws', 'help']);

class UsageError extends Error {}

const parse = (argv: readonly string[]): Parsed => {
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

const repoRoot = join(import.meta.dirname, '..');
const flag = (parsed: Parsed, name: string): string | undefined => {
  const value = parsed.flags.get(name);
  return typeof value === 'string' ? value : undefined;
};
const stateDir = (parsed: Parsed, io: OpsIo) =>
  flag(parsed, 'state-dir') ?? io.env.LOCAL_STATE_DIR ?? join(repoRoot, '.local');

interface Command {
  summary: string;
  options: string[];
  allowed: string[];
  run: (parsed: Parsed, io: OpsIo) => Promise<number>;
}

const dlqList: Command = {
  summary: 'List the dead letters: the events a consumer could not handle after all retries',
  options: [
    '--json                 print JSON: {"deadLetters":[{rule, detailType, busEventId, error, failedAt}]}',
    '--state-dir <folder>   the local cloud state folder (default .local, or LOCAL_STATE_DIR)',
    '--file <path>          a dead-letter file instead (JSON lines)',
    "--aws                  the consumers' SQS dead-letter queues in AWS instead (needs @aws-sdk/client-sqs)",
  ],
  allowed: ['json', 'state-dir', 'file', 'aws'],
  run: async (parsed, io) => {
    if (parsed.flags.has('aws')) {
      // Reading SQS needs its client, which this project does not install yet (issue 9 grows this).
      try {
        // A computed name: the type checker must not insist on a package that is not installed.
        await import(['@aws-sdk', 'client-sqs'].join('/'));
      } catch {
        io.err('dlq list --aws needs @aws-sdk/client-sqs, which is not installed in this project.\n');
        return EXIT.failed;
      }
      io.err('dlq list --aws is not implemented yet: use the SQS console or `aws sqs receive-message`.\n');
      return EXIT.failed;
    }
    const file = flag(parsed, 'file') ?? join(stateDir(parsed, io), 'dead-letters.jsonl');
    let letters: ReturnType<typeof letterSummary>[];
    try {
      letters = readDeadLetters(file).map(letterSummary);
    } catch (error) {
      io.err(`Could not read ${file}: ${(error as Error).message}\n`);
      return EXIT.failed;
    }
    if (parsed.flags.has('json')) {
      io.out(`${JSON.stringify({ deadLetters: letters })}\n`);
      return EXIT.ok;
    }
    if (letters.length === 0) {
      io.out(`No dead letters (${file}).\n`);
      return EXIT.ok;
    }
    io.out(`${letters.length} dead letter${letters.length === 1 ? '' : 's'} (${file}):\n`);
    for (const letter of letters)
      io.out(`  ${letter.failedAt}  ${letter.rule}  ${letter.detailType}  ${letter.error.slice(0, 120)}\n`);
    io.out('Replay them with: npm run ops -- dlq redrive\n');
    return EXIT.ok;
  },
};

const dlqRedrive: Command = {
  summary:
    'Replay the dead letters through the running local cloud (npm start); handled ones leave the queue',
  options: [
    '--json                 print JSON: {redriven, failedAgain, remaining}',
    '--rule <consumer>      only the letters of this consumer',
    '--api <url>            the local cloud (default http://127.0.0.1:$PORT, PORT 3000)',
    '--token <jwt>          the admin token (default: <state folder>/admin-token)',
    '--state-dir <folder>   the local cloud state folder (default .local, or LOCAL_STATE_DIR)',
  ],
  allowed: ['json', 'rule', 'api', 'token', 'state-dir'],
  run: async (parsed, io) => {
    const api = flag(parsed, 'api') ?? `http://127.0.0.1:${io.env.PORT ?? 3000}`;
    let token = flag(parsed, 'token');
    if (!token) {
      const { readFileSync } = await import('node:fs');
      try {
        token = readFileSync(join(stateDir(parsed, io), 'admin-token'), 'utf8').trim();
      } catch {
        io.err('No admin token: pass --token, or start the local cloud (npm start) to write one.\n');
        return EXIT.failed;
      }
    }
    const rule = flag(parsed, 'rule');
    let response: Response;
    try {
      response = await fetch(
        `${api.replace('localhost', '127.0.0.1').replace(/\/$/, '')}/_local/dlq/redrive`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(rule ? { rule } : {}),
        },
      );
    } catch {
      io.err(`The local cloud does not answer at ${api}: is npm start running?\n`);
      return EXIT.failed;
    }
    const body = (await response.json().catch(() => ({}))) as {
      redriven?: unknown[];
      failedAgain?: Array<{ rule: string; error: string }>;
      remaining?: number;
      message?: string;
    };
    if (!response.ok) {
      io.err(`The local cloud refused the redrive (${response.status}): ${body.message ?? ''}\n`);
      return EXIT.failed;
    }
    const failedAgain = body.failedAgain ?? [];
    if (parsed.flags.has('json')) io.out(`${JSON.stringify(body)}\n`);
    else {
      io.out(
        `Redriven ${body.redriven?.length ?? 0}, failed again ${failedAgain.length}, left in the queue ${body.remaining ?? 0}.\n`,
      );
      for (const letter of failedAgain)
        io.out(`  still failing: ${letter.rule}  ${letter.error.slice(0, 120)}\n`);
    }
    return failedAgain.length === 0 ? EXIT.ok : EXIT.failed;
  },
};

const COMMANDS: Record<string, Command> = { 'dlq list': dlqList, 'dlq redrive': dlqRedrive };

const help = (): string =>
  [
    'Usage: npm run ops -- <command> [options]',
    '',
    ...Object.entries(COMMANDS).flatMap(([name, command]) => [
      `  ${name.padEnd(12)} ${command.summary}`,
      ...command.options.map((option) => `      ${option}`),
      '',
    ]),
    '  help         This text',
    '',
    `Exit codes: ${EXIT.ok} done, ${EXIT.failed} the operation failed (or letters still fail), ${EXIT.usage} wrong usage.`,
    '',
  ].join('\n');

/** Runs one command line; returns the exit code. */
export const runOps = async (argv: readonly string[], io: OpsIo): Promise<number> => {
  let parsed: Parsed;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${help()}`);
    return EXIT.usage;
  }
  if (parsed.words.length === 0 || parsed.words[0] === 'help' || parsed.flags.has('help')) {
    io.out(help());
    return parsed.words.length === 0 && !parsed.flags.has('help') ? EXIT.usage : EXIT.ok;
  }
  const name = parsed.words.slice(0, 2).join(' ');
  const command = COMMANDS[name];
  if (!command || parsed.words.length > 2) {
    io.err(`Unknown command: ${parsed.words.join(' ')}\n\n${help()}`);
    return EXIT.usage;
  }
  const unknown = [...parsed.flags.keys()].filter((key) => !command.allowed.includes(key));
  if (unknown.length > 0) {
    io.err(`${name} takes no ${unknown.map((key) => `--${key}`).join(', ')}\n\n${help()}`);
    return EXIT.usage;
  }
  return command.run(parsed, io);
};

const isEntryPoint = process.argv[1]?.endsWith('ops.ts');
if (isEntryPoint) {
  process.exitCode = await runOps(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
  });
}
