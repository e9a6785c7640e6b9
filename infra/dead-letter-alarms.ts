import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { constructId } from './function-settings';

/**
 * One alarm per dead-letter queue: any message in it (depth > 0) means an event that a consumer
 * could not handle after all retries, which nothing will retry again until an operator redrives
 * it (`npm run ops -- dlq list|redrive`, docs/reliability.md). Depth, not arrivals: a letter left
 * lying keeps the alarm on. Missing data (an idle queue) is not a breach. With a topic, the alarm
 * and its recovery are sent there (e-mail or chat subscriptions are the deployment's choice).
 */
export const deadLetterAlarms = (
  scope: Construct,
  queues: ReadonlyMap<string, sqs.IQueue>,
  topic?: sns.ITopic,
): Map<string, cloudwatch.Alarm> => {
  const group = new Construct(scope, 'DeadLetterAlarms');
  const alarms = new Map<string, cloudwatch.Alarm>();
  for (const [name, queue] of queues) {
    const alarm = new cloudwatch.Alarm(group, constructId(name), {
      alarmDescription: `Events for ${name} are in its dead-letter queue: see docs/reliability.md, then npm run ops -- dlq list / dlq redrive`,
      metric: queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (topic) {
      alarm.addAlarmAction(new actions.SnsAction(topic));
      alarm.addOkAction(new actions.SnsAction(topic));
    }
    alarms.set(name, alarm);
  }
  return alarms;
};
