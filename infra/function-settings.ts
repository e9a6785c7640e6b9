import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { EventDefinition } from '../events/define-event';
import { eventPattern } from '../events/envelope';
import type { RouteDefinition } from '../functions/http/routes';
import { acknowledgeNag } from './nag';
import type { NetworkFunction, NetworkFunctionEnvironment } from './network-function';
import type { TableAccess } from './table-grants';

/** What every function of a stage is told, and what some functions get on top (link tokens, timers). */
export interface FunctionSettings {
  readonly stage: string;
  /** Sender address of every e-mail; an address of the SES identity's domain. */
  readonly mailFrom: string;
  readonly sesConfigurationSetName: string;
  readonly sesConfigurationSetArn: string;
  readonly sesIdentityArn: string;
  /** Public address of the web pages (links in e-mail). */
  readonly siteUrl: string;
  readonly linkTokenSecret: secretsmanager.ISecret;
  /** Timers: the schedule group, the role schedules run as, and their dead-letter queue. */
  readonly timers: { groupName: string; role: iam.IRole; deadLetterQueueArn: string };
}

/**
 * Derived from the route definition: the OpenAPI document is static, reads only read, and every
 * other method writes (through the outbox).
 */
export const tableAccessOf = (route: RouteDefinition): TableAccess => {
  if (route.success.body === 'openapi') return 'none';
  return route.method === 'GET' ? 'read' : 'readWrite';
};

/** `send-registration-confirmation` → `SendRegistrationConfirmation` (construct ids are PascalCase). */
export const constructId = (name: string): string =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

/** The rule's pattern (EventBridge spelling) in the shape of the CDK's EventPattern. */
export const ruleEventPattern = (event: EventDefinition): events.EventPattern => {
  const { 'detail-type': detailType, ...rest } = eventPattern(event);
  return { ...rest, detailType };
};

/** The environment every function gets: the table, the sender, the configuration set, the site. */
export const baseEnvironment = (
  settings: FunctionSettings,
  tableName: string,
): NetworkFunctionEnvironment => ({
  TABLE_NAME: tableName,
  MAIL_FROM: settings.mailFrom,
  SES_CONFIGURATION_SET: settings.sesConfigurationSetName,
  SITE_URL: settings.siteUrl,
  // Powertools reads these: the service on every log line, the CloudWatch namespace of the EMF metrics.
  POWERTOOLS_SERVICE_NAME: 'municipal-network',
  POWERTOOLS_METRICS_NAMESPACE: 'MunicipalNetwork',
});

/** Functions that issue or check link tokens get the key's ARN (and, by `grantLinkTokens`, read access). */
export const withLinkTokens = (
  settings: FunctionSettings,
  base: NetworkFunctionEnvironment,
  usesLinkTokens: boolean | undefined,
): NetworkFunctionEnvironment =>
  usesLinkTokens ? { ...base, LINK_TOKEN_SECRET_ARN: settings.linkTokenSecret.secretArn } : base;

/** Functions that set timers get the scheduler settings; see `allowTimers` for their rights. */
export const withTimers = (
  settings: FunctionSettings,
  busArn: string,
  base: NetworkFunctionEnvironment,
  usesScheduler: boolean | undefined,
): NetworkFunctionEnvironment =>
  usesScheduler
    ? {
        ...base,
        SCHEDULE_GROUP: settings.timers.groupName,
        SCHEDULE_TARGET_ARN: busArn,
        SCHEDULER_ROLE_ARN: settings.timers.role.roleArn,
        SCHEDULE_DLQ_ARN: settings.timers.deadLetterQueueArn,
      }
    : base;

/** Create, move and delete schedules of the network's group only, and hand them only the timer role. */
export const allowTimers = (settings: FunctionSettings, handler: NetworkFunction): void => {
  const fn = handler.function;
  const { groupName, role } = settings.timers;
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
      resources: [
        fn.stack.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${groupName}/*` }),
      ],
    }),
  );
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['iam:PassRole'],
      resources: [role.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    }),
  );
  acknowledgeNag(
    handler,
    `IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${groupName}/*]`,
    'Timer names are made at run time from meeting ids (<meetingId>-reminder-7d, …); the grant is limited to the network’s own schedule group and to create, update and delete.',
  );
};

/** SES sending from the network's identity through its configuration set, nothing else. */
export const allowSending = (settings: FunctionSettings, handler: NetworkFunction): void => {
  handler.function.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resources: [settings.sesIdentityArn, settings.sesConfigurationSetArn],
    }),
  );
};
