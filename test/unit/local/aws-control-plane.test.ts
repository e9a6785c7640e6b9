import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { EventBridgeEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allConsumers } from '../../../events/catalogue';
import { type AwsControlPlane, localStacks, startAwsControlPlane } from '../../../local/aws-control-plane';
import { LocalEventBus, readDeadLetters } from '../../../local/event-bus';

/**
 * The local AWS control plane through the AWS SDK's own clients (their serializers, parsers and
 * checks, the MD5 of each message body included): CloudFormation, SQS and Lambda as the ops CLI
 * calls them, and AWS-shaped errors for everything else.
 */
type BusEvent = EventBridgeEvent<string, unknown>;

const folder = mkdtempSync(join(tmpdir(), 'aws-control-plane-'));
const deadLetterFile = join(folder, 'dead-letters.jsonl');
const consumer = 'send-registration-confirmation';
let failing = true;
const handled: string[] = [];
let bus: LocalEventBus;
let plane: AwsControlPlane;
let config: {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
};

const event = (n: number): BusEvent => ({
  version: '0',
  id: `bus-${n}`,
  'detail-type': 'RegistrationReceived',
  source: 'municipal-network',
  account: '0',
  time: '2026-01-01T00:00:00Z',
  region: 'eu-north-1',
  resources: [],
  detail: { eventId: `event-${n}` },
});

beforeAll(async () => {
  bus = new LocalEventBus(
    [
      {
        name: consumer,
        pattern: { source: ['municipal-network'] },
        target: async (busEvent) => {
          if (failing) throw new Error(`SES refused ${busEvent.id}`);
          handled.push(busEvent.id);
          return { handled: busEvent.id };
        },
      },
    ],
    { attempts: 1, deadLetterFile },
  );
  bus.put(event(1));
  bus.put(event(2));
  await bus.idle();
  plane = await startAwsControlPlane({
    port: 0,
    bus,
    region: 'eu-north-1',
    stacks: () => localStacks({ apiUrl: 'http://localhost:3999', tableName: 'network-table' }),
  });
  config = {
    endpoint: plane.endpoint,
    region: 'eu-north-1',
    credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'example' },
  };
});
afterAll(async () => {
  await plane?.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('CloudFormation (awsQuery)', () => {
  it('describes the local stage’s API stack with the outputs a deployed one has', async () => {
    const client = new CloudFormationClient(config);

    const { Stacks } = await client.send(
      new DescribeStacksCommand({ StackName: 'MunicipalNetwork-local-Api' }),
    );

    expect(Stacks).toHaveLength(1);
    expect(Stacks?.[0]?.StackStatus).toBe('CREATE_COMPLETE');
    expect(Object.fromEntries((Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]))).toEqual(
      {
        ApiUrl: 'http://localhost:3999/',
        SiteUrl: 'http://localhost:3999',
        TableName: 'network-table',
        EventBusName: 'network-table',
        UserPoolId: 'eu-north-1_local',
        UserPoolClientId: 'local',
      },
    );
  });

  it('answers an unknown stack with ValidationError, and an unknown action with InvalidAction', async () => {
    const client = new CloudFormationClient({ ...config, maxAttempts: 1 });

    const unknown = await client
      .send(new DescribeStacksCommand({ StackName: 'MunicipalNetwork-nosuch-Api' }))
      .catch((error: Error) => error);
    const create = await client
      .send(new CreateStackCommand({ StackName: 'x', TemplateBody: '{}' }))
      .catch((error: Error) => error);

    expect(unknown).toMatchObject({
      name: 'ValidationError',
      message: 'Stack with id MunicipalNetwork-nosuch-Api does not exist',
      $metadata: { httpStatusCode: 400 },
    });
    expect(create).toMatchObject({ name: 'InvalidAction', $metadata: { httpStatusCode: 400 } });
  });
});

describe('SQS (awsJson1_0) over the dead letters, and Lambda (restJson1) over the consumers', () => {
  const queueName = `MunicipalNetwork-local-dlq-${consumer}`;

  it('lists one queue per consumer and the other owners, by prefix, tagged with owner and function', async () => {
    const sqs = new SQSClient(config);

    const all = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'MunicipalNetwork-local-dlq-' }));
    const one = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: queueName }));
    const none = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'MunicipalNetwork-prod-' }));
    const tags = await sqs.send(new ListQueueTagsCommand({ QueueUrl: one.QueueUrls?.[0] }));
    const pipeTags = await sqs.send(
      new ListQueueTagsCommand({
        QueueUrl: `${plane.endpoint}/000000000000/MunicipalNetwork-local-dlq-outbox-pipe`,
      }),
    );

    expect(all.QueueUrls).toHaveLength(allConsumers.length + 4);
    expect(one.QueueUrls).toEqual([`${plane.endpoint}/000000000000/${queueName}`]);
    expect(none.QueueUrls ?? []).toEqual([]);
    expect(tags.Tags).toEqual({ Consumer: consumer, ConsumerFunction: `MunicipalNetwork-local-${consumer}` });
    expect(pipeTags.Tags).toEqual({ Consumer: 'outbox-pipe' });
  });

  it('receives, hides, invokes, shows again and deletes a letter as SQS and Lambda do', async () => {
    const sqs = new SQSClient(config);
    const lambda = new LambdaClient(config);
    const QueueUrl = `${plane.endpoint}/000000000000/${queueName}`;
    const depth = async () =>
      (
        await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        )
      ).Attributes;

    const before = await depth();
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: 1,
        VisibilityTimeout: 60,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['SentTimestamp'],
      }),
    );
    const hidden = await depth();
    const message = Messages?.[0];
    const failed = await lambda.send(
      new InvokeCommand({ FunctionName: `MunicipalNetwork-local-${consumer}`, Payload: message?.Body }),
    );
    failing = false;
    const succeeded = await lambda.send(
      new InvokeCommand({
        FunctionName: `arn:aws:lambda:eu-north-1:000000000000:function:MunicipalNetwork-local-${consumer}`,
        Payload: message?.Body,
      }),
    );
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl,
        ReceiptHandle: message?.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const shown = await depth();
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message?.ReceiptHandle }));
    const after = await depth();

    expect(before).toEqual({ ApproximateNumberOfMessages: '2', ApproximateNumberOfMessagesNotVisible: '0' });
    expect(Messages).toHaveLength(1);
    expect(JSON.parse(message?.Body ?? '')).toEqual(event(1));
    expect(message?.MD5OfBody).toBe(
      createHash('md5')
        .update(message?.Body ?? '')
        .digest('hex'),
    );
    expect(message?.MessageAttributes).toMatchObject({
      ErrorCode: { DataType: 'Number', StringValue: '200' },
      ErrorMessage: { DataType: 'String', StringValue: 'SES refused bus-1' },
    });
    expect(Number(message?.Attributes?.SentTimestamp)).toBeGreaterThan(0);
    expect(hidden).toEqual({ ApproximateNumberOfMessages: '1', ApproximateNumberOfMessagesNotVisible: '1' });
    expect(failed.StatusCode).toBe(200);
    expect(failed.FunctionError).toBe('Unhandled');
    expect(JSON.parse(Buffer.from(failed.Payload ?? []).toString())).toMatchObject({
      errorType: 'Error',
      errorMessage: 'SES refused bus-1',
    });
    expect(succeeded.FunctionError).toBeUndefined();
    expect(JSON.parse(Buffer.from(succeeded.Payload ?? []).toString())).toEqual({ handled: 'bus-1' });
    expect(handled).toEqual(['bus-1']);
    expect(shown).toEqual({ ApproximateNumberOfMessages: '2', ApproximateNumberOfMessagesNotVisible: '0' });
    expect(after).toEqual({ ApproximateNumberOfMessages: '1', ApproximateNumberOfMessagesNotVisible: '0' });
    expect(readDeadLetters(deadLetterFile).map((letter) => letter.event.id)).toEqual(['bus-2']);
  });

  it('answers what it does not speak, an unknown queue or function, and an unsigned request as AWS does', async () => {
    const sqs = new SQSClient({ ...config, maxAttempts: 1 });
    const lambda = new LambdaClient({ ...config, maxAttempts: 1 });

    const send = await sqs
      .send(
        new SendMessageCommand({ QueueUrl: `${plane.endpoint}/000000000000/${queueName}`, MessageBody: 'x' }),
      )
      .catch((error: Error) => error);
    const noQueue = await sqs
      .send(
        new GetQueueAttributesCommand({
          QueueUrl: `${plane.endpoint}/000000000000/nosuch`,
          AttributeNames: ['All'],
        }),
      )
      .catch((error: Error) => error);
    const badReceipt = await sqs
      .send(
        new DeleteMessageCommand({
          QueueUrl: `${plane.endpoint}/000000000000/${queueName}`,
          ReceiptHandle: 'x',
        }),
      )
      .catch((error: Error) => error);
    const noFunction = await lambda
      .send(new InvokeCommand({ FunctionName: 'MunicipalNetwork-local-nosuch' }))
      .catch((error: Error) => error);
    const unsigned = await fetch(plane.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'AmazonSQS.ListQueues', 'content-type': 'application/x-amz-json-1.0' },
      body: '{}',
    });
    const elsewhere = await fetch(`${plane.endpoint}/2015-03-31/functions`, {
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=x' },
    });

    expect(send).toMatchObject({ name: 'UnsupportedOperation', $metadata: { httpStatusCode: 400 } });
    expect(noQueue).toMatchObject({ name: 'QueueDoesNotExist', $metadata: { httpStatusCode: 400 } });
    expect(badReceipt).toMatchObject({ name: 'ReceiptHandleIsInvalid', $metadata: { httpStatusCode: 400 } });
    expect(noFunction).toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
    expect(unsigned.status).toBe(403);
    expect(await unsigned.json()).toMatchObject({ __type: 'com.amazonaws.sqs#MissingAuthenticationToken' });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  });
});
