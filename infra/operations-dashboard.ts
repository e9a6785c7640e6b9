import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  pipeMetric,
  SES_BOUNCE_RATE_THRESHOLD,
  SES_COMPLAINT_RATE_THRESHOLD,
  sesMetric,
} from './service-alarms';

export interface OperationsDashboardProps {
  readonly stage: string;
  readonly httpApi: apigw.IHttpApi;
  readonly table: dynamodb.ITable;
  readonly outboxPipeName: string;
}

/**
 * Every SQS queue of the stage's stacks (all of them are dead-letter queues): CloudFormation names
 * a queue `<stack name>-<id>-<suffix>`, and the search finds the queues of `MunicipalNetwork` and
 * of the stage. A search, not one metric per queue: no 33 cross-stack references to the consumers
 * stack, new consumers appear on the graph by themselves, and the dashboard stays within the
 * free tier's 50 metrics. (CloudWatch cannot alarm on a search: the alarms are per queue.)
 */
export const deadLetterSearch = (stage: string): string =>
  `SEARCH('{AWS/SQS,QueueName} MetricName="ApproximateNumberOfMessagesVisible" QueueName=MunicipalNetwork AND QueueName=${stage}', 'Maximum', 300)`;

const FIVE_MINUTES = Duration.minutes(5);
const sum = { period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM };

/**
 * One dashboard per stage (`MunicipalNetwork-<stage>`), top to bottom in the order an operator
 * asks: do people get answers (API), do the functions run (errors, throttles, duration), is
 * anything waiting for a redrive (dead-letter queues), do events flow (the outbox pipe), does
 * mail arrive (SES), and how hard the table works. Function figures are the account's aggregates,
 * as the alarms read them (infra/service-alarms.ts).
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const { httpApi, table, outboxPipeName } = props;

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `MunicipalNetwork-${props.stage}`,
      defaultInterval: Duration.days(7),
    });

    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: `# Municipal network (${props.stage})\nEvery alarm and what to do about it, and how to redrive a dead-letter queue: docs/operations.md in the repository.`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'API requests',
        left: [httpApi.metricCount({ ...sum, label: 'requests' })],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'API errors',
        left: [
          httpApi.metricClientError({ ...sum, label: '4xx' }),
          httpApi.metricServerError({ ...sum, label: '5xx' }),
        ],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'API latency (ms)',
        left: [
          httpApi.metricLatency({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.p(50), label: 'p50' }),
          httpApi.metricLatency({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.p(99), label: 'p99' }),
          httpApi.metricIntegrationLatency({
            period: FIVE_MINUTES,
            statistic: cloudwatch.Stats.p(99),
            label: 'integration p99',
          }),
        ],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Functions: invocations, errors, throttles (account)',
        left: [
          lambda.Function.metricAllInvocations({ ...sum, label: 'invocations' }),
          lambda.Function.metricAllErrors({ ...sum, label: 'errors' }),
          lambda.Function.metricAllThrottles({ ...sum, label: 'throttles' }),
        ],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Functions: duration (ms, account)',
        left: [
          lambda.Function.metricAllDuration({
            period: FIVE_MINUTES,
            statistic: cloudwatch.Stats.p(50),
            label: 'p50',
          }),
          lambda.Function.metricAllDuration({
            period: FIVE_MINUTES,
            statistic: cloudwatch.Stats.p(99),
            label: 'p99',
          }),
        ],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Dead-letter queues: messages waiting (each alarms above 0)',
        left: [
          new cloudwatch.SearchExpression({
            expression: deadLetterSearch(props.stage),
            label: '',
            period: FIVE_MINUTES,
          }),
        ],
        legendPosition: cloudwatch.LegendPosition.RIGHT,
        width: 24,
        height: 8,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Outbox pipe: events and failures',
        left: [pipeMetric(outboxPipeName, 'EventCount')],
        right: [
          pipeMetric(outboxPipeName, 'ExecutionFailed'),
          pipeMetric(outboxPipeName, 'TargetStageFailed'),
          pipeMetric(outboxPipeName, 'ExecutionThrottled'),
        ],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'SES: sent, bounced, complained (account)',
        left: [
          sesMetric('Send', cloudwatch.Stats.SUM),
          sesMetric('Bounce', cloudwatch.Stats.SUM),
          sesMetric('Complaint', cloudwatch.Stats.SUM),
        ],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'SES: reputation (fraction; alarms at the lines)',
        left: [
          sesMetric('Reputation.BounceRate', cloudwatch.Stats.MAXIMUM),
          sesMetric('Reputation.ComplaintRate', cloudwatch.Stats.MAXIMUM),
        ],
        leftAnnotations: [
          { value: SES_BOUNCE_RATE_THRESHOLD, label: 'bounce alarm' },
          { value: SES_COMPLAINT_RATE_THRESHOLD, label: 'complaint alarm' },
        ],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Table: consumed capacity units',
        left: [
          table.metricConsumedReadCapacityUnits({ ...sum, label: 'read units' }),
          table.metricConsumedWriteCapacityUnits({ ...sum, label: 'write units' }),
        ],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Table: throttle events',
        left: [
          table.metric('ReadThrottleEvents', { ...sum, label: 'read throttle events' }),
          table.metric('WriteThrottleEvents', { ...sum, label: 'write throttle events' }),
        ],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Table: system errors (the operations the functions use)',
        left: [
          table.metricSystemErrorsForOperations({
            ...sum,
            operations: [
              dynamodb.Operation.GET_ITEM,
              dynamodb.Operation.QUERY,
              dynamodb.Operation.PUT_ITEM,
              dynamodb.Operation.UPDATE_ITEM,
              dynamodb.Operation.TRANSACT_WRITE_ITEMS,
            ],
            label: 'system errors',
          }),
        ],
        width: 8,
      }),
    );
  }
}
