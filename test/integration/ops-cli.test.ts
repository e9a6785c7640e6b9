import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { LocalCloud } from '../../local/local-cloud';
import { readLocalInbox } from '../../local/ses-local';
import { EXIT, runOps } from '../../scripts/ops';
import { freshTable } from '../fixtures/dynamodb';
import { api, startTestCloud } from '../fixtures/local-cloud';

/**
 * `npm run ops -- <command>` against a local cloud with the demo data (39 members, 2024 and 2025
 * schedules, principal from 2024): every command once through the CLI's exported entry, its
 * `--json` shape and exit code, the help of every command, and a stage named by an outputs file
 * that points at this local cloud.
 */
let cloud: LocalCloud;
let dir: string;
let stateDir: string;
/** The target flags of this test's local cloud (the defaults are the ports of `npm start`). */
let local: string[];
let table: string[];

const COMMANDS = [
  'import-population',
  'fee-preview',
  'close-year',
  'list-invoices',
  'resend-invoice',
  'credit-invoice',
  'report',
  'survey',
  'rebuild-stats',
  'erase-person',
  'admin-token',
  'export',
  'import',
  'restore-timers',
  'dlq list',
  'dlq redrive',
];

const ops = async (argv: string[], options: { env?: Record<string, string>; tty?: boolean } = {}) => {
  let out = '';
  let err = '';
  const code = await runOps(argv, {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    env: options.env ?? {},
    errIsTty: options.tty ?? false,
  });
  return { code, out, err };
};
const opsJson = async (argv: string[], options: { env?: Record<string, string>; tty?: boolean } = {}) => {
  const run = await ops([...argv, '--json'], options);
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers are checked by the assertions
  return { ...run, body: JSON.parse(run.out) as any };
};

const invoiceMailsNumbered = async (number: number) =>
  (await readLocalInbox(cloud.sesUrl)).filter((mail) => mail.subject.startsWith(`Faktura ${number} `));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ops-cli-'));
  stateDir = join(dir, 'state');
  cloud = await startTestCloud({ stateDir });
  local = ['--api', cloud.apiUrl, '--state-dir', stateDir];
  table = [
    ...local,
    '--table',
    cloud.tableName,
    '--dynamodb-endpoint',
    cloud.dynamoDbEndpoint,
    '--ses-endpoint',
    cloud.sesUrl,
  ];
  await cloud.settle();
});
afterAll(async () => {
  await cloud?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('ops help and usage', () => {
  it('lists every command, and explains each with `help <command>` and `<command> --help`', async () => {
    const all = await ops(['help']);

    expect(all.code).toBe(EXIT.ok);
    for (const name of COMMANDS) {
      expect(all.out).toContain(name);
      const viaHelp = await ops(['help', ...name.split(' ')]);
      const viaFlag = await ops([...name.split(' '), '--help']);
      expect(viaHelp).toMatchObject({ code: EXIT.ok, err: '' });
      expect(viaHelp.out).toContain(`Usage: npm run ops -- ${name}`);
      expect(viaHelp.out).toContain('--json');
      expect(viaFlag.out).toBe(viaHelp.out);
    }
  });

  it('answers wrong usage with the command’s help and exit code 2, without reaching the API', async () => {
    const missing = await ops(['fee-preview', ...local]);
    const badYear = await ops(['fee-preview', '24', ...local]);
    const extra = await ops(['close-year', '2023', '2024', ...local]);
    const unknownFlag = await ops(['list-invoices', '--yaer', '2024', ...local]);
    const unknownCommand = await ops(['close-month']);
    const noValue = await ops(['report', '2023', '--format']);
    const badFormat = await ops(['report', '2023', '--format', 'pdf', ...local]);
    const noRespondents = await ops(['survey', '2026', ...local]);
    const yearTwice = await ops(['report', '2023', '--year', '2023', ...local]);

    for (const run of [
      missing,
      badYear,
      extra,
      unknownFlag,
      unknownCommand,
      noValue,
      badFormat,
      noRespondents,
      yearTwice,
    ])
      expect(run.code).toBe(EXIT.usage);
    expect(missing.err).toContain('Usage: npm run ops -- fee-preview <fee-year>');
    expect(unknownFlag.err).toContain('list-invoices takes no --yaer');
    expect(noRespondents.err).toContain('--respondents');
    expect(yearTwice.err).toContain('Give the year once, not as <year> and --year');
    expect((await ops([])).code).toBe(EXIT.usage);
  });
});

describe('ops against the local cloud', () => {
  it('imports population figures from a CSV file', async () => {
    // Synthetic test figure for Vårgårda (our public data has no 2023 value for it).
    const file = join(dir, 'population.csv');
    writeFileSync(file, 'code,year,population\n1442,2023,12345\n');

    const first = await opsJson(['import-population', file, '--source', 'ops test', ...local]);
    const again = await ops(['import-population', file, ...local]);

    expect(first.code).toBe(EXIT.ok);
    expect(first.body).toEqual({
      layout: 'plain',
      encoding: 'utf-8',
      figures: 1,
      changed: 1,
      unchanged: 0,
      years: [2023],
    });
    expect(again).toMatchObject({ code: EXIT.ok });
    expect(again.out).toContain('0 changed, 1 unchanged');
  });

  it('previews the 2024 fees', async () => {
    const preview = await opsJson(['fee-preview', '2024', ...local]);
    const text = await ops(['fee-preview', '2024', ...local]);

    expect(preview.code).toBe(EXIT.ok);
    expect(preview.body).toMatchObject({ year: 2024, missingPopulation: ['1452'] });
    expect(
      preview.body.lines.find((line: { municipalityCode: string }) => line.municipalityCode === '1480'),
    ).toMatchObject({ feeOre: 15_000_000, basis: 'cap' });
    expect(text.out).toContain('150 000,00 kr');
    expect(text.out).toContain('No population figure (not invoiced): 1452');
  });

  it('closes 2023, draws its progress on a terminal and waits until every 2024 member is invoiced', async () => {
    const closed = await ops(['close-year', '2023', ...local], { tty: true });
    const listed = await opsJson(['list-invoices', '--fee-year', '2024', ...local]);

    expect(closed.code).toBe(EXIT.ok);
    const preview = (await opsJson(['fee-preview', '2024', ...local])).body;
    const members = preview.lines.length + preview.missingPopulation.length;
    expect(closed.err).toContain(`Invoicing 2024 [${'#'.repeat(30)}] ${members}/${members} (100 %)`);
    expect(closed.out).toMatch(/^Year 2023 closed \(.+\)\. \d+ invoices issued for 2024; not invoiced: 1452/);
    const invoices = listed.body.invoices as Array<{ kind: string; number: number; status: string }>;
    expect(invoices.length).toBeGreaterThan(30);
    expect(invoices.every((invoice) => invoice.kind === 'invoice' && invoice.status === 'issued')).toBe(true);
    expect(listed.body.notInvoiced).toEqual([{ municipalityCode: '1452', reason: 'MISSING_POPULATION' }]);
  });

  it('closes 2024 with --json: one line once every 2025 member is accounted for (none has a 2024 figure)', async () => {
    const closed = await opsJson(['close-year', '2024', ...local], { tty: true });

    expect(closed.code).toBe(EXIT.ok);
    expect(closed.err).toBe(''); // no progress bar with --json, even on a terminal
    expect(closed.body).toMatchObject({ year: 2024, status: 'closing', feeYear: 2025, invoices: 0 });
    expect(closed.body.notInvoiced).toHaveLength(39);
    expect(closed.body.notInvoiced[0]).toEqual({ municipalityCode: '1401', reason: 'MISSING_POPULATION' });
  });

  it('refuses to close a closed year with exit 1 and the API’s error code, in JSON too', async () => {
    const again = await opsJson(['close-year', '2023', ...local], { tty: true });
    const text = await ops(['close-year', '2023', ...local]);

    expect(again.code).toBe(EXIT.failed);
    expect(again.body).toEqual({
      error: { code: 'YEAR_ALREADY_CLOSED', status: 409, message: expect.any(String) },
    });
    expect(again.err).not.toContain('['); // no progress bar with --json
    expect(text.err).toContain('Refused: YEAR_ALREADY_CLOSED (HTTP 409)');
  });

  it('takes the year the same way in every command: positional, --year, or (fee years) --fee-year', async () => {
    const ways = [['2024'], ['--year', '2024'], ['--fee-year', '2024']];
    const listed = await Promise.all(ways.map((year) => opsJson(['list-invoices', ...year, ...local])));
    const previews = await Promise.all(ways.map((year) => opsJson(['fee-preview', ...year, ...local])));
    const reports = await Promise.all(
      [['2023'], ['--year', '2023']].map((year) => opsJson(['report', ...year, ...local])),
    );

    for (const run of [...listed, ...previews, ...reports]) expect(run.code).toBe(EXIT.ok);
    expect(listed[0]?.body.year).toBe(2024);
    for (const run of listed) expect(run.body).toEqual(listed[0]?.body);
    expect(previews[0]?.body.year).toBe(2024);
    for (const run of previews) expect(run.body).toEqual(previews[0]?.body);
    expect(reports[1]?.body).toEqual(reports[0]?.body);
  });

  it('lists the invoices for a person', async () => {
    const text = await ops(['list-invoices', '--fee-year', '2024', ...local]);

    expect(text.code).toBe(EXIT.ok);
    expect(text.out).toMatch(/^Fee year 2024: \d+ invoices and credit notes\n/);
    expect(text.out).toContain('240001');
    expect(text.out).toContain('Not invoiced: 1452 (MISSING_POPULATION)');
  });

  it('asks for an invoice to be sent again, as issued: the mail follows asynchronously, once per request', async () => {
    await cloud.settle();
    const before = await invoiceMailsNumbered(240_001);

    const resent = await opsJson(['resend-invoice', '240001', ...local]);
    const text = await ops(['resend-invoice', '240001', ...local]);
    const missing = await opsJson(['resend-invoice', '999999', ...local]);
    const deadline = Date.now() + 30_000;
    while ((await invoiceMailsNumbered(240_001)).length < 3 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await cloud.settle();

    expect(before).toHaveLength(1);
    expect(resent).toMatchObject({ code: EXIT.ok, body: { number: 240_001, requestId: expect.any(String) } });
    expect(text.code).toBe(EXIT.ok);
    expect(text.out).toMatch(
      /^Invoice 240001 will be e-mailed again to its invoice address, as issued \(request .+\)\. The mail goes out asynchronously/,
    );
    const after = await invoiceMailsNumbered(240_001);
    expect(after).toHaveLength(3); // the mail and one per request
    expect(after[1]?.destination).toEqual(after[0]?.destination);
    expect(after[1]?.attachments?.[0]?.content).toBe(after[0]?.attachments?.[0]?.content);
    expect(missing).toMatchObject({
      code: EXIT.failed,
      body: { error: { code: 'INVOICE_NOT_FOUND', status: 404 } },
    });
  });

  it('credits an invoice with a corrected one, and refuses to credit it twice', async () => {
    const credited = await opsJson(['credit-invoice', '240002', '--reissue', ...local]);
    const twice = await opsJson(['credit-invoice', '240002', ...local]);

    expect(credited.code).toBe(EXIT.ok);
    expect(credited.body).toEqual({ creditNote: expect.any(Number), correctedInvoice: expect.any(Number) });
    expect(twice).toMatchObject({
      code: EXIT.failed,
      body: { error: { code: 'INVOICE_ALREADY_CREDITED', status: 409 } },
    });
  });

  it('records a survey and writes the report as JSON, CSV and HTML', async () => {
    const year = new Date().getUTCFullYear();
    const csv = join(dir, 'report.csv');
    const html = join(dir, 'report.html');

    const recorded = await opsJson([
      'survey',
      String(year),
      '--respondents',
      '63',
      '--recipients',
      'environmental-strategy=180,fair-trade=40',
      ...local,
    ]);
    const asJson = await opsJson(['report', String(year), ...local]);
    const asCsv = await opsJson(['report', String(year), '--format', 'csv', '--out', csv, ...local]);
    const asHtml = await ops(['report', '2023', '--format', 'html', '--lang', 'en', '--out', html, ...local]);
    const frozen = await opsJson(['report', '2023', ...local]);

    expect(recorded.body).toEqual({
      year,
      respondents: 63,
      recipientsByList: { 'environmental-strategy': 180, 'fair-trade': 40 },
    });
    expect(asJson.body).toMatchObject({ year, survey: { thisYear: { year, respondents: 63 } } });
    expect(asCsv.body).toEqual({ year, format: 'csv', out: csv, bytes: readFileSync(csv).length });
    expect(readFileSync(csv, 'utf8')).toContain(String(year));
    expect(asHtml.code).toBe(EXIT.ok);
    expect(readFileSync(html, 'utf8')).toMatch(/<html[^>]*lang="en"/);
    expect(frozen.body.frozenAt).toEqual(expect.any(String)); // 2023 was closed above
  });

  it('rebuilds a year’s statistics from the stored events', async () => {
    const year = String(new Date().getUTCFullYear());

    const rebuilt = await opsJson(['rebuild-stats', year, ...table], { tty: true });
    const text = await ops(['rebuild-stats', year, ...table]);

    expect(rebuilt.code).toBe(EXIT.ok);
    expect(rebuilt.body).toEqual({
      year: Number(year),
      meetings: expect.any(Number),
      events: expect.any(Number),
      changed: false,
    });
    expect(rebuilt.err).toBe('');
    expect(text.out).toContain('the figures are unchanged');
  });

  it('erases a person by address, echoing only counts and the erasure id', async () => {
    const meetings = (await api(cloud, 'GET', '/api/meetings')).body.meetings as Array<{ id: string }>;
    const registered = await api(cloud, 'POST', `/api/meetings/${meetings[0]?.id}/registrations`, {
      name: 'Eli Ek',
      email: 'eli@goteborg.example',
      municipalityCode: '1480',
      role: 'environmental-strategist',
      consent: true,
    });
    await cloud.settle();

    const erased = await opsJson(['erase-person', 'eli@goteborg.example', ...local]);
    const text = await ops(['erase-person', 'eli@goteborg.example', ...local]);

    expect(registered.status).toBe(201);
    expect(erased.code).toBe(EXIT.ok);
    expect(erased.body).toEqual({
      erasureId: expect.any(String),
      registrations: 1,
      cancelledFirst: expect.any(Number),
      subscriptions: 0,
    });
    expect(text.out).toMatch(/^Erased \(erasure .+\): 0 registrations/);
    expect(erased.out + text.out).not.toContain('eli@');
  });

  it('prints the admin token the local cloud accepts, and fails when there is none', async () => {
    const token = await opsJson(['admin-token', ...local]);
    const plain = await ops(['admin-token', ...local]);
    const none = await ops(['admin-token', '--api', cloud.apiUrl, '--state-dir', join(dir, 'nowhere')]);

    expect(token).toMatchObject({ code: EXIT.ok, body: { token: cloud.adminToken } });
    expect(plain.out).toBe(`${cloud.adminToken}\n`);
    expect(none.code).toBe(EXIT.failed);
    expect(none.err).toContain('No admin token');
  });

  it('sets the meetings’ timers again after a hand-over, when none are left', async () => {
    const upcoming = (await api(cloud, 'GET', '/api/meetings')).body.meetings as Array<{ id: string }>;
    const names = cloud.scheduler.schedules().map((timer) => timer.name);
    const scheduler = new SchedulerClient({
      region: 'eu-north-1',
      endpoint: cloud.scheduler.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    for (const timer of cloud.scheduler.schedules())
      await scheduler.send(new DeleteScheduleCommand({ Name: timer.name, GroupName: timer.group }));
    scheduler.destroy();

    const restored = await opsJson(['restore-timers', ...local]);
    const text = await ops(['restore-timers', ...local]);
    const deadline = Date.now() + 30_000;
    while (cloud.scheduler.schedules().length < names.length && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await cloud.settle();

    expect(upcoming.length).toBeGreaterThan(0);
    expect(names).toContain(`${upcoming[0]?.id}-ended`);
    expect(restored).toMatchObject({ code: EXIT.ok, body: { meetings: upcoming.length } });
    expect(text.code).toBe(EXIT.ok);
    expect(text.out).toMatch(new RegExp(`^Timers of ${upcoming.length} meetings are being set again`));
    expect(
      cloud.scheduler
        .schedules()
        .map((timer) => timer.name)
        .sort(),
    ).toEqual(names.sort());
  });

  it('lists and redrives an empty dead-letter queue', async () => {
    const listed = await opsJson(['dlq', 'list', '--state-dir', stateDir]);
    const redriven = await opsJson(['dlq', 'redrive', ...local]);

    expect(listed.body.deadLetters).toEqual([]);
    expect(redriven).toMatchObject({ code: EXIT.ok, body: { redriven: [], failedAgain: [], remaining: 0 } });
  });
});

describe('ops export and import', () => {
  it('hands the network over to an empty table: the second export has the first one’s fingerprint', async () => {
    await cloud.settle();
    const target = await freshTable('ops-import');
    const into = ['--table', target.tableName, '--dynamodb-endpoint', target.endpoint];

    const exported = await opsJson(['export', join(dir, 'package'), ...table]);
    const refusedExport = await opsJson(['export', join(dir, 'package'), ...table]);
    const imported = await opsJson([
      'import',
      join(dir, 'package'),
      ...into,
      '--fingerprint',
      exported.body.filesSha256,
    ]);
    const again = await opsJson(['export', join(dir, 'package-again'), ...into]);
    const refusedImport = await opsJson(['import', join(dir, 'package'), ...into]);
    target.raw.destroy();

    expect(exported.code).toBe(EXIT.ok);
    expect(exported.body).toEqual({
      outDir: join(dir, 'package'),
      bytes: expect.any(Number),
      itemCount: expect.any(Number),
      files: expect.any(Number),
      filesSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(exported.body.itemCount).toBeGreaterThan(100);
    expect(refusedExport).toMatchObject({
      code: EXIT.failed,
      body: { error: { code: 'EXPORT_TARGET_NOT_EMPTY' } },
    });
    expect(imported).toMatchObject({ code: EXIT.ok, body: { items: exported.body.itemCount } });
    expect(again.body.filesSha256).toBe(exported.body.filesSha256);
    expect(refusedImport).toMatchObject({
      code: EXIT.failed,
      body: { error: { code: 'IMPORT_TARGET_NOT_EMPTY' } },
    });
  });
});

describe('ops against a stage named by a cdk outputs file', () => {
  let outputs: string;
  beforeAll(() => {
    outputs = join(dir, 'outputs.json');
    // As `cdk deploy --outputs-file` writes it, with a second stage that must not be picked.
    writeFileSync(
      outputs,
      JSON.stringify({
        'MunicipalNetwork-test-Stateful': { DkimRecord1: 'x CNAME y' },
        'MunicipalNetwork-test-Api': {
          ApiUrl: `${cloud.apiUrl}/`,
          TableName: cloud.tableName,
          UserPoolId: 'eu-north-1_TEST',
          UserPoolClientId: 'test-client',
        },
        'MunicipalNetwork-prod-Api': { ApiUrl: 'http://127.0.0.1:9/', TableName: 'prod' },
      }),
    );
  });

  it('answers exactly as the local target does, with the token from --token or OPS_TOKEN', async () => {
    const stage = ['--stage', 'test', '--outputs', outputs];

    const viaLocal = await opsJson(['list-invoices', '--fee-year', '2024', ...local]);
    const viaFlag = await opsJson([
      'list-invoices',
      '--fee-year',
      '2024',
      ...stage,
      '--token',
      cloud.adminToken,
    ]);
    const viaEnv = await opsJson(['fee-preview', '2024', ...stage], { env: { OPS_TOKEN: cloud.adminToken } });
    const rebuilt = await opsJson([
      'rebuild-stats',
      '2023',
      ...stage,
      '--dynamodb-endpoint',
      cloud.dynamoDbEndpoint,
    ]);

    expect(viaFlag).toMatchObject({ code: EXIT.ok, body: viaLocal.body });
    expect(viaEnv.code).toBe(EXIT.ok);
    expect(viaEnv.body).toEqual((await opsJson(['fee-preview', '2024', ...local])).body);
    expect(rebuilt).toMatchObject({ code: EXIT.ok, body: { year: 2023 } });
  });

  it('fails without a token (naming the user pool), for an unknown stage, and refuses a bad token', async () => {
    const noToken = await opsJson(['fee-preview', '2024', '--stage', 'test', '--outputs', outputs]);
    const unknownStage = await opsJson(['fee-preview', '2024', '--stage', 'dev', '--outputs', outputs]);
    // Pointed at the local cloud's CloudFormation, which knows only the stage `local`.
    const noOutputs = await opsJson(['fee-preview', '2024', '--stage', 'dev', '--token', 'x'], {
      env: { AWS_ENDPOINT_URL_CLOUDFORMATION: cloud.awsEndpoint },
    });
    const badToken = await opsJson([
      'fee-preview',
      '2024',
      '--stage',
      'test',
      '--outputs',
      outputs,
      '--token',
      'x',
    ]);
    const localOnly = await ops(['admin-token', '--stage', 'test', '--outputs', outputs]);
    const whichStage = await ops(['fee-preview', '2024', '--outputs', outputs, '--token', 'x']);

    expect(noToken).toMatchObject({ code: EXIT.failed, body: { error: { code: 'NO_TOKEN' } } });
    expect(noToken.body.error.message).toContain('eu-north-1_TEST');
    expect(unknownStage).toMatchObject({ code: EXIT.failed, body: { error: { code: 'NO_OUTPUTS' } } });
    expect(noOutputs).toMatchObject({ code: EXIT.failed, body: { error: { code: 'NO_OUTPUTS' } } });
    expect(badToken).toMatchObject({
      code: EXIT.failed,
      body: { error: { code: 'UNAUTHORIZED', status: 401 } },
    });
    expect(localOnly.code).toBe(EXIT.usage);
    expect(whichStage.code).toBe(EXIT.usage);
    expect(whichStage.err).toContain('several stages');
  });
});
