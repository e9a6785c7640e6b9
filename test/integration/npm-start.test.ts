import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';

const repoRoot = join(import.meta.dirname, '..', '..');

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

const javaProcessesOn = (port: number): string[] => {
  try {
    return execFileSync('pgrep', ['-f', `DynamoDBLocal.jar -sharedDb -port ${port}`], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
};

let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill('SIGKILL');
});

describe('npm start (local/start.ts)', () => {
  it('starts the local cloud on the ports from the environment, prints URLs, token and the secretariat’s sign-in (also in admin-login.json), and stops everything on SIGTERM', async () => {
    // Arrange
    const [port, sesPort, dynamoPort, awsPort, authPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const stateHome = mkdtempSync(join(tmpdir(), 'network-start-'));
    let output = '';
    child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'local', 'start.ts'), '--fresh'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORT: String(port),
        SES_PORT: String(sesPort),
        DYNAMODB_PORT: String(dynamoPort),
        AWS_PORT: String(awsPort),
        AUTH_PORT: String(authPort),
        LOCAL_STATE_DIR: stateHome,
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });

    // Act: wait for the banner
    const deadline = Date.now() + 45_000;
    while (!output.includes('Press Ctrl-C to stop.') && Date.now() < deadline && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // Assert: it runs and answers
    expect(output).toContain(`http://localhost:${port}/`);
    expect(output).toContain(`http://127.0.0.1:${sesPort}/`);
    expect(output).toContain(`http://127.0.0.1:${awsPort}`);
    expect(readFileSync(join(stateHome, 'aws-endpoint'), 'utf8').trim()).toBe(`http://127.0.0.1:${awsPort}`);
    const meetings = (await (await fetch(`http://127.0.0.1:${port}/api/meetings`)).json()) as {
      meetings: unknown[];
    };
    expect(meetings.meetings.length).toBeGreaterThan(0);
    const token = readFileSync(join(stateHome, 'admin-token'), 'utf8').trim();
    expect(output).toContain(token);
    expect(javaProcessesOn(dynamoPort)).toHaveLength(1);
    // The secretariat's sign-in at the local OpenID provider, printed and in the state folder (0600).
    const loginFile = join(stateHome, 'admin-login.json');
    const login = JSON.parse(readFileSync(loginFile, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(login).sort()).toEqual(['password', 'username']);
    expect(login).toEqual({
      username: expect.stringMatching(/^[^@\s]+@[^@\s]+$/),
      password: expect.any(String),
    });
    expect((login.password as string).length).toBeGreaterThanOrEqual(16);
    expect(statSync(loginFile).mode & 0o777).toBe(0o600);
    expect(output).toContain(login.username as string);
    expect(output).toContain(login.password as string);
    expect(output).toContain(`http://localhost:${authPort}`);
    const discovery = (await (
      await fetch(`http://127.0.0.1:${authPort}/.well-known/openid-configuration`)
    ).json()) as { issuer: string };
    expect(discovery.issuer).toBe(`http://localhost:${authPort}`);

    // Act: SIGTERM
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const code = await exited;

    // Assert: clean exit, nothing left behind
    expect(code).toBe(0);
    expect(javaProcessesOn(dynamoPort)).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${sesPort}/store`)).rejects.toThrow();
    expect(existsSync(join(stateHome, 'dynamodb'))).toBe(false); // --fresh keeps the database in memory
  });
});
