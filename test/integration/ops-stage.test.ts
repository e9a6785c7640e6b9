import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Fault } from '../../local/fault-proxy';
import { freePort } from '../../local/free-port';
import type { LocalCloud } from '../../local/local-cloud';
import { readLocalInbox } from '../../local/ses-local';
import { EXIT } from '../../scripts/ops';
import { because } from '../fixtures/because';
import { api, startTestCloud } from '../fixtures/local-cloud';

/**
 * The ops CLI run exactly as an operator runs it on a deployed stage — a child process with
 * `--stage local` and no outputs file, dummy AWS credentials, the Cognito-style token in OPS_TOKEN
 * and the AWS_ENDPOINT_URL_* variables the SDK honours — pointed at the local cloud's AWS control
 * plane (CloudFormation, SQS, Lambda) and DynamoDB Local. Nothing here knows it is local: the
 * API comes from DescribeStacks, the dead letters from SQS, the redrive through Lambda Invoke.
 */
let cloud: LocalCloud;
let dir: string;
const repoRoot = join(import.meta.dirname, '..', '..');

const outage = (...addresses: string[]): Fault[] =>
  addresses.map((address) => ({
    name: `ses-outage-for-${address}`,
    matches: (request) => request.body.includes(`"ToAddresses":["${address}"]`),
    reply: 'ses-internal-error',
  }));

/** One CLI run as `npm run ops -- …` runs it; the exit code, stdout and stderr. */
const opsOnStage = (argv: string[], extraEnv: Record<string, string> = {}) =>
  new Promise<{ code: number; out: string; err: string }>((resolve) => {
    const env: Record<string, string | undefined> = { ...process.env };
    // Only what an operator's shell would have: nothing of the local cloud this test process runs.
    for (const name of Object.keys(env))
      if (/^(AWS_|DYNAMODB_|SES_|SCHEDULER_|TABLE_NAME|LINK_TOKEN|LOCAL_STATE_DIR|PORT$)/.test(name))
        delete env[name];
    execFile(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'scripts', 'ops.ts'), ...argv],
      {
        cwd: repoRoot,
        env: {
          ...env,
          AWS_ACCESS_KEY_ID: 'AKIAOPERATOREXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'operator-secret-example',
          AWS_REGION: 'eu-north-1',
          AWS_ENDPOINT_URL_CLOUDFORMATION: cloud.awsEndpoint,
          AWS_ENDPOINT_URL_SQS: cloud.awsEndpoint,
          AWS_ENDPOINT_URL_LAMBDA: cloud.awsEndpoint,
          AWS_ENDPOINT_URL_DYNAMODB: cloud.dynamoDbEndpoint,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          OPS_TOKEN: cloud.adminToken,
          // A state folder with nothing in it: a stage's commands must not lean on the local one.
          LOCAL_STATE_DIR: join(dir, 'empty-state'),
          ...extraEnv,
        },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout, err: stderr }),
    );
  });

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are checked by the assertions
const json = (out: string): any => JSON.parse(out);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ops-stage-'));
  cloud = await startTestCloud({
    stateDir: join(dir, 'state'),
    faults: { seed: 11, ses: outage('lo@alingsas.example', 'bo@alingsas.example') },
  });
  await cloud.settle();
}, 120_000);
afterAll(async () => {
  await cloud?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const mailTo = async (to: string) =>
  (await readLocalInbox(cloud.sesUrl)).filter((mail) => mail.destination.to.includes(to));

describe('npm run ops -- … --stage <name>, against the local cloud’s AWS endpoints', () => {
  it('finds the API in the stack outputs and answers as the local target does', async () => {
    const onStage = await opsOnStage(['list-invoices', '--fee-year', '2024', '--stage', 'local', '--json']);
    const preview = await opsOnStage(['fee-preview', '2024', '--stage', 'local', '--json']);
    const noToken = await opsOnStage(['fee-preview', '2024', '--stage', 'local', '--json'], {
      OPS_TOKEN: '',
    });

    because(onStage.err, () => expect(onStage.code).toBe(EXIT.ok));
    expect(json(onStage.out)).toHaveProperty('invoices');
    because(preview.err, () => expect(preview.code).toBe(EXIT.ok));
    const fromApi = await api(cloud, 'GET', '/api/admin/fees/2024', undefined, {
      authorization: `Bearer ${cloud.adminToken}`,
    });
    expect(fromApi.status).toBe(200);
    expect(json(preview.out)).toEqual(fromApi.body);
    // The user pool named in the message comes from the described outputs.
    expect(json(noToken.out).error).toMatchObject({ code: 'NO_TOKEN' });
    expect(json(noToken.out).error.message).toContain('eu-north-1_local');
  });

  it('exports the stage’s table through the DynamoDB endpoint of the environment', async () => {
    const exported = await opsOnStage(['export', join(dir, 'package'), '--stage', 'local', '--json']);

    because(exported.err, () => expect(exported.code).toBe(EXIT.ok));
    expect(json(exported.out).itemCount).toBeGreaterThan(100);
  });

  it('fails for a stage CloudFormation does not know with exit 1 and a sentence, not a stack trace', async () => {
    const unknown = await opsOnStage(['fee-preview', '2024', '--stage', 'nosuch']);
    const unknownJson = await opsOnStage(['dlq', 'list', '--stage', 'nosuch', '--json']);

    expect(unknown.code).toBe(EXIT.failed);
    expect(unknown.err).toContain('CloudFormation has no stack MunicipalNetwork-nosuch-Api');
    expect(unknown.err).not.toMatch(/^\s+at /m);
    expect(unknownJson.code).toBe(EXIT.failed);
    expect(json(unknownJson.out).error.code).toBe('NO_OUTPUTS');
  });

  it('lists a dead letter under its consumer’s queue, redrives what now succeeds and keeps what still fails', async () => {
    // Arrange: two confirmations that SES refuses past every retry
    const admin = { authorization: `Bearer ${cloud.adminToken}` };
    const meeting = await api(
      cloud,
      'POST',
      '/api/admin/meetings',
      {
        title: 'Köer i drift',
        focusGroupId: 'fair-trade',
        kind: 'digital',
        days: ['2030-03-12'],
        startTime: '09:00',
        endTime: '10:00',
        onlineUrl: 'https://meet.example.org/koer',
        capacity: 10,
      },
      admin,
    );
    for (const who of ['lo', 'bo'])
      await api(cloud, 'POST', `/api/meetings/${meeting.body.id}/registrations`, {
        name: `${who} Larsson`,
        email: `${who}@alingsas.example`,
        municipalityCode: '1489',
        role: 'fairtrade-coordinator',
        consent: true,
      });
    await cloud.settle();
    const queue = 'MunicipalNetwork-local-dlq-send-registration-confirmation';

    // Act 1: list
    const listed = await opsOnStage(['dlq', 'list', '--stage', 'local', '--json']);
    const listedText = await opsOnStage(['dlq', 'list', '--stage', 'local']);

    // Assert 1
    because(listed.err, () => expect(listed.code).toBe(EXIT.ok));
    const withLetters = json(listed.out).queues.filter((q: { messages: number }) => q.messages > 0);
    expect(withLetters).toEqual([
      expect.objectContaining({
        name: queue,
        owner: 'send-registration-confirmation',
        functionName: 'MunicipalNetwork-local-send-registration-confirmation',
        messages: 2,
      }),
    ]);
    expect(json(listed.out).deadLetters).toEqual([
      expect.objectContaining({
        queue,
        rule: 'send-registration-confirmation',
        detailType: 'RegistrationReceived',
      }),
      expect.objectContaining({
        queue,
        rule: 'send-registration-confirmation',
        detailType: 'RegistrationReceived',
      }),
    ]);
    expect(json(listed.out).deadLetters[0].error).not.toBe('');
    expect(listed.out).not.toContain('alingsas.example'); // ids and errors, no personal data
    expect(listedText.out).toContain(`2 dead letters in 1 queue of local`);
    expect(listedText.out).toContain(queue);

    // Act 1b: Lambda itself does not answer (a closed port): each letter fails, none is lost
    const closedPort = await freePort();
    const noLambda = await opsOnStage(['dlq', 'redrive', '--stage', 'local', '--json'], {
      AWS_ENDPOINT_URL_LAMBDA: `http://127.0.0.1:${closedPort}`,
    });
    const stillThere = await opsOnStage(['dlq', 'list', '--stage', 'local', '--json']);

    // Assert 1b: reported per letter, not as a crash of the redrive; both visible again at once
    because(noLambda.err, () => expect(noLambda.code).toBe(EXIT.failed));
    expect(json(noLambda.out)).toMatchObject({
      redriven: [],
      failedAgain: [
        { queue, error: expect.stringMatching(/^Invoke failed/) },
        { queue, error: expect.stringMatching(/^Invoke failed/) },
      ],
    });
    expect(json(stillThere.out).queues.find((q: { name: string }) => q.name === queue)).toMatchObject({
      messages: 2,
      inFlight: 0,
    });

    // Act 2: one address's outage is over, the other's is not
    cloud.faultProxies?.ses.setFaults(outage('bo@alingsas.example'));
    const partly = await opsOnStage(['dlq', 'redrive', '--stage', 'local', '--json']);

    // Assert 2: lo's letter handled and gone, bo's still there, and the exit code says so
    because(partly.err, () => expect(partly.code).toBe(EXIT.failed));
    expect(json(partly.out)).toMatchObject({
      redriven: [{ queue, rule: 'send-registration-confirmation' }],
      failedAgain: [{ queue, rule: 'send-registration-confirmation' }],
      remaining: 1,
      notRedrivable: [],
    });
    expect((await mailTo('lo@alingsas.example')).map((mail) => mail.subject)).toEqual([
      'Anmälan bekräftad: Köer i drift',
    ]);
    expect(await mailTo('bo@alingsas.example')).toEqual([]);

    // Act 3: the outage is over
    cloud.faultProxies?.ses.setFaults([]);
    const rest = await opsOnStage([
      'dlq',
      'redrive',
      '--stage',
      'local',
      '--rule',
      'send-registration-confirmation',
    ]);
    const after = await opsOnStage(['dlq', 'list', '--stage', 'local', '--json']);

    // Assert 3
    because(rest.err, () => expect(rest.code).toBe(EXIT.ok));
    expect(rest.out).toContain('Redriven 1, failed again 0, left in the queue 0.');
    expect((await mailTo('bo@alingsas.example')).map((mail) => mail.subject)).toEqual([
      'Anmälan bekräftad: Köer i drift',
    ]);
    expect(json(after.out).deadLetters).toEqual([]);
    expect(json(after.out).queues.find((q: { name: string }) => q.name === queue)).toMatchObject({
      messages: 0,
      inFlight: 0,
    });
    expect(cloud.bus.deadLetters).toEqual([]);
  });
});
