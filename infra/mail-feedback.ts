import { Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { namedDeadLetterQueue, nameFunction } from './dead-letter-queue';
import { consumerFunctionName } from './dead-letter-queue-names';
import { NetworkFunction, type NetworkFunctionEnvironment } from './network-function';
import { stageSettings } from './stages';

/** The handler that turns bounces and complaints into suppression entries. */
export const MAIL_FEEDBACK_ENTRY = 'functions/ses-feedback/on-ses-feedback-suppress.ts';
/** The owner name of its dead-letter queue and function (infra/dead-letter-queue-names.ts). */
export const MAIL_FEEDBACK_OWNER = 'ses-feedback';

/**
 * What SES reports: permanent and transient bounces and complaints. Delivery delays, rejects
 * (virus found), sends, deliveries, opens and clicks would add a stream of recipient addresses
 * through SNS and never change whether an address may get mail.
 */
export const MAIL_FEEDBACK_EVENTS = [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT];

export interface MailFeedbackTopicProps {
  readonly configurationSet: ses.ConfigurationSet;
  readonly stage: string;
}

/**
 * The configuration set's record of bounces and complaints: an event destination that publishes
 * them to an encrypted SNS topic. Lives with the configuration set in the stateful stack, so that
 * redeploying the functions never detaches SES from its feedback.
 */
export class MailFeedbackTopic extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: MailFeedbackTopicProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const configurationSetArn = stack.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: props.configurationSet.configurationSetName,
    });

    // A key of our own: SES can publish to an encrypted topic only if the key's policy lets it, and
    // the AWS-managed alias/aws/sns key's policy cannot be changed.
    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts the SES bounce and complaint notifications (they name recipients)',
      enableKeyRotation: true,
      removalPolicy: stageSettings(props.stage).dataRemovalPolicy,
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        // Only SES sending for this account's configuration set (confused-deputy guard).
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': configurationSetArn },
        },
      }),
    );

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'SES bounces and complaints',
      masterKey: this.key,
      enforceSSL: true,
    });

    // CDK adds the topic policy: sns:Publish for ses.amazonaws.com from this configuration set only.
    props.configurationSet.addEventDestination('Feedback', {
      destination: ses.EventDestination.snsTopic(this.topic),
      events: MAIL_FEEDBACK_EVENTS,
    });
  }
}

export interface MailFeedbackConsumerProps {
  readonly topic: sns.ITopic;
  readonly table: dynamodb.ITable;
  readonly linkTokenSecret: secretsmanager.ISecret;
  /** The environment every function gets; the link-token key's ARN is added here. */
  readonly environment: NetworkFunctionEnvironment;
  readonly stage: string;
}

/**
 * The function that puts bounced and complaining addresses on the suppression list, subscribed to
 * the feedback topic, with one dead-letter queue for both failure paths (as the event consumers):
 * SNS puts a message there when it cannot invoke the function, Lambda when the function failed it
 * three times (a notification it cannot read lands there after one error line, for a person to see).
 */
export class MailFeedbackConsumer extends Construct {
  readonly handler: NetworkFunction;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: MailFeedbackConsumerProps) {
    super(scope, id);
    const functionName = consumerFunctionName(props.stage, MAIL_FEEDBACK_OWNER);
    this.deadLetterQueue = namedDeadLetterQueue(this, 'Dlq', {
      stage: props.stage,
      owner: MAIL_FEEDBACK_OWNER,
      functionName,
    });

    this.handler = new NetworkFunction(this, 'Handler', {
      entry: MAIL_FEEDBACK_ENTRY,
      description: 'On an SES bounce or complaint: put the address (as a keyed hash) on the suppression list',
      environment: { ...props.environment, LINK_TOKEN_SECRET_ARN: props.linkTokenSecret.secretArn },
      stage: props.stage,
      timeout: Duration.seconds(30),
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 2,
    });
    nameFunction(this.handler.function, functionName);
    // The suppression key is an HMAC under the link-token key.
    props.linkTokenSecret.grantRead(this.handler.function);
    // One conditional PutItem per address: nothing else on the table.
    this.handler.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [props.table.tableArn] }),
    );

    props.topic.addSubscription(
      new subscriptions.LambdaSubscription(this.handler.function, { deadLetterQueue: this.deadLetterQueue }),
    );
  }
}
