import { Duration, Tags } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DEAD_LETTER_TAG, deadLetterQueueName } from './dead-letter-queue-names';

/**
 * A dead-letter queue under its deterministic name (infra/dead-letter-queue-names.ts), tagged
 * with its owner and the function that handles what lands there: SQS-managed encryption, TLS
 * only, and the longest retention SQS has (14 days), so that a letter outlives a long weekend.
 */
export const namedDeadLetterQueue = (
  scope: Construct,
  id: string,
  props: { stage: string; owner: string; functionName?: string },
): sqs.Queue => {
  const queue = new sqs.Queue(scope, id, {
    queueName: deadLetterQueueName(props.stage, props.owner),
    enforceSSL: true,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    retentionPeriod: Duration.days(14),
  });
  Tags.of(queue).add(DEAD_LETTER_TAG.owner, props.owner);
  if (props.functionName) Tags.of(queue).add(DEAD_LETTER_TAG.function, props.functionName);
  return queue;
};

/**
 * Gives a function the physical name its dead-letter queue's tag names
 * (consumerFunctionName in dead-letter-queue-names.ts). Set on the CloudFormation resource: NetworkFunction takes no name.
 */
export const nameFunction = (fn: lambda.IFunction, name: string): void => {
  (fn.node.defaultChild as lambda.CfnFunction).functionName = name;
};
