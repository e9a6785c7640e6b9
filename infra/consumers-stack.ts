import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DEFAULT_RETENTION_MONTHS } from '../domain/privacy/personal-data';
import { subscriptions as consumerSubscriptions, type Subscription } from '../functions/subscriptions';
import { deadLetterAlarms } from './dead-letter-alarms';
import { namedDeadLetterQueue, nameFunction } from './dead-letter-queue';
import { consumerFunctionName } from './dead-letter-queue-names';
import {
  allowSending,
  allowTimers,
  baseEnvironment,
  constructId,
  type FunctionSettings,
  ruleEventPattern,
  withLinkTokens,
  withTimers,
} from './function-settings';
import { MAIL_FEEDBACK_OWNER, MailFeedbackConsumer } from './mail-feedback';
import { NetworkFunction } from './network-function';
import { stageSettings } from './stages';
import { grantTableAccess } from './table-grants';

export interface ConsumersStackProps extends StackProps, FunctionSettings {
  readonly table: dynamodb.ITable;
  readonly bus: events.IEventBus;
  /** Months after a meeting's last day that its registrations are kept (docs/privacy.md). */
  readonly personalDataRetentionMonths?: number;
  /** SES bounces and complaints (the stateful stack's topic), turned into suppressions here. */
  readonly mailFeedbackTopic: sns.ITopic;
  /** Dead-letter queues of the stateful stack (the outbox pipe's, the timers') to alarm on too. */
  readonly statefulDeadLetterQueues: ReadonlyMap<string, sqs.IQueue>;
  /** Where alarms are mailed (context `alarmEmail`); without it the topic has no subscriber yet. */
  readonly alarmEmail?: string;
}

/**
 * What reacts: one function, rule and dead-letter queue per consumer in the events catalogue, and
 * the scheduled jobs. Stateless: destroyed and re-created freely.
 */
export class ConsumersStack extends Stack {
  /** By consumer name. */
  readonly consumerFunctions: ReadonlyMap<string, NetworkFunction>;
  /** Every dead-letter queue of this stack, by the name of the consumer or job it serves. */
  readonly deadLetterQueues: ReadonlyMap<string, sqs.IQueue>;
  /** The daily retention job (functions/scheduled/purge-expired-personal-data.ts). */
  readonly retentionFunction: NetworkFunction;
  /** Bounces and complaints → the suppression list (docs/email.md). */
  readonly mailFeedback: MailFeedbackConsumer;
  /**
   * Every alarm of the stage and its recovery are published here: the dead-letter queues' (this
   * stack) and the service alarms of the operations stack (infra/service-alarms.ts).
   */
  readonly alarmTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: ConsumersStackProps) {
    super(scope, id, props);
    const environment = baseEnvironment(props, props.table.tableName);
    const deadLetterQueues = new Map<string, sqs.IQueue>();

    const consumerFunctions = new Map<string, NetworkFunction>();
    for (const consumer of consumerSubscriptions as readonly Subscription[]) {
      const { event } = consumer;
      const name = consumer.consumer;
      const id = constructId(name);
      const functionName = consumerFunctionName(props.stage, name);
      const deadLetterQueue = namedDeadLetterQueue(this, `${id}Dlq`, {
        stage: props.stage,
        owner: name,
        functionName,
      });
      // Two failure paths, one queue. EventBridge's dead-letter queue (on the rule target) only
      // catches events it could not deliver to Lambda. Once delivered, the invocation is
      // asynchronous: a function error is retried by Lambda (retryAttempts) and then lands in the
      // function's dead-letter queue. Both put the original event in the message body, so one
      // redrive replays either kind.
      const handler = new NetworkFunction(this, id, {
        entry: consumer.entry,
        description: `On ${event.detailType}: ${consumer.summary}`,
        environment: withTimers(
          props,
          props.bus.eventBusArn,
          // Senders check the suppression list, keyed by an HMAC under the link-token key.
          withLinkTokens(props, environment, consumer.usesLinkTokens || consumer.sendsEmail),
          consumer.usesScheduler,
        ),
        stage: props.stage,
        timeout: Duration.seconds(30),
        deadLetterQueue,
        retryAttempts: 2,
      });
      nameFunction(handler.function, functionName);
      // Consumers read what they need and write their idempotency receipts (keys.receipt). IAM can
      // narrow items only by a dynamodb:LeadingKeys condition on the partition key, which would have
      // to list every item a consumer may touch; the grant is the table's item read/write actions.
      grantTableAccess(handler.function, props.table, 'readWrite');
      if (consumer.usesLinkTokens || consumer.sendsEmail) props.linkTokenSecret.grantRead(handler.function);
      if (consumer.usesScheduler) allowTimers(props, handler);
      if (consumer.sendsEmail === true) allowSending(props, handler);

      new events.Rule(this, `${id}Rule`, {
        eventBus: props.bus,
        description: `${event.detailType} → ${name}`,
        eventPattern: ruleEventPattern(event),
        targets: [
          new targets.LambdaFunction(handler.function, {
            deadLetterQueue,
            retryAttempts: 8,
            maxEventAge: Duration.hours(2),
          }),
        ],
      });
      consumerFunctions.set(name, handler);
      deadLetterQueues.set(name, deadLetterQueue);
    }
    this.consumerFunctions = consumerFunctions;

    // Retention (docs/privacy.md): once a day, delete the registrations of meetings that ended more
    // than the retention period ago. A cron rule, not a timer: it is one fixed job, not per meeting.
    const retentionName = consumerFunctionName(props.stage, 'purge-expired-personal-data');
    const retentionDlq = namedDeadLetterQueue(this, 'PurgeExpiredPersonalDataDlq', {
      stage: props.stage,
      owner: 'purge-expired-personal-data',
      functionName: retentionName,
    });
    this.retentionFunction = new NetworkFunction(this, 'PurgeExpiredPersonalData', {
      entry: 'functions/scheduled/purge-expired-personal-data.ts',
      description:
        'Daily: deletes the registrations of meetings that ended more than the retention period ago',
      // The person index is keyed by the HMAC of the address: the job needs the link-token key.
      environment: withLinkTokens(props, environment, true),
      stage: props.stage,
      timeout: Duration.minutes(5),
      deadLetterQueue: retentionDlq,
      retryAttempts: 2,
    });
    nameFunction(this.retentionFunction.function, retentionName);
    this.retentionFunction.function.addEnvironment(
      'PERSONAL_DATA_RETENTION_MONTHS',
      String(props.personalDataRetentionMonths ?? DEFAULT_RETENTION_MONTHS),
    );
    props.linkTokenSecret.grantRead(this.retentionFunction.function);
    grantTableAccess(this.retentionFunction.function, props.table, 'readWrite');
    new events.Rule(this, 'PurgeExpiredPersonalDataSchedule', {
      description: 'Daily retention purge of personal data (03:15 UTC)',
      schedule: events.Schedule.cron({ minute: '15', hour: '3' }),
      targets: [
        new targets.LambdaFunction(this.retentionFunction.function, {
          deadLetterQueue: retentionDlq,
          retryAttempts: 4,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });
    deadLetterQueues.set('purge-expired-personal-data', retentionDlq);

    this.mailFeedback = new MailFeedbackConsumer(this, 'MailFeedback', {
      topic: props.mailFeedbackTopic,
      table: props.table,
      linkTokenSecret: props.linkTokenSecret,
      environment,
      stage: props.stage,
    });
    deadLetterQueues.set(MAIL_FEEDBACK_OWNER, this.mailFeedback.deadLetterQueue);

    // CloudWatch may publish to an encrypted topic only with a customer-managed key that lets it.
    const alarmKey = new kms.Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the alarm notifications of the municipal network',
      enableKeyRotation: true,
      removalPolicy: stageSettings(props.stage).dataRemovalPolicy,
    });
    alarmKey.grant(
      new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
      'kms:Decrypt',
      'kms:GenerateDataKey*',
    );
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `Municipal network (${props.stage}) alarms`,
      masterKey: alarmKey,
      enforceSSL: true,
    });
    if (props.alarmEmail)
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    deadLetterAlarms(
      this,
      new Map([...deadLetterQueues, ...props.statefulDeadLetterQueues]),
      this.alarmTopic,
    );
    this.deadLetterQueues = deadLetterQueues;
  }
}
