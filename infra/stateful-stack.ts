import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as pipes from 'aws-cdk-lib/aws-pipes';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  GSI1,
  OUTBOX_PIPE_TARGET,
  OUTBOX_STREAM_FILTER,
  TABLE_KEYS,
  TTL_ATTRIBUTE,
} from '../functions/adapters/table-design';
import { namedDeadLetterQueue } from './dead-letter-queue';
import { MailFeedbackTopic } from './mail-feedback';
import { acknowledgeNag } from './nag';
import { NetworkFunction } from './network-function';
import { stageSettings } from './stages';

/** The schedule group of a stage's timers; a plain string so that IAM grants and their nag findings name it. */
export const timerGroupName = (stage: string): string => `municipal-network-${stage}`;

export interface StatefulStackProps extends StackProps {
  readonly stage: string;
  /** Domain verified as the SES sending identity (MAIL_FROM must be an address of it). */
  readonly sesDomain: string;
}

/**
 * What outlives a deployment: the single table, the event bus its outbox stream feeds through an
 * EventBridge Pipe, and the SES identity with its configuration set and bounce/complaint topic. The stateless stack can be destroyed and re-created freely.
 */
export class StatefulStack extends Stack {
  readonly table: dynamodb.Table;
  readonly bus: events.EventBus;
  readonly emailIdentity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  /** ARN of the configuration set (the L2 exposes only its name); ses:SendEmail is scoped to it. */
  readonly configurationSetArn: string;
  /** SES bounces and complaints of the configuration set (the stateless stack subscribes the function). */
  readonly mailFeedback: MailFeedbackTopic;
  readonly pipeDeadLetterQueue: sqs.Queue;
  /** Key of the HMAC tokens in e-mail links (cancellation, evaluation). */
  readonly linkTokenSecret: secretsmanager.Secret;
  /** The timers (reminders, meeting ends): one-time schedules in this group put events on the bus. */
  readonly timerGroup: scheduler.ScheduleGroup;
  /** The role EventBridge Scheduler takes to put a timer's event on the bus. */
  readonly timerRole: iam.Role;
  /** Timer events the bus refused past every retry. */
  readonly timerDeadLetterQueue: sqs.Queue;
  /** Table stream → bus; its name (`Ref`) is the `PipeName` dimension of its metrics. */
  readonly outboxPipe: pipes.CfnPipe;
  /** Turns each stream record into the event's envelope (functions/pipe/outbox-enrichment.ts). */
  readonly outboxEnrichment: NetworkFunction;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    const settings = stageSettings(props.stage);
    super(scope, id, { terminationProtection: settings.deletionProtection, ...props });

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // The outbox: the pipe reads each inserted event item from the stream.
      stream: dynamodb.StreamViewType.NEW_IMAGE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: settings.pointInTimeRecovery },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: settings.deletionProtection,
      removalPolicy: settings.dataRemovalPolicy,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: GSI1.indexName,
      partitionKey: { name: GSI1.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: GSI1.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });

    this.bus = new events.EventBus(this, 'Bus', {
      description: `Domain events of the municipal network (${props.stage})`,
    });

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSetArn = this.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
    this.mailFeedback = new MailFeedbackTopic(this, 'MailFeedback', {
      configurationSet: this.configurationSet,
      stage: props.stage,
    });
    this.emailIdentity = new ses.EmailIdentity(this, 'EmailIdentity', {
      identity: ses.Identity.domain(props.sesDomain),
      configurationSet: this.configurationSet,
    });
    // The domain's DNS is not managed here: publish these CNAMEs to verify it (Easy DKIM).
    this.emailIdentity.dkimRecords.forEach((record, index) => {
      new CfnOutput(this, `DkimRecord${index + 1}`, { value: `${record.name} CNAME ${record.value}` });
    });

    this.linkTokenSecret = new secretsmanager.Secret(this, 'LinkTokenSecret', {
      description: 'Key of the HMAC tokens in e-mail links',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeNag(
      this.linkTokenSecret,
      'SMG4',
      "An HMAC key for links already sent by e-mail: rotating it would break every cancellation and evaluation link in people's inboxes. docs/decisions.md says when to rotate by hand.",
    );

    this.pipeDeadLetterQueue = namedDeadLetterQueue(this, 'OutboxPipeDlq', {
      stage: props.stage,
      owner: 'outbox-pipe',
    });
    acknowledgeNag(
      this.pipeDeadLetterQueue,
      'SQS3',
      'This queue is itself the dead-letter queue of the outbox pipe; a queue behind it would only move the problem.',
    );

    this.outboxEnrichment = new NetworkFunction(this, 'OutboxEnrichment', {
      entry: 'functions/pipe/outbox-enrichment.ts',
      description: 'Outbox pipe enrichment: each stream record becomes the envelope of its event',
      environment: {},
      stage: props.stage,
      timeout: Duration.seconds(10),
    });
    this.outboxPipe = this.createOutboxPipe();

    // Timers are data (a reminder set for next month must survive a redeploy): they live here.
    this.timerGroup = new scheduler.ScheduleGroup(this, 'TimerGroup', {
      scheduleGroupName: timerGroupName(props.stage),
      removalPolicy: settings.dataRemovalPolicy,
    });
    this.timerDeadLetterQueue = namedDeadLetterQueue(this, 'TimerDlq', {
      stage: props.stage,
      owner: 'timers',
    });
    acknowledgeNag(
      this.timerDeadLetterQueue,
      'SQS3',
      'This queue is itself the dead-letter queue of the timers; a queue behind it would only move the problem.',
    );
    this.timerRole = new iam.Role(this, 'TimerRole', {
      description: 'Taken by EventBridge Scheduler to put timer events on the bus',
      // Only schedules of this account may take it (confused-deputy guard).
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    });
    this.bus.grantPutEventsTo(this.timerRole);
    this.timerDeadLetterQueue.grantSendMessages(this.timerRole);
  }

  /**
   * Table stream → filter (only inserted event items) → enrichment → event bus. The enrichment
   * makes each record the event's envelope (`{ source, detailType, detail }`, the same function the
   * local pipe runs); the target takes source and detail type from it and, by its input template,
   * the envelope's `detail` as the bus event's detail: the domain event's fields with its id, type,
   * version and time. Dynamic paths read the enrichment's output, the template shapes what is sent
   * (EventBridge Pipes: target parameters cannot read what the input template produced).
   */
  private createOutboxPipe(): pipes.CfnPipe {
    const streamArn = this.table.tableStreamArn;
    if (streamArn === undefined) throw new Error('The table needs a stream for the outbox pipe');

    // Inline policies are part of the role resource itself, so they exist before the pipe is created
    // (CreatePipe checks that it can read the stream).
    const role = new iam.Role(this, 'OutboxPipeRole', {
      assumedBy: new iam.ServicePrincipal('pipes.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
      description: 'Reads the outbox stream of the table and puts its events on the bus',
      inlinePolicies: {
        outbox: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: [
                'dynamodb:DescribeStream',
                'dynamodb:GetRecords',
                'dynamodb:GetShardIterator',
                'dynamodb:ListStreams',
              ],
              resources: [streamArn],
            }),
            new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [this.bus.eventBusArn] }),
            new iam.PolicyStatement({
              actions: ['lambda:InvokeFunction'],
              resources: [this.outboxEnrichment.function.functionArn],
            }),
            new iam.PolicyStatement({
              actions: ['sqs:SendMessage'],
              resources: [this.pipeDeadLetterQueue.queueArn],
            }),
          ],
        }),
      },
    });

    return new pipes.CfnPipe(this, 'OutboxPipe', {
      description: 'Publishes outbox events from the table stream on the bus',
      roleArn: role.roleArn,
      source: streamArn,
      sourceParameters: {
        dynamoDbStreamParameters: {
          startingPosition: 'LATEST',
          batchSize: 10,
          maximumRetryAttempts: 10,
          deadLetterConfig: { arn: this.pipeDeadLetterQueue.queueArn },
        },
        filterCriteria: { filters: [{ pattern: JSON.stringify(OUTBOX_STREAM_FILTER) }] },
      },
      enrichment: this.outboxEnrichment.function.functionArn,
      target: this.bus.eventBusArn,
      targetParameters: {
        inputTemplate: OUTBOX_PIPE_TARGET.inputTemplate,
        eventBridgeEventBusParameters: {
          source: OUTBOX_PIPE_TARGET.source,
          detailType: OUTBOX_PIPE_TARGET.detailType,
        },
      },
    });
  }
}
