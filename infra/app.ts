import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApiStack } from './api-stack';
import { ConsumersStack } from './consumers-stack';
import type { FunctionSettings } from './function-settings';
import { REPO_ROOT } from './network-function';
import { OperationsStack } from './operations-stack';
import { type StageName, stageSettings } from './stages';
import { StatefulStack, timerGroupName } from './stateful-stack';

/** The context keys this app reads (defaults in cdk.json; override with `cdk synth -c stage=prod`). */
export interface AppContext {
  /** `dev` or `prod` (infra/stages.ts holds what differs). */
  readonly stage: StageName;
  readonly mailFrom: string;
  readonly sesDomain: string;
  readonly siteUrl: string;
  /** Where alarms are mailed; without it the alarm topic has no subscriber (add one by hand). */
  readonly alarmEmail?: string;
  /** Tags `Owner` and `CostCenter` on every resource (defaults below). */
  readonly owner: string;
  readonly costCenter: string;
}

/** Who answers for the deployment and whose budget pays it, unless `-c owner=… -c costCenter=…` say otherwise. */
export const DEFAULT_OWNER = 'network-secretariat';
export const DEFAULT_COST_CENTER = 'municipal-network';
/** The value of the `Project` tag on every resource. */
export const PROJECT_TAG = 'municipal-network';

/**
 * cdk.json's context: the feature flags and the defaults above. The CLI passes it itself; reading it
 * here as well makes an app built in a test synthesize exactly what `cdk synth` does.
 */
const cdkJsonContext = (): Record<string, unknown> => {
  const cdkJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
};

const requiredString = (app: App, key: keyof AppContext): string => {
  const value: unknown = app.node.tryGetContext(key);
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`Context "${key}" must be a non-empty string`);
  }
  return value;
};

const optionalString = (app: App, key: keyof AppContext): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`Context "${key}" must be a string`);
  return value.trim();
};

const readContext = (app: App): AppContext => {
  const stage = stageSettings(requiredString(app, 'stage')).name;
  const mailFrom = requiredString(app, 'mailFrom');
  const sesDomain = requiredString(app, 'sesDomain');
  const mailDomain = mailFrom.slice(mailFrom.lastIndexOf('@') + 1).toLowerCase();
  const domain = sesDomain.toLowerCase();
  // SES only sends from an address of a verified identity, and ses:SendEmail is scoped to this one.
  if (!mailFrom.includes('@') || (mailDomain !== domain && !mailDomain.endsWith(`.${domain}`))) {
    throw new Error(`Context "mailFrom" (${mailFrom}) must be an address of "sesDomain" (${sesDomain})`);
  }
  const siteUrl = requiredString(app, 'siteUrl');
  if (!/^https:\/\/[^/\s]+/.test(siteUrl))
    throw new Error(`Context "siteUrl" (${siteUrl}) must be an https address`);
  const alarmEmail = optionalString(app, 'alarmEmail');
  if (alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail)) {
    throw new Error(`Context "alarmEmail" (${alarmEmail}) must be an e-mail address`);
  }
  return {
    stage,
    mailFrom,
    sesDomain,
    siteUrl,
    ...(alarmEmail === undefined ? {} : { alarmEmail }),
    owner: optionalString(app, 'owner') ?? DEFAULT_OWNER,
    costCenter: optionalString(app, 'costCenter') ?? DEFAULT_COST_CENTER,
  };
};

/**
 * Builds the app for one stage: the stateful stack, two stateless ones (API, consumers) and the
 * operations stack (service alarms, dashboard), every resource tagged, with cdk-nag's
 * AwsSolutions checks as a validation plugin, so that every synth (CLI or test) fails on an
 * unacknowledged finding. The stacks are environment-agnostic: no account or region lookups.
 *
 * @param context overrides cdk.json and `-c` context (tests pass e.g. `{ stage: 'prod' }`)
 */
export const buildApp = (
  context: { readonly [key in keyof AppContext]?: string } & Record<string, unknown> = {},
) => {
  const app = new App({ context: cdkJsonContext(), postCliContext: context });
  const { stage, mailFrom, sesDomain, siteUrl, alarmEmail, owner, costCenter } = readContext(app);
  const prefix = `MunicipalNetwork-${stage}`;

  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    stage,
    sesDomain,
    description: `Municipal network (${stage}): table, event bus, outbox pipe, SES identity`,
  });
  const settings: FunctionSettings = {
    stage,
    mailFrom,
    sesConfigurationSetName: stateful.configurationSet.configurationSetName,
    sesConfigurationSetArn: stateful.configurationSetArn,
    sesIdentityArn: stateful.emailIdentity.emailIdentityArn,
    siteUrl,
    linkTokenSecret: stateful.linkTokenSecret,
    timers: {
      groupName: timerGroupName(stage),
      role: stateful.timerRole,
      deadLetterQueueArn: stateful.timerDeadLetterQueue.queueArn,
    },
  };
  const api = new ApiStack(app, `${prefix}-Api`, {
    ...settings,
    table: stateful.table,
    bus: stateful.bus,
    description: `Municipal network (${stage}): HTTP API, admin sign-in, web pages`,
  });
  const consumers = new ConsumersStack(app, `${prefix}-Consumers`, {
    ...settings,
    table: stateful.table,
    bus: stateful.bus,
    mailFeedbackTopic: stateful.mailFeedback.topic,
    statefulDeadLetterQueues: new Map([
      ['outbox-pipe', stateful.pipeDeadLetterQueue],
      ['timers', stateful.timerDeadLetterQueue],
    ]),
    ...(alarmEmail === undefined ? {} : { alarmEmail }),
    description: `Municipal network (${stage}): event consumers, their rules and dead-letter queues, scheduled jobs`,
  });
  const operations = new OperationsStack(app, `${prefix}-Operations`, {
    stage,
    alarmTopic: consumers.alarmTopic,
    httpApi: api.httpApi,
    table: stateful.table,
    outboxPipeName: stateful.outboxPipe.ref,
    description: `Municipal network (${stage}): alarms on functions, API, pipe and mail; the dashboard`,
  });

  // Cost allocation and ownership: on every resource that takes tags, in every stack.
  Tags.of(app).add('Project', PROJECT_TAG);
  Tags.of(app).add('Stage', stage);
  Tags.of(app).add('Owner', owner);
  Tags.of(app).add('CostCenter', costCenter);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));

  return { app, stateful, api, consumers, operations };
};

const isEntryPoint =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntryPoint) buildApp().app.synth();
