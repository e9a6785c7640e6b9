/**
 * `npm run ops -- <command>`: the secretariat's operations tool. Every command prints for a person,
 * or one line of JSON with `--json`; the exit code says how it went (0 done, 1 failed, 2 wrong
 * usage). By default it acts on the local cloud of `npm start`; `--stage <name>` on a deployed
 * stage (its stack outputs from CloudFormation, or `--outputs <file>`). `npm run ops -- help` lists the commands,
 * `npm run ops -- <command> --help` explains one.
 *
 * This file only dispatches: each command is a module under scripts/ops/ that calls the admin
 * API (or, where the API has no route, an existing use case), with no business rules of its own.
 */
import { adminApi } from './ops/admin-api';
import { adminToken } from './ops/admin-token';
import { type Parsed, parseArgs } from './ops/cli-args';
import { closeYear } from './ops/close-year';
import type { Command, CommandContext, OpsIo } from './ops/command';
import { creditInvoice } from './ops/credit-invoice';
import { dlqList, dlqRedrive } from './ops/dlq';
import { erasePerson } from './ops/erase-person';
import { EXIT } from './ops/exit-codes';
import { feePreview } from './ops/fee-preview';
import { exportPackage, importPackage } from './ops/hand-over-commands';
import { importPopulation } from './ops/import-population';
import { listInvoices } from './ops/list-invoices';
import { ApiRefusal, OpsFailure, UsageError } from './ops/ops-errors';
import { progressBar } from './ops/progress-bar';
import { rebuildStats } from './ops/rebuild-stats';
import { report } from './ops/report';
import { resendInvoice } from './ops/resend-invoice';
import { restoreTimers } from './ops/restore-timers';
import { survey } from './ops/survey';
import { resolveTarget, TARGET_FLAGS, TARGET_HELP, type Target } from './ops/target';

export type { OpsIo } from './ops/command';
export { EXIT } from './ops/exit-codes';

/** In the order of the secretariat's year: data in, fees, close, invoices, report, then upkeep. */
const COMMANDS: readonly Command[] = [
  importPopulation,
  feePreview,
  closeYear,
  listInvoices,
  resendInvoice,
  creditInvoice,
  report,
  survey,
  rebuildStats,
  erasePerson,
  // The hand-over (issue 9 item 2): scripts/ops/export-network.ts and import-network.ts.
  exportPackage,
  importPackage,
  restoreTimers,
  dlqList,
  dlqRedrive,
  adminToken,
];

const byName = new Map(COMMANDS.map((command) => [command.name, command]));

const COMMON_HELP = [
  '--json               one line of JSON on stdout (no progress bar); errors as {"error":{code,message,status?}}',
  '--help               this help',
];

const commandHelp = (command: Command): string =>
  [
    `Usage: npm run ops -- ${command.name}${command.usage ? ` ${command.usage}` : ''} [options]`,
    '',
    command.summary,
    '',
    ...(command.options.length > 0 ? ['Options:', ...command.options.map((line) => `  ${line}`)] : []),
    ...COMMON_HELP.map((line) => `  ${line}`),
    ...(command.targeted ? ['', ...TARGET_HELP] : []),
    '',
    `Exit codes: ${EXIT.ok} done, ${EXIT.failed} failed (the API's error code is printed), ${EXIT.usage} wrong usage.`,
    '',
  ].join('\n');

const help = (): string =>
  [
    'Usage: npm run ops -- <command> [arguments] [options]',
    '',
    'Commands:',
    ...COMMANDS.map(
      (command) =>
        `  ${`${command.name}${command.usage ? ` ${command.usage}` : ''}`.padEnd(30)} ${command.summary}`,
    ),
    `  ${'help [command]'.padEnd(30)} This text, or one command's options (also: <command> --help)`,
    '',
    'Every command takes --json (one line of JSON on stdout) and --help. By default they act on the',
    'local cloud of `npm start`; --stage <name> on a deployed stage (its stack outputs from',
    'CloudFormation with your AWS credentials, or --outputs <file> as cdk deploy --outputs-file',
    'writes it), with a Cognito admin token in --token or OPS_TOKEN.',
    'A command that takes a year takes it alike: `fee-preview 2025` or `fee-preview --year 2025`',
    '(the fee-year commands also take --fee-year; list-invoices defaults to the current year).',
    '',
    `Exit codes: ${EXIT.ok} done, ${EXIT.failed} the operation failed, ${EXIT.usage} wrong usage.`,
    '',
  ].join('\n');

/** The command a line names (`dlq list` takes two words) and the positional arguments after it. */
const findCommand = (words: readonly string[]): { command?: Command; args: string[] } => {
  const two = byName.get(words.slice(0, 2).join(' '));
  if (two && words.length >= 2) return { command: two, args: words.slice(2) };
  const one = byName.get(words[0] ?? '');
  return one ? { command: one, args: words.slice(1) } : { args: [] };
};

const reportFailure = (error: unknown, json: boolean, io: OpsIo): number => {
  if (!(error instanceof OpsFailure)) throw error;
  const refusal = error instanceof ApiRefusal ? error : undefined;
  if (json)
    io.out(
      `${JSON.stringify({
        error: {
          code: error.code,
          message: error.message,
          ...(refusal ? { status: refusal.status } : {}),
          ...(refusal?.issues ? { issues: refusal.issues } : {}),
        },
      })}\n`,
    );
  io.err(
    refusal
      ? `Refused: ${refusal.code} (HTTP ${refusal.status}): ${refusal.message}\n${
          Array.isArray(refusal.issues)
            ? (refusal.issues as Array<{ path?: string; message?: string }>)
                .map((issue) => `  ${issue.path ?? ''}: ${issue.message ?? ''}\n`)
                .join('')
            : ''
        }`
      : `Failed: ${error.message}\n`,
  );
  return EXIT.failed;
};

/** Runs one command line; returns the exit code. */
export const runOps = async (argv: readonly string[], io: OpsIo): Promise<number> => {
  let parsed: Parsed;
  try {
    parsed = parseArgs(argv);
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${help()}`);
    return EXIT.usage;
  }
  const json = parsed.flags.has('json');
  if (parsed.words[0] === 'help') {
    if (parsed.words.length === 1) {
      io.out(help());
      return EXIT.ok;
    }
    const { command, args } = findCommand(parsed.words.slice(1));
    if (!command || args.length > 0) {
      io.err(`No command ${parsed.words.slice(1).join(' ')}\n\n${help()}`);
      return EXIT.usage;
    }
    io.out(commandHelp(command));
    return EXIT.ok;
  }
  if (parsed.words.length === 0) {
    io[parsed.flags.has('help') ? 'out' : 'err'](help());
    return parsed.flags.has('help') ? EXIT.ok : EXIT.usage;
  }
  const { command, args } = findCommand(parsed.words);
  if (!command) {
    io.err(`Unknown command: ${parsed.words.join(' ')}\n\n${help()}`);
    return EXIT.usage;
  }
  if (parsed.flags.has('help')) {
    io.out(commandHelp(command));
    return EXIT.ok;
  }
  const usage = (message: string) => {
    io.err(`${message}\n\n${commandHelp(command)}`);
    return EXIT.usage;
  };
  const allowed = new Set(['json', 'help', ...command.flags, ...(command.targeted ? TARGET_FLAGS : [])]);
  const unknown = [...parsed.flags.keys()].filter((key) => !allowed.has(key));
  if (unknown.length > 0)
    return usage(`${command.name} takes no ${unknown.map((key) => `--${key}`).join(', ')}`);
  const [min, max] = command.arity;
  if (args.length < min || args.length > max)
    return usage(
      `${command.name} takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}${command.usage ? ` (${command.usage})` : ''}, got ${args.length}`,
    );

  let target: Promise<Target> | undefined;
  const context: CommandContext = {
    args,
    parsed,
    io,
    json,
    target: () => {
      target ??= resolveTarget(parsed, io.env);
      return target;
    },
    api: async () => adminApi(await context.target()),
    progress: (label) => progressBar({ write: io.err, enabled: io.errIsTty === true && !json }, label),
    print: (value, human) => io.out(json ? `${JSON.stringify(value)}\n` : human()),
  };
  try {
    return await command.run(context);
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message);
    return reportFailure(error, json, io);
  }
};

const isEntryPoint = process.argv[1]?.endsWith('ops.ts');
if (isEntryPoint) {
  process.exitCode = await runOps(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    errIsTty: process.stderr.isTTY === true,
  });
}
