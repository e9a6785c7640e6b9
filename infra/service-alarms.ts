import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/**
 * SES reviews an account at a 5 % bounce rate and a 0.1 % complaint rate (and may pause sending at
 * 10 % / 0.5 %): the alarms fire at well under half of that, while there is time to find the list
 * or the mail that causes it (docs/operations.md). SES publishes the rates as fractions 0–1.
 */
export const SES_BOUNCE_RATE_THRESHOLD = 0.02;
export const SES_COMPLAINT_RATE_THRESHOLD = 0.0005;

/** The names of the alarms, one per kind (the dead-letter queues have their own, one per queue). */
export const SERVICE_ALARMS = [
  'function-errors',
  'function-throttles',
  'api-server-errors',
  'outbox-pipe-failures',
  'ses-bounce-rate',
  'ses-complaint-rate',
] as const;
export type ServiceAlarm = (typeof SERVICE_ALARMS)[number];

/** Pipe metrics are in this namespace, by `PipeName` (EventBridge user guide, "Monitoring pipes"). */
export const PIPES_NAMESPACE = 'AWS/EventBridge/Pipes';

export const pipeMetric = (pipeName: string, metricName: string, statistic = cloudwatch.Stats.SUM) =>
  new cloudwatch.Metric({
    namespace: PIPES_NAMESPACE,
    metricName,
    dimensionsMap: { PipeName: pipeName },
    statistic,
    period: Duration.minutes(5),
  });

/**
 * The account's SES metrics (no dimension): what SES itself reviews. Reputation.* are fractions
 * over a representative volume of recent mail; Send, Bounce and Complaint are counts.
 */
export const sesMetric = (metricName: string, statistic: string, period = Duration.hours(1)) =>
  new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic, period });

export interface ServiceAlarmsProps {
  readonly stage: string;
  readonly topic: sns.ITopic;
  readonly httpApi: apigw.IHttpApi;
  /** Name of the outbox pipe (the CfnPipe's Ref). */
  readonly outboxPipeName: string;
}

/**
 * The alarms beyond the dead-letter queues (infra/dead-letter-alarms.ts), each to the alarm topic
 * with its recovery. One alarm per kind, not per function: an alarm is billed per metric it reads,
 * so 80 functions × errors and throttles would cost $16 a month for what two account-wide metrics
 * say. Which function failed is on the Lambda console's list (errors per function) and in its log
 * group, and for consumers in the dead-letter queue that alarms on its own.
 *
 * - function errors and throttles: Lambda's account-wide aggregates. Throttles are an account
 *   matter anyway (one concurrency pool per account and region). Errors above a handful in 15
 *   minutes: a consumer's single failure is retried and, if it persists, alarms from its DLQ.
 *   With dev and prod in one account the two stages share these two alarms' metric.
 * - API server errors: any 5xx of the stage's HTTP API (a person's request failed; handlers map
 *   their errors to responses, so these are not Lambda errors).
 * - outbox pipe: any failed execution or target stage (the stream → bus hop of every event).
 * - SES bounce and complaint rates of the account, at the thresholds above.
 */
export const serviceAlarms = (
  scope: Construct,
  props: ServiceAlarmsProps,
): Map<ServiceAlarm, cloudwatch.Alarm> => {
  const group = new Construct(scope, 'ServiceAlarms');
  const prefix = `MunicipalNetwork-${props.stage}`;
  const definitions: Record<ServiceAlarm, Omit<cloudwatch.AlarmProps, 'alarmName'>> = {
    'function-errors': {
      alarmDescription:
        'More than 5 Lambda errors in 15 minutes in this account and region: see docs/operations.md "Alarms", then the log groups of the failing functions',
      metric: lambda.Function.metricAllErrors({
        period: Duration.minutes(15),
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: 5,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    },
    'function-throttles': {
      alarmDescription:
        'Lambda throttled invocations in this account and region: the concurrency quota is exhausted; see docs/operations.md "Alarms"',
      metric: lambda.Function.metricAllThrottles({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    },
    'api-server-errors': {
      alarmDescription: `The ${props.stage} HTTP API answered 5xx: see docs/operations.md "Alarms" and the API access log`,
      metric: props.httpApi.metricServerError({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    },
    'outbox-pipe-failures': {
      alarmDescription:
        'The outbox pipe (table stream → event bus) failed executions: events are delayed; see docs/operations.md "Alarms"',
      metric: new cloudwatch.MathExpression({
        expression: 'FILL(executionFailed, 0) + FILL(targetStageFailed, 0)',
        usingMetrics: {
          executionFailed: pipeMetric(props.outboxPipeName, 'ExecutionFailed'),
          targetStageFailed: pipeMetric(props.outboxPipeName, 'TargetStageFailed'),
        },
        label: 'failed pipe executions and target stages',
        period: Duration.minutes(5),
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    },
    'ses-bounce-rate': {
      alarmDescription: `SES bounce rate above ${SES_BOUNCE_RATE_THRESHOLD * 100} % (AWS reviews the account at 5 %): see docs/operations.md "Alarms"`,
      metric: sesMetric('Reputation.BounceRate', cloudwatch.Stats.MAXIMUM),
      threshold: SES_BOUNCE_RATE_THRESHOLD,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    },
    'ses-complaint-rate': {
      alarmDescription: `SES complaint rate above ${SES_COMPLAINT_RATE_THRESHOLD * 100} % (AWS reviews the account at 0.1 %): see docs/operations.md "Alarms"`,
      metric: sesMetric('Reputation.ComplaintRate', cloudwatch.Stats.MAXIMUM),
      threshold: SES_COMPLAINT_RATE_THRESHOLD,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    },
  };

  const alarms = new Map<ServiceAlarm, cloudwatch.Alarm>();
  for (const name of SERVICE_ALARMS) {
    const alarm = new cloudwatch.Alarm(group, name, { ...definitions[name], alarmName: `${prefix}-${name}` });
    alarm.addAlarmAction(new actions.SnsAction(props.topic));
    alarm.addOkAction(new actions.SnsAction(props.topic));
    alarms.set(name, alarm);
  }
  return alarms;
};
