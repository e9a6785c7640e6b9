import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApiStack } from './api-stack';
import { ConsumersStack } from './consumers-stack';
import type { FunctionSettings } from './function-settings';
import { REPO_ROOT } from './network-function';
import { StatefulStack, timerGroupName } from './stateful-stack';

/** The context keys this app reads (defaults in cdk.json; override with `cdk synth -c stage=prod`). */
export interface AppContext {
  readonly stage: string;
  readonly mailFrom: string;
  readonly sesDomain: string;
  readonly siteUrl: string;
}

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

const readContext = (app: App): AppContext => {
  const stage = requiredString(app, 'stage');
  if (!/^[a-z][a-z0-9]*$/.test(stage)) {
    throw new Error(`Context "stage" must be lower-case alphanumeric, got "${stage}"`);
  }
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
  return { stage, mailFrom, sesDomain, siteUrl };
};

/**
 * Builds the app: the stateful stack and two stateless ones (API, consumers) for one stage, with cdk-nag's AwsSolutions checks
 * as a validation plugin, so that every synth (CLI or test) fails on an unacknowledged finding.
 * The stacks are environment-agnostic: no account or region lookups.
 *
 * @param context overrides cdk.json and `-c` context (tests pass e.g. `{ stage: 'prod' }`)
 */
export const buildApp = (context: Partial<AppContext> & Record<string, unknown> = {}) => {
  const app = new App({ context: cdkJsonContext(), postCliContext: context });
  const { stage, mailFrom, sesDomain, siteUrl } = readContext(app);
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
    ...(typeof app.node.tryGetContext('alarmEmail') === 'string'
      ? { alarmEmail: app.node.tryGetContext('alarmEmail') as string }
      : {}),
    description: `Municipal network (${stage}): event consumers, their rules and dead-letter queues, scheduled jobs`,
  });

  Tags.of(app).add('project', 'municipal-network');
  Tags.of(app).add('stage', stage);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));

  return { app, stateful, api, consumers };
};

const isEntryPoint =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntryPoint) buildApp().app.synth();
