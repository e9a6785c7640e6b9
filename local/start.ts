/**
 * `npm start`: the whole system on a local cloud, in the foreground, until Ctrl-C.
 * `npm start -- --fresh` starts from an empty in-memory database.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, startLocalCloud } from './local-cloud';

// npm does not pass SIGTERM on to its script: when npm (our parent or, through `sh -c`, our
// grandparent) goes away, stop rather than leave DynamoDB Local and the ports behind.
const parent = process.ppid;
const grandparent = (() => {
  try {
    return Number(readFileSync(`/proc/${parent}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
  } catch {
    return undefined; // no /proc (macOS): the parent check alone
  }
})();
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const fresh = process.argv.includes('--fresh');
const port = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new Error(`${name} must be a port number`);
  return value;
};

// LOCAL_STATE_DIR lets tests run a second instance without touching the developer's .local/.
const stateDir = process.env.LOCAL_STATE_DIR ?? join(repoRoot, '.local');
const started = Date.now();
// A fresh database starts with no timers, no dead letters and the real time.
if (fresh)
  for (const file of ['dead-letters.jsonl', 'schedules.json', 'clock-offset'])
    rmSync(join(stateDir, file), { force: true });
process.env.LOG_LEVEL ??= 'info';
// EMF lines are for CloudWatch; locally they would drown the log.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

const cloud = await startLocalCloud({
  port: port('PORT', 3000),
  sesPort: port('SES_PORT', 8005),
  dynamoDbPort: port('DYNAMODB_PORT', 8000),
  awsPort: port('AWS_PORT', 8006),
  authPort: port('AUTH_PORT', 8007),
  stateDir,
  ...(fresh ? {} : { dbPath: join(stateDir, 'dynamodb') }),
});

const lines = [
  '',
  `Municipal network — local cloud ready in ${((Date.now() - started) / 1000).toFixed(1)} s${fresh ? ' (fresh, in memory)' : ''}`,
  '',
  `  Web pages        ${cloud.apiUrl}/`,
  `  Admin app        ${cloud.apiUrl}/admin/   (sign in with an account below)`,
  `  API              ${cloud.apiUrl}/api/meetings`,
  `  OpenAPI          ${cloud.apiUrl}/api/openapi.json`,
  `  E-mail inbox     ${cloud.sesUrl}/   (JSON: ${cloud.sesUrl}/store)`,
  `  DynamoDB Local   ${cloud.dynamoDbEndpoint}   table ${cloud.tableName}`,
  `  AWS APIs         ${cloud.awsEndpoint}   CloudFormation, SQS (dead letters), Lambda (consumers) for npm run ops`,
  `  Clock            ${cloud.clock.now().toISOString()}${cloud.clock.offset > 0 ? ` (ahead of real time by ${(cloud.clock.offset / 3_600_000).toFixed(1)} h)` : ''}; move it: POST ${cloud.apiUrl}/_local/clock {"advance":"7d"}`,
  '',
  `  Sign-in (OpenID) ${cloud.signIn.issuer}   client ${cloud.signIn.clientId}, redirect ${cloud.signIn.redirectUri}`,
  ...cloud.signIn.accounts.map(
    (account) =>
      `    ${account.groups.join(', ').padEnd(12)} ${account.username}   password ${account.password}`,
  ),
  `    (in ${join(stateDir, 'admin-login.json')} and ${join(stateDir, 'check-in-login.json')})`,
  '',
  `  Admin bearer token for scripts (group secretariat; also in ${join(stateDir, 'admin-token')}):`,
  `  ${cloud.adminToken}`,
  '',
  'Press Ctrl-C to stop.',
  '',
];
process.stdout.write(lines.join('\n'));

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping the local cloud…\n`);
  await cloud.stop();
  process.exit(0);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(signal, () => void shutdown(signal));

setInterval(() => {
  if (process.ppid !== parent || (grandparent && grandparent > 1 && !alive(grandparent)))
    void shutdown('npm exited');
}, 500).unref();
