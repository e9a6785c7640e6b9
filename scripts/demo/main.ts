/**
 * The command line of `npm run demo` (see ./replay.ts for what it does): arguments, ports from
 * the environment, Ctrl-C stops the local cloud, the summary at the end. Only ever executed, never
 * imported; what others use is exported by ./index.ts.
 */
import { resolve } from 'node:path';
import { DemoError } from './demo-error';
import { activeDemoCloud, runDemo } from './replay';
import { summarize } from './summary';

const parseArguments = (argv: readonly string[]): { seed: number; reportFile?: string } => {
  let seed = 2023;
  let reportFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--seed') {
      seed = Number(argv[++i]);
      if (!Number.isInteger(seed)) throw new DemoError('--seed needs an integer');
    } else if (arg === '--report-file') {
      const file = argv[++i];
      if (!file) throw new DemoError('--report-file needs a file name');
      reportFile = resolve(file);
    } else throw new DemoError(`Unknown argument ${arg} (use --seed N, --report-file F)`);
  }
  return { seed, ...(reportFile ? { reportFile } : {}) };
};

const port = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new DemoError(`${name} must be a port number`);
  return value;
};

// The handlers' logs stay silent unless LOG_LEVEL asks for them: the summary is what a reader wants.
process.env.LOG_LEVEL ??= 'silent';
const write = (line: string) => process.stdout.write(`${line}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping the local cloud…\n`);
    void (activeDemoCloud()?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });
try {
  const args = parseArguments(process.argv.slice(2));
  const result = await runDemo({
    seed: args.seed,
    port: port('PORT', 3000),
    sesPort: port('SES_PORT', 8005),
    dynamoDbPort: port('DYNAMODB_PORT', 8000),
    ...(args.reportFile ? { reportFile: args.reportFile } : {}),
    log: write,
  });
  write(summarize(result, args.reportFile));
  process.exit(0);
} catch (error) {
  process.stderr.write(`\nThe demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  if (error instanceof Error && error.cause instanceof Error && process.env.DEBUG)
    process.stderr.write(`${error.cause.stack}\n`);
  process.exit(1);
}
