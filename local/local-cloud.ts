import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { DynamoDBClient, paginateScan, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { indexFeeSchedule, setFeeSchedule } from '../domain/fees/set-fee-schedule';
import { scheduleMeeting } from '../domain/meetings/schedule-meeting';
import { saveBillingParty, saveMunicipality, savePrincipal } from '../domain/members/maintain-members';
import { stockholmDate } from '../domain/shared/stockholm-time';
import { recordSurvey } from '../domain/statistics/year-report-use-cases';
import { EVENT_ITEM_TYPE } from '../functions/adapters/table-design';
import { routes } from '../functions/http/routes';
import { resetConfig } from '../functions/shared/config';
import { awsPorts, resetAwsPorts } from '../functions/shared/ports';
import { buildAdminFiles } from '../web/admin/build';
import { startApiGateway } from './api-gateway';
import { localStacks, startAwsControlPlane } from './aws-control-plane';
import { clockControl } from './clock-control';
import { ensureTable } from './create-table';
import { deadLetterControl } from './dead-letter-control';
import {
  DALSLAND_FEDERATION,
  demoFeeSchedule2024,
  demoFocusGroups,
  demoMeetings,
  demoMunicipalitiesWithInvoicing,
  demoPopulation,
  demoPrincipals,
  demoWageGrowth,
  EARLIER_SURVEY_RESPONDENTS,
} from './demo-data';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local';
import { type DeliveryChaos, LocalEventBus, subscriptionRules } from './event-bus';
import { type Fault, type FaultProxy, startFaultProxy } from './fault-proxy';
import { ADMIN_CLIENT_ID, type AdminTokenOptions, createLocalIssuer } from './local-auth';
import { LocalClock } from './local-clock';
import { type LocalAccount, seededAccounts, startLocalOidc } from './local-oidc';
import { type LocalScheduler, startLocalScheduler } from './scheduler-local';
import { startLocalSes } from './ses-local';
import { startStreamPipe } from './stream-pipe';

export const repoRoot = join(import.meta.dirname, '..');

/**
 * The key of e-mail link tokens: kept in the state folder so links in mails sent before a restart
 * still work; a new random one where there is no state folder (tests).
 */
const linkTokenSecret = (stateDir?: string): string => {
  const file = stateDir ? join(stateDir, 'link-token-secret') : undefined;
  if (file && existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  if (file && stateDir) {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  }
  return secret;
};

export interface LocalCloudOptions {
  /** Local API Gateway port (0 = any free port). */
  port: number;
  sesPort: number;
  /** Port for a DynamoDB Local this cloud starts; ignored when `dynamoDbEndpoint` is given. */
  dynamoDbPort: number;
  /** Use an already running DynamoDB Local (tests share one). */
  dynamoDbEndpoint?: string;
  /** Where DynamoDB Local keeps its files; absent = in memory. */
  dbPath?: string;
  /** Where the admin token and dead letters go; absent = nowhere. */
  stateDir?: string;
  tableName?: string;
  mailFrom?: string;
  seed?: boolean;
  /** Seed the five upcoming demo meetings too (default true; the year replay plans its own). */
  seedMeetings?: boolean;
  /** Base address of the web pages in e-mail links; default http://localhost:<port>. */
  siteUrl?: string;
  /** Local bus retry backoff base (ms). */
  busBackoffMs?: number;
  /** Local bus attempts per delivery before the dead letter (default 3, as Lambda's async invoke). */
  busAttempts?: number;
  /** Deliver every event more than once, held back and shuffled (tests of idempotency). */
  deliveryChaos?: DeliveryChaos;
  /**
   * Put a fault-injecting proxy in front of DynamoDB and SES for the functions (the stream pipe
   * and the tests' own reads go direct): throttling and server errors as the real services answer.
   */
  faults?: { seed: number; dynamoDb?: readonly Fault[]; ses?: readonly Fault[] };
  /**
   * Port of the local AWS control plane (local/aws-control-plane.ts: CloudFormation, SQS and
   * Lambda as the ops CLI calls them on a stage); default 0, any free port.
   */
  awsPort?: number;
  /** Where dead letters go; default `<stateDir>/dead-letters.jsonl`, none without a state folder. */
  deadLetterFile?: string;
  /**
   * The clock handlers and timers read: real time by default (with its offset kept in the state
   * folder); tests pass a frozen one and advance it.
   */
  clock?: LocalClock;
  /** How often the local scheduler fires due timers (ms; 0 = only through `advanceClock`). */
  schedulerPollMs?: number;
  /** Port of the local OpenID provider (local/local-oidc.ts); default 0, any free port. */
  authPort?: number;
}

export interface LocalCloud {
  apiUrl: string;
  sesUrl: string;
  dynamoDbEndpoint: string;
  tableName: string;
  /**
   * The local AWS control plane: AWS_ENDPOINT_URL_CLOUDFORMATION/SQS/LAMBDA for the ops CLI's
   * `--stage local` (also in `<stateDir>/aws-endpoint`, where the CLI's local target finds it).
   */
  awsEndpoint: string;
  adminToken: string;
  /**
   * The local OpenID provider: its issuer URL (discovery under `/.well-known/openid-configuration`),
   * the admin app's client id and redirect URI, and the seeded accounts (the secretariat's first).
   */
  signIn: {
    issuer: string;
    clientId: string;
    redirectUri: string;
    accounts: readonly LocalAccount[];
  };
  bus: LocalEventBus;
  clock: LocalClock;
  scheduler: LocalScheduler;
  /** The fault proxies in front of DynamoDB and SES, when started with `faults`. */
  faultProxies?: { dynamoDb: FaultProxy; ses: FaultProxy };
  /**
   * Resolves once every event in the table's outbox has reached the bus and every delivery (and
   * what it caused, transitively) is done: the point at which a scenario step is over.
   */
  settle(options?: { timeoutMs?: number }): Promise<void>;
  /**
   * Moves the clock forward, fires the timers that fell due and waits until the bus has delivered
   * everything they caused. Returns how many timers fired.
   */
  advanceClock(ms: number): Promise<number>;
  issueAdminToken: (options?: AdminTokenOptions) => Promise<string>;
  stop(): Promise<void>;
}

/** `/_local/dlq…` to the dead-letter controls, everything else under `/_local/` to the clock's. */
const localControls =
  (controls: {
    clock: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;
    deadLetters: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;
  }) =>
  (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> =>
    url.pathname.startsWith('/_local/dlq')
      ? controls.deadLetters(req, res, url)
      : controls.clock(req, res, url);

/** Imports a handler module the way the Lambda runtime would: by its entry file, export `handler`. */
const loadHandler = async <T>(entry: string): Promise<T> => {
  const module = (await import(join(repoRoot, entry))) as { handler?: T };
  if (!module.handler) throw new Error(`${entry} exports no handler`);
  return module.handler;
};

/**
 * Starts the whole system on loopback: DynamoDB Local, the local SES, the table, the local pipe and
 * bus with the catalogue's rules, and the local API Gateway serving the handlers and web/.
 * The handlers are the deployed ones; only the endpoints in the environment differ.
 */
export const startLocalCloud = async (options: LocalCloudOptions): Promise<LocalCloud> => {
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    let dynamo: DynamoDbLocal | undefined;
    let dynamoDbEndpoint = options.dynamoDbEndpoint;
    if (!dynamoDbEndpoint) {
      if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
      dynamo = await startDynamoDbLocal({
        port: options.dynamoDbPort,
        ...(options.dbPath ? { dbPath: options.dbPath } : {}),
      });
      stops.push(() => (dynamo as DynamoDbLocal).stop());
      dynamoDbEndpoint = dynamo.endpoint;
    }
    const ses = await startLocalSes({ port: options.sesPort });
    stops.push(() => ses.stop());
    let faultProxies: LocalCloud['faultProxies'];
    if (options.faults) {
      const dynamoDbProxy = await startFaultProxy({
        target: dynamoDbEndpoint,
        faults: options.faults.dynamoDb ?? [],
        seed: options.faults.seed,
      });
      stops.push(() => dynamoDbProxy.stop());
      const sesProxy = await startFaultProxy({
        target: ses.endpoint,
        faults: options.faults.ses ?? [],
        seed: options.faults.seed + 1,
      });
      stops.push(() => sesProxy.stop());
      faultProxies = { dynamoDb: dynamoDbProxy, ses: sesProxy };
    }

    const clock =
      options.clock ??
      new LocalClock(options.stateDir ? { offsetFile: join(options.stateDir, 'clock-offset') } : {});

    const tableName = options.tableName ?? 'municipal-network';
    // The same variables the CDK app sets on every function, pointed at loopback. Fake credentials
    // make sure that nothing started here can ever reach a real AWS account.
    Object.assign(process.env, {
      LINK_TOKEN_SECRET: linkTokenSecret(options.stateDir),
      TABLE_NAME: tableName,
      MAIL_FROM: options.mailFrom ?? 'Kommunnätverket <noreply@network.local>',
      DYNAMODB_ENDPOINT: faultProxies?.dynamoDb.endpoint ?? dynamoDbEndpoint,
      SES_ENDPOINT: faultProxies?.ses.endpoint ?? ses.endpoint,
      AWS_REGION: 'eu-north-1',
      SCHEDULE_GROUP: 'municipal-network',
      SCHEDULE_TARGET_ARN: `arn:aws:events:eu-north-1:000000000000:event-bus/${tableName}`,
      SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/local-scheduler',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // EMF lines are read by CloudWatch, which the local cloud does not have: on a console they
      // are one JSON line per invocation. POWERTOOLS_METRICS_DISABLED=false shows them.
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
    });
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    delete process.env.SCHEDULE_DLQ_ARN;

    const clientConfig = {
      endpoint: dynamoDbEndpoint,
      region: 'eu-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    };
    const dynamoClient = new DynamoDBClient(clientConfig);
    const streamArn = await ensureTable(dynamoClient, tableName);

    const deadLetterFile =
      options.deadLetterFile ?? (options.stateDir ? join(options.stateDir, 'dead-letters.jsonl') : undefined);
    const bus = new LocalEventBus(subscriptionRules(loadHandler), {
      backoffMs: options.busBackoffMs ?? 200,
      ...(options.busAttempts ? { attempts: options.busAttempts } : {}),
      ...(deadLetterFile ? { deadLetterFile } : {}),
      ...(options.deliveryChaos ? { chaos: options.deliveryChaos } : {}),
    });
    stops.push(() => bus.idle());
    // The AWS APIs of the local stage on one port: the bus's PutEvents (the pipe and the scheduler
    // publish through it, as in AWS), and what the ops CLI calls (CloudFormation, SQS, Lambda).
    let apiUrl = '';
    const eventBusName = tableName;
    const controlPlane = await startAwsControlPlane({
      port: options.awsPort ?? 0,
      bus,
      eventBus: {
        name: eventBusName,
        arn: `arn:aws:events:eu-north-1:000000000000:event-bus/${eventBusName}`,
        put: (event) => bus.put(event),
      },
      region: 'eu-north-1',
      stacks: () => localStacks({ apiUrl, tableName }),
    });
    stops.push(() => controlPlane.stop());
    const eventBridge = new EventBridgeClient({
      endpoint: controlPlane.endpoint,
      region: 'eu-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    stops.push(async () => eventBridge.destroy());
    // The scheduler puts due timers' events on the bus, as EventBridge Scheduler's bus target does.
    const scheduler = await startLocalScheduler({
      port: 0,
      clock,
      publish: async (entry) =>
        ((await eventBridge.send(new PutEventsCommand({ Entries: [entry] }))).FailedEntryCount ?? 0) === 0,
      ...(options.stateDir ? { stateFile: join(options.stateDir, 'schedules.json') } : {}),
      pollMs: options.schedulerPollMs ?? 1000,
    });
    stops.push(() => scheduler.stop());
    process.env.SCHEDULER_ENDPOINT = scheduler.endpoint;
    resetConfig();
    resetAwsPorts(clock);
    const advanceClock = async (ms: number): Promise<number> => {
      clock.advance(ms);
      const fired = await scheduler.runDue();
      await bus.idle();
      return fired;
    };

    const settle = async (settleOptions: { timeoutMs?: number } = {}): Promise<void> => {
      const deadline = Date.now() + (settleOptions.timeoutMs ?? 60_000);
      const reader = new DynamoDBClient(clientConfig);
      try {
        // Twice in a row: all of the outbox on the bus and nothing in flight (a consumer's own
        // event may be on its way through the stream between the two looks).
        let quiet = 0;
        while (quiet < 2) {
          await bus.idle();
          const missing: string[] = [];
          for await (const page of paginateScan(
            { client: reader },
            {
              TableName: tableName,
              FilterExpression: '#type = :event',
              ExpressionAttributeNames: { '#type': 'type' },
              ExpressionAttributeValues: { ':event': { S: EVENT_ITEM_TYPE } },
              ProjectionExpression: 'eventId',
            },
          ))
            for (const item of page.Items ?? []) {
              const id = item.eventId?.S;
              if (id && !bus.received.has(id)) missing.push(id);
            }
          if (missing.length === 0) quiet += 1;
          else quiet = 0;
          if (Date.now() > deadline)
            throw new Error(`The local cloud did not settle: ${missing.length} events never reached the bus`);
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      } finally {
        reader.destroy();
      }
    };

    const streams = new DynamoDBStreamsClient(clientConfig);
    const pipe = await startStreamPipe({ client: streams, streamArn, eventBridge, eventBusName });
    stops.push(() => pipe.stop());

    // Sign-in first: its loopback URL is the issuer the gateway's authoriser trusts.
    const oidc = await startLocalOidc({ port: options.authPort ?? 0 });
    stops.push(() => oidc.stop());
    const issuer = await createLocalIssuer(oidc.issuer);
    // Known once the gateway listens (port 0 in tests); the app's config.json reads it then.
    let adminRedirectUri = '';
    const gateway = await startApiGateway({
      port: options.port,
      routes,
      load: loadHandler,
      issuer,
      webRoot: join(repoRoot, 'web'),
      admin: {
        files: buildAdminFiles(),
        config: () => ({ issuer: oidc.issuer, clientId: ADMIN_CLIENT_ID, redirectUri: adminRedirectUri }),
        signInOrigins: () => [new URL(oidc.issuer).origin],
      },
      control: localControls({
        clock: clockControl({
          clock,
          issuer,
          fireDue: async () => {
            const fired = await scheduler.runDue();
            await bus.idle();
            return fired;
          },
        }),
        deadLetters: deadLetterControl({ bus, issuer }),
      }),
    });
    stops.push(() => gateway.stop());
    // The admin app will be served under /admin/ of the site, as in AWS (infra/api-stack.ts).
    const redirectUri = `${gateway.url}/admin/`;
    adminRedirectUri = redirectUri;
    const accounts = seededAccounts(options.stateDir);
    oidc.configure({ signingKey: await issuer.privateJwk(), accounts, redirectUris: [redirectUri] });
    // Links in e-mail point at the pages this gateway serves (known only now, with port 0).
    process.env.SITE_URL = options.siteUrl ?? gateway.url;
    resetConfig();
    resetAwsPorts(clock);

    apiUrl = gateway.url;

    if (options.seed !== false) {
      const empty =
        ((await dynamoClient.send(new ScanCommand({ TableName: tableName, Limit: 1 }))).Count ?? 0) === 0;
      if (empty) await seedDemoData({ meetings: options.seedMeetings !== false });
    }
    dynamoClient.destroy();

    const adminToken = await issuer.issueAdminToken();
    if (options.stateDir) {
      mkdirSync(options.stateDir, { recursive: true });
      writeFileSync(join(options.stateDir, 'admin-token'), `${adminToken}\n`, { mode: 0o600 });
      writeFileSync(join(options.stateDir, 'aws-endpoint'), `${controlPlane.endpoint}\n`);
    }
    return {
      apiUrl: gateway.url,
      sesUrl: ses.endpoint,
      dynamoDbEndpoint,
      tableName,
      awsEndpoint: controlPlane.endpoint,
      adminToken,
      signIn: { issuer: oidc.issuer, clientId: ADMIN_CLIENT_ID, redirectUri, accounts },
      bus,
      clock,
      scheduler,
      ...(faultProxies ? { faultProxies } : {}),
      settle,
      advanceClock,
      issueAdminToken: (tokenOptions) => issuer.issueAdminToken(tokenOptions),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
};

/** Municipalities, members, focus groups and a few upcoming meetings (through the real use case). */
export const seedDemoData = async (options: { meetings?: boolean } = {}): Promise<void> => {
  const ports = awsPorts();
  // Through the use cases, so the demo data has its events like data entered by hand.
  await saveBillingParty(ports.registry, DALSLAND_FEDERATION);
  for (const municipality of demoMunicipalitiesWithInvoicing())
    await saveMunicipality(ports.registry, municipality);
  for (const principal of demoPrincipals) await savePrincipal(ports.registry, principal);
  for (const group of demoFocusGroups) await ports.focusGroups.save(group);
  await ports.population.store(
    demoPopulation(),
    'SCB folkmängd 31 december (data/vg-municipalities.csv)',
    (changed) => ({
      detailType: 'PopulationImported',
      detail: { years: changed.years, figuresChanged: changed.count, source: 'demo seed' },
    }),
  );
  for (const growth of demoWageGrowth())
    await ports.feeSchedules.saveWageGrowth(growth.year, growth.percent, growth.sourceId);
  await setFeeSchedule(ports.feeSchedules, 2024, demoFeeSchedule2024);
  await indexFeeSchedule(ports.feeSchedules, 2025);
  // The survey respondents of the years before the system (the network's annual report).
  for (const [year, respondents] of Object.entries(EARLIER_SURVEY_RESPONDENTS)) {
    if (Number(year) <= Number(stockholmDate(ports.clock.now()).slice(0, 4)))
      await recordSurvey(ports, Number(year), { respondents });
  }
  if (options.meetings === false) return;
  const today = stockholmDate(ports.clock.now());
  for (const plan of demoMeetings(today)) await scheduleMeeting(ports, plan);
};
