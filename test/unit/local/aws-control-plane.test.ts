import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { type IncomingHttpHeaders, request } from 'node:http';
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
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventBridgeEvent } from 'aws-lambda';
import { type Subscription, subscriptions } from '../../../functions/subscriptions';
import { type AwsControlPlane, localStacks, startAwsControlPlane } from '../../../local/aws-control-plane';
import { LocalEventBus, readDeadLetters } from '../../../local/event-bus';

/** Every row of the subscription table, as its interface (the literal rows differ in their flags). */
const consumerRows: readonly Subscription[] = subscriptions;

/**
 * The local AWS control plane through the AWS SDK's own clients (their serializers, parsers and
 * checks, the MD5 of each message body included): CloudFormation, SQS and Lambda as the ops CLI
 * calls them, and AWS-shaped errors for everything else.
 */
type BusEvent = EventBridgeEvent<string, unknown>;

/** The PutEvents face of a local bus, by the name a stage gives it. */
const busNamed = (name: string, target: LocalEventBus) => ({
  name,
  arn: `arn:aws:events:eu-north-1:000000000000:event-bus/${name}`,
  put: (busEvent: BusEvent) => target.put(busEvent),
});

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
    eventBus: busNamed('network-table', bus),
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

    expect(all.QueueUrls).toHaveLength(consumerRows.length + 4);
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

const signed = 'AWS4-HMAC-SHA256 Credential=x';

/** A request as no SDK would send it, over node:http (which, unlike fetch, lets a test set Host). */
const raw = (
  url: string,
  options: { host?: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> =>
  new Promise((resolve, reject) => {
    const { hostname, port, host, pathname } = new URL(url);
    const outgoing = request(
      {
        hostname,
        port,
        method: 'POST',
        path: pathname,
        headers: { host: options.host ?? host, authorization: signed, ...options.headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });

const sqsHeaders = (operation: string) => ({
  'x-amz-target': `AmazonSQS.${operation}`,
  'content-type': 'application/x-amz-json-1.0',
  authorization: signed,
});

describe('client input the plane refuses as AWS does: a 4xx in the protocol’s shape, never a 500', () => {
  const other = consumerRows.map((entry) => entry.consumer).find((name) => name !== consumer) as string;
  const otherFolder = mkdtempSync(join(tmpdir(), 'aws-control-plane-input-'));
  const otherFile = join(otherFolder, 'dead-letters.jsonl');
  const QueueUrl = () => `${input.endpoint}/000000000000/MunicipalNetwork-local-dlq-${other}`;
  let input: AwsControlPlane;
  let inputConfig: typeof config;

  beforeAll(async () => {
    const otherBus = new LocalEventBus(
      [
        {
          name: other,
          pattern: { source: ['municipal-network'] },
          target: async () => {
            throw new Error('SES refused anna@example.se');
          },
        },
      ],
      { attempts: 1, deadLetterFile: otherFile },
    );
    // A letter as a deployed function's dead-letter queue holds it: the error unredacted, past 1 KB.
    appendFileSync(
      otherFile,
      `${JSON.stringify({ rule: other, event: event(7), error: `SES refused anna@example.se ${'ä'.repeat(600)}`, failedAt: '2026-01-01T00:00:00.000Z' })}\n`,
    );
    input = await startAwsControlPlane({
      port: 0,
      bus: otherBus,
      eventBus: busNamed('other', otherBus),
      region: 'eu-north-1',
      stacks: () => ({}),
    });
    inputConfig = { ...config, endpoint: input.endpoint };
  });
  afterAll(async () => {
    await input?.stop();
    rmSync(otherFolder, { recursive: true, force: true });
  });

  const depth = async () =>
    (
      await new SQSClient(inputConfig).send(
        new GetQueueAttributesCommand({
          QueueUrl: QueueUrl(),
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      )
    ).Attributes;

  it('answers a JSON body that is not an object, or a list that is not one, with InvalidParameterValue', async () => {
    const answers = await Promise.all(
      ['null', '[]', '42', '"x"', JSON.stringify({ QueueUrl: QueueUrl(), MessageAttributeNames: 5 })].map(
        async (body) => {
          const response = await fetch(input.endpoint, {
            method: 'POST',
            headers: sqsHeaders(body.startsWith('{') ? 'ReceiveMessage' : 'ListQueues'),
            body,
          });
          return {
            status: response.status,
            query: response.headers.get('x-amzn-query-error'),
            type: ((await response.json()) as { __type: string }).__type,
          };
        },
      ),
    );

    for (const answer of answers)
      expect(answer).toEqual({
        status: 400,
        query: 'InvalidParameterValue;Sender',
        type: 'com.amazonaws.sqs#InvalidParameterValue',
      });
    expect(await depth()).toEqual({
      ApproximateNumberOfMessages: '1',
      ApproximateNumberOfMessagesNotVisible: '0',
    });
  });

  it('answers a function name with a broken percent-encoding, and a request target that is no URL, with a 400', async () => {
    const badName = await fetch(`${input.endpoint}/2015-03-31/functions/%E0%A4%A/invocations`, {
      method: 'POST',
      headers: { authorization: signed },
      body: '{}',
    });
    const noUrl = await fetch(`${input.endpoint}//[`, { method: 'POST', headers: sqsHeaders('ListQueues') });

    expect(badName.status).toBe(400);
    expect(badName.headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect(await badName.json()).toMatchObject({ Type: 'User' });
    expect(noUrl.status).toBe(400);
    expect(await noUrl.json()).toMatchObject({ __type: 'com.amazonaws.sqs#InvalidAddress' });
  });

  it('takes a visibility timeout, a batch size and a wait only as whole numbers within SQS’s bounds', async () => {
    const sqs = new SQSClient({ ...inputConfig, maxAttempts: 1 });
    let ReceiptHandle: string | undefined;
    const outcome = (sent: Promise<unknown>) =>
      sent.then(
        () => 'accepted',
        (error: Error & { $metadata: { httpStatusCode?: number } }) =>
          `${error.name} ${error.$metadata.httpStatusCode}`,
      );
    const receive = (overrides: Record<string, number>) =>
      outcome(sqs.send(new ReceiveMessageCommand({ QueueUrl: QueueUrl(), ...overrides })));
    const change = (VisibilityTimeout: number | undefined) =>
      outcome(
        sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: QueueUrl(),
            ReceiptHandle,
            // Left out on purpose for the last case: SQS requires it.
            VisibilityTimeout: VisibilityTimeout as number,
          }),
        ),
      );

    const receives = await Promise.all([
      receive({ VisibilityTimeout: 43_201 }),
      receive({ VisibilityTimeout: -1 }),
      receive({ VisibilityTimeout: 1.5 }),
      receive({ VisibilityTimeout: Number.NaN }),
      receive({ MaxNumberOfMessages: 11 }),
      receive({ MaxNumberOfMessages: 0 }),
      receive({ WaitTimeSeconds: 21 }),
    ]);
    const unhidden = await depth();
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: QueueUrl(), VisibilityTimeout: 43_200, WaitTimeSeconds: 20 }),
    );
    ReceiptHandle = Messages?.[0]?.ReceiptHandle;
    const changes = await Promise.all([Number.NaN, 43_201, 0.5, undefined].map(change));
    const stillHidden = await depth();
    const shown = await change(0);

    expect(receives).toEqual(Array(7).fill('InvalidParameterValue 400'));
    expect(unhidden).toEqual({
      ApproximateNumberOfMessages: '1',
      ApproximateNumberOfMessagesNotVisible: '0',
    });
    expect(Messages).toHaveLength(1);
    expect(changes).toEqual([
      'InvalidParameterValue 400',
      'InvalidParameterValue 400',
      'InvalidParameterValue 400',
      'MissingParameter 400',
    ]);
    expect(stillHidden).toEqual({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '1',
    });
    expect(shown).toBe('accepted');
    expect(await depth()).toEqual({
      ApproximateNumberOfMessages: '1',
      ApproximateNumberOfMessagesNotVisible: '0',
    });
  });

  it('takes no inherited name (`__proto__`, `toString`) for a stack or a queue attribute', async () => {
    const cloudFormation = new CloudFormationClient({ ...inputConfig, maxAttempts: 1 });
    const sqs = new SQSClient(inputConfig);

    const stack = await cloudFormation
      .send(new DescribeStacksCommand({ StackName: '__proto__' }))
      .catch((error: Error) => error);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: QueueUrl(),
        AttributeNames: ['__proto__' as 'All', 'toString' as 'All'],
      }),
    );

    expect(stack).toMatchObject({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } });
    expect(Attributes).toBeUndefined();
  });

  it('answers a body over 6 MB with 413 and closes the connection, the client receiving the answer', async () => {
    const lambda = new LambdaClient({ ...inputConfig, maxAttempts: 1 });
    const tooLarge = Buffer.alloc(6 * 1024 * 1024 + 1, 'x');

    const invoked = await lambda
      .send(new InvokeCommand({ FunctionName: `MunicipalNetwork-local-${other}`, Payload: tooLarge }))
      .catch((error: Error) => error);
    const listed = await raw(input.endpoint, { headers: sqsHeaders('ListQueues'), body: tooLarge });
    const after = await raw(input.endpoint, { headers: sqsHeaders('ListQueues'), body: '{}' });

    expect(invoked).toMatchObject({ name: 'RequestTooLargeException', $metadata: { httpStatusCode: 413 } });
    expect(listed.status).toBe(413);
    expect(listed.headers.connection).toBe('close');
    expect(JSON.parse(listed.body)).toMatchObject({ __type: 'com.amazonaws.sqs#RequestEntityTooLarge' });
    expect(after.status).toBe(200);
  });

  it('answers only to its loopback names, so that a page rebound to 127.0.0.1 gets a 403', async () => {
    const { port } = new URL(input.endpoint);
    const asHost = (host: string) =>
      raw(input.endpoint, { host, headers: sqsHeaders('ListQueues'), body: '{}' });

    const [rebound, portless, loopback, named, ipv6] = await Promise.all([
      asHost(`rebound.example:${port}`),
      asHost('127.0.0.1'),
      asHost(`127.0.0.1:${port}`),
      asHost(`LOCALHOST:${port}`),
      asHost(`[::1]:${port}`),
    ]);
    const lambdaRebound = await raw(
      `${input.endpoint}/2015-03-31/functions/MunicipalNetwork-local-${other}/invocations`,
      {
        host: `rebound.example:${port}`,
        body: '{}',
      },
    );

    expect([rebound.status, portless.status]).toEqual([403, 403]);
    expect(JSON.parse(rebound.body)).toMatchObject({ __type: 'com.amazonaws.sqs#AccessDenied' });
    expect(rebound.headers['x-amzn-query-error']).toBe('AccessDenied;Sender');
    expect([loopback.status, named.status, ipv6.status]).toEqual([200, 200, 200]);
    expect(lambdaRebound.status).toBe(403);
    expect(lambdaRebound.headers['x-amzn-errortype']).toBe('AccessDeniedException');
  });

  it('passes a function’s error and a dead letter’s as they are, unredacted, a letter’s cut at 1 KB', async () => {
    const lambda = new LambdaClient(inputConfig);
    const sqs = new SQSClient(inputConfig);

    const failed = await lambda.send(
      new InvokeCommand({
        FunctionName: `MunicipalNetwork-local-${other}`,
        Payload: JSON.stringify(event(8)),
      }),
    );
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: QueueUrl(),
        VisibilityTimeout: 0,
        MessageAttributeNames: ['All'],
      }),
    );

    expect(failed.FunctionError).toBe('Unhandled');
    expect(JSON.parse(Buffer.from(failed.Payload ?? []).toString())).toMatchObject({
      errorType: 'Error',
      errorMessage: 'SES refused anna@example.se',
    });
    const errorMessage = Messages?.[0]?.MessageAttributes?.ErrorMessage?.StringValue ?? '';
    // 28 bytes of text and 498 two-byte characters: 1 KB to the byte, no character cut in two.
    expect(errorMessage).toBe(`SES refused anna@example.se ${'ä'.repeat(498)}`);
  });
});
