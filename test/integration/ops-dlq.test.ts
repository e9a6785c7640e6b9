import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort } from '../../local/free-port';
import type { LocalCloud } from '../../local/local-cloud';
import { readLocalInbox } from '../../local/ses-local';
import { EXIT, runOps } from '../../scripts/ops';
import { api, startTestCloud } from '../fixtures/local-cloud';

/**
 * `npm run ops -- dlq list|redrive` against a local cloud whose SES refuses one person's mail for
 * longer than all retries (3 SDK attempts in each of the bus's 3 deliveries): the confirmation is
 * dead-lettered, listed under its consumer's queue (through the local cloud's SQS), and sent when
 * redriven (through its Lambda), and only then leaves the dead-letter file.
 */
let cloud: LocalCloud;
let stateDir: string;
const repoRoot = join(import.meta.dirname, '..', '..');

const ops = async (...argv: string[]) => {
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

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'ops-dlq-'));
  cloud = await startTestCloud({
    stateDir,
    faults: {
      seed: 3,
      ses: [
        {
          name: 'ses-outage-for-one-address',
          matches: (r) => r.body.includes('"ToAddresses":["lo@alingsas.example"]'),
          reply: 'ses-internal-error',
          times: 9,
        },
      ],
    },
  });
});
afterAll(async () => {
  await cloud?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

const mailTo = async (to: string) =>
  (await readLocalInbox(cloud.sesUrl)).filter((mail) => mail.destination.to.includes(to));

describe('npm run ops -- dlq', () => {
  it('lists a dead-lettered confirmation, redrives it, and then the queue is empty', async () => {
    // Arrange: a registration whose confirmation cannot be sent for a while
    await cloud.settle();
    const admin = { authorization: `Bearer ${cloud.adminToken}` };
    const meeting = await api(
      cloud,
      'POST',
      '/api/admin/meetings',
      {
        title: 'Drift och köer',
        focusGroupId: 'fair-trade',
        kind: 'digital',
        days: ['2030-02-12'],
        startTime: '09:00',
        endTime: '10:00',
        onlineUrl: 'https://meet.example.org/drift',
        capacity: 10,
      },
      admin,
    );
    await api(cloud, 'POST', `/api/meetings/${meeting.body.id}/registrations`, {
      name: 'Lo Larsson',
      email: 'lo@alingsas.example',
      municipalityCode: '1489',
      role: 'fairtrade-coordinator',
      consent: true,
    });
    await cloud.settle();

    // Act
    const listed = await ops('dlq', 'list', '--json', '--state-dir', stateDir);
    const listedText = await ops('dlq', 'list', '--state-dir', stateDir);
    const mailBefore = await mailTo('lo@alingsas.example');
    const redriven = await ops('dlq', 'redrive', '--api', cloud.apiUrl, '--state-dir', stateDir);
    await cloud.settle();
    const after = await ops('dlq', 'list', '--json', '--state-dir', stateDir);

    // Assert
    expect(listed.code).toBe(EXIT.ok);
    expect(JSON.parse(listed.out).deadLetters).toMatchObject([
      {
        queue: 'MunicipalNetwork-local-dlq-send-registration-confirmation',
        rule: 'send-registration-confirmation',
        detailType: 'RegistrationReceived',
      },
    ]);
    expect(
      JSON.parse(listed.out).queues.filter((queue: { messages: number }) => queue.messages > 0),
    ).toMatchObject([{ owner: 'send-registration-confirmation', messages: 1 }]);
    expect(listed.out).not.toContain('lo@alingsas.example'); // ids and errors only, no personal data
    expect(listedText.out).toContain('1 dead letter');
    expect(mailBefore).toEqual([]);
    expect(redriven).toMatchObject({ code: EXIT.ok });
    expect(redriven.out).toContain('Redriven 1, failed again 0, left in the queue 0');
    expect((await mailTo('lo@alingsas.example')).map((mail) => mail.subject)).toEqual([
      'Anmälan bekräftad: Drift och köer',
    ]);
    expect(JSON.parse(after.out).deadLetters).toEqual([]);
    expect(JSON.parse(after.out).queues.every((queue: { messages: number }) => queue.messages === 0)).toBe(
      true,
    );
    expect(cloud.faultProxies?.ses.injected.get('ses-outage-for-one-address')).toBe(9);
  });

  it('says so, with exit code 1, when the local cloud’s AWS APIs do not answer', async () => {
    const closed = await freePort();

    const refused = await ops('dlq', 'redrive', '--aws-endpoint', `http://127.0.0.1:${closed}`);

    expect(refused.code).toBe(EXIT.failed);
    expect(refused.err).toContain(`do not answer at http://127.0.0.1:${closed}`);
  });

  it('answers wrong usage with the help text and exit code 2', async () => {
    expect((await ops('dlq')).code).toBe(EXIT.usage);
    expect((await ops('dlq', 'purge')).code).toBe(EXIT.usage);
    expect((await ops('dlq', 'list', '--bogus', 'x')).code).toBe(EXIT.usage);
    expect((await ops('dlq', 'redrive', '--rule')).code).toBe(EXIT.usage);
    const help = await ops('help');
    expect(help.code).toBe(EXIT.ok);
    expect(help.out).toContain('dlq redrive');
  });

  it('runs as `npm run ops` does: the script entry point prints JSON and exits 0', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        join(repoRoot, 'scripts', 'ops.ts'),
        'dlq',
        'list',
        '--json',
        '--state-dir',
        stateDir,
      ],
      { cwd: repoRoot, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
    );

    expect(JSON.parse(stdout)).toMatchObject({ deadLetters: [] });
    expect(JSON.parse(stdout).queues.length).toBeGreaterThan(0);
  });
});
