import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { OperationsDashboard } from './operations-dashboard';
import { type ServiceAlarm, serviceAlarms } from './service-alarms';

export interface OperationsStackProps extends StackProps {
  readonly stage: string;
  /** The consumers stack's alarm topic (its key lets CloudWatch publish). */
  readonly alarmTopic: sns.ITopic;
  readonly httpApi: apigw.IHttpApi;
  readonly table: dynamodb.ITable;
  readonly outboxPipeName: string;
}

/**
 * What watches the stage: the alarms beyond the dead-letter queues (those are next to their queues
 * in the consumers stack), and the dashboard. A stack of its own: it reads only what does not
 * change (the alarm topic, the API's id, the table's and the pipe's names), nothing depends on it,
 * and it can be changed or re-created without touching what serves people.
 */
export class OperationsStack extends Stack {
  readonly alarms: ReadonlyMap<ServiceAlarm, cloudwatch.Alarm>;
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OperationsStackProps) {
    super(scope, id, props);
    this.alarms = serviceAlarms(this, {
      stage: props.stage,
      topic: props.alarmTopic,
      httpApi: props.httpApi,
      outboxPipeName: props.outboxPipeName,
    });
    this.dashboard = new OperationsDashboard(this, 'Operations', {
      stage: props.stage,
      httpApi: props.httpApi,
      table: props.table,
      outboxPipeName: props.outboxPipeName,
    }).dashboard;
    new CfnOutput(this, 'DashboardName', { value: this.dashboard.dashboardName });
  }
}
