import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventBridgeEvent } from 'aws-lambda';
import { allConsumers } from '../events/catalogue';
import { describeError } from '../functions/shared/logger';
import {
  consumerFunctionName,
  DEAD_LETTER_TAG,
  deadLetterQueueName,
  OTHER_DEAD_LETTER_OWNERS,
} from '../infra/dead-letter-queue-names';
import { type DeadLetter, type LocalEventBus, readDeadLetters } from './event-bus';

/**
 * The few AWS APIs the ops CLI (`npm run ops -- … --stage`) calls on a stage, spoken locally on
 * one loopback port in the wire protocols of the real services, so that the CLI's one code path
 * (the AWS SDK's clients) is exercised against the local cloud:
 *
 * - CloudFormation (awsQuery): DescribeStacks of `MunicipalNetwork-local-*`, with the outputs a
 *   deployed stage has (ApiUrl is the local API);
 * - SQS (awsJson1_0): ListQueues, GetQueueAttributes, ListQueueTags, ReceiveMessage,
 *   ChangeMessageVisibility and DeleteMessage over the local bus's dead letters, one queue per dead-letter queue a stage has,
 *   named and tagged as in infra/dead-letter-queue-names.ts. A letter's body is the EventBridge
 *   event, its attributes those Lambda gives a failed asynchronous invocation (the local bus's
 *   failures are handler errors after retries, which in AWS land through the function's
 *   dead-letter queue); deleting a message removes the letter from the dead-letter file;
 * - Lambda (restJson1): Invoke (RequestResponse) of a consumer's function, run once through the
 *   bus's delivery for its rule; a handler error answers 200 with `X-Amz-Function-Error`.
 *
 * Anything else is answered with the protocol's error shape, never a crash. Requests must carry a
 * SigV4 `Authorization` header (any credentials: nothing here is secret) so that an unsigned
 * client is caught as AWS would catch it.
 */
export interface AwsControlPlane {
  endpoint: string;
  stop(): Promise<void>;
}

export interface AwsControlPlaneOptions {
  port: number;
  bus: LocalEventBus;
  region: string;
  /** What DescribeStacks answers: the outputs of each stack, by stack name. */
  stacks: () => Record<string, Record<string, string>>;
}

export const LOCAL_STAGE = 'local';
const ACCOUNT = '000000000000';
const CLOUDFORMATION_XMLNS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
const MAX_BODY = 6 * 1024 * 1024;

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const md5 = (data: Buffer | string) => createHash('md5').update(data).digest('hex');

/** A message id that stays the same for a letter across reads of the file (UUID-shaped, as SQS's). */
const messageIdOf = (letter: DeadLetter): string => {
  const hex = createHash('sha256')
    .update(`${letter.rule} ${letter.event.id} ${letter.failedAt}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

interface MessageAttribute {
  DataType: 'String' | 'Number';
  StringValue: string;
}

/**
 * SQS's MD5 of message attributes: for each attribute in name order, the length-prefixed name,
 * data type and value, with a transport byte (1 = string) before the value.
 */
const md5OfAttributes = (attributes: Record<string, MessageAttribute>): string => {
  const parts: Buffer[] = [];
  const lengthPrefixed = (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    parts.push(length, bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const attribute = attributes[name] as MessageAttribute;
    lengthPrefixed(name);
    lengthPrefixed(attribute.DataType);
    parts.push(Buffer.from([1]));
    lengthPrefixed(attribute.StringValue);
  }
  return md5(Buffer.concat(parts));
};

class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** SQS's JSON errors also name the query-protocol code (`x-amzn-query-error`). */
    readonly queryCode?: string,
  ) {
    super(message);
  }
}

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(
          new AwsError(413, 'RequestEntityTooLargeException', 'Request must be smaller than 6291456 bytes'),
        );
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

interface Queue {
  owner: string;
  name: string;
  tags: Record<string, string>;
}

/** The dead-letter queues a stage has: one per consumer of the catalogue, the jobs', the pipe's, the timers'. */
const stageQueues = (): Queue[] => {
  const owners: Array<[string, boolean]> = [
    ...allConsumers.map(({ consumer }) => [consumer.name, true] as [string, boolean]),
    ...Object.entries(OTHER_DEAD_LETTER_OWNERS).map(
      ([owner, { hasFunction }]) => [owner, hasFunction] as [string, boolean],
    ),
  ];
  return owners.map(([owner, hasFunction]) => ({
    owner,
    name: deadLetterQueueName(LOCAL_STAGE, owner),
    tags: {
      [DEAD_LETTER_TAG.owner]: owner,
      ...(hasFunction ? { [DEAD_LETTER_TAG.function]: consumerFunctionName(LOCAL_STAGE, owner) } : {}),
    },
  }));
};

export const startAwsControlPlane = async (options: AwsControlPlaneOptions): Promise<AwsControlPlane> => {
  const queues = stageQueues();
  /** When each message becomes visible again (ms), after a ReceiveMessage with a visibility timeout. */
  const invisibleUntil = new Map<string, number>();
  const receiveCounts = new Map<string, number>();
  const firstReceived = new Map<string, number>();
  /** Receipt handle → message id: valid until the message is deleted. */
  const receipts = new Map<string, string>();
  let endpoint = '';

  const letters = (): DeadLetter[] =>
    options.bus.deadLetterFile ? readDeadLetters(options.bus.deadLetterFile) : [...options.bus.deadLetters];
  const queueUrl = (queue: Queue) => `${endpoint}/${ACCOUNT}/${queue.name}`;
  const queueOf = (url: unknown): Queue => {
    const name = typeof url === 'string' ? url.split('/').pop() : undefined;
    const queue = queues.find((candidate) => candidate.name === name);
    if (!queue)
      throw new AwsError(
        400,
        'com.amazonaws.sqs#QueueDoesNotExist',
        'The specified queue does not exist.',
        'AWS.SimpleQueueService.NonExistentQueue;Sender',
      );
    return queue;
  };
  const lettersOf = (queue: Queue) => letters().filter((letter) => letter.rule === queue.owner);
  const visible = (id: string, now: number) => (invisibleUntil.get(id) ?? 0) <= now;

  const sqs = (operation: string, input: Record<string, unknown>): unknown => {
    switch (operation) {
      case 'ListQueues': {
        const prefix = typeof input.QueueNamePrefix === 'string' ? input.QueueNamePrefix : '';
        const urls = queues.filter((queue) => queue.name.startsWith(prefix)).map(queueUrl);
        return urls.length > 0 ? { QueueUrls: urls } : {};
      }
      case 'ListQueueTags':
        return { Tags: queueOf(input.QueueUrl).tags };
      case 'GetQueueAttributes': {
        const queue = queueOf(input.QueueUrl);
        const now = Date.now();
        const ids = lettersOf(queue).map(messageIdOf);
        const all: Record<string, string> = {
          ApproximateNumberOfMessages: String(ids.filter((id) => visible(id, now)).length),
          ApproximateNumberOfMessagesNotVisible: String(ids.filter((id) => !visible(id, now)).length),
          ApproximateNumberOfMessagesDelayed: '0',
          QueueArn: `arn:aws:sqs:${options.region}:${ACCOUNT}:${queue.name}`,
          MessageRetentionPeriod: '1209600',
          SqsManagedSseEnabled: 'true',
          VisibilityTimeout: '30',
        };
        const wanted = Array.isArray(input.AttributeNames) ? (input.AttributeNames as string[]) : [];
        const attributes = wanted.includes('All')
          ? all
          : Object.fromEntries(
              wanted.filter((name) => name in all).map((name) => [name, all[name] as string]),
            );
        return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
      }
      case 'ReceiveMessage': {
        const queue = queueOf(input.QueueUrl);
        const max = input.MaxNumberOfMessages === undefined ? 1 : Number(input.MaxNumberOfMessages);
        if (!Number.isInteger(max) || max < 1 || max > 10)
          throw new AwsError(
            400,
            'com.amazonaws.sqs#InvalidParameterValue',
            'Value for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10.',
            'InvalidParameterValue;Sender',
          );
        const timeout = input.VisibilityTimeout === undefined ? 30 : Number(input.VisibilityTimeout);
        const now = Date.now();
        const chosen = lettersOf(queue)
          .filter((letter) => visible(messageIdOf(letter), now))
          .slice(0, max);
        const wantedAttributes = [...((input.MessageAttributeNames as string[] | undefined) ?? [])];
        const wantedSystem = [
          ...((input.MessageSystemAttributeNames as string[] | undefined) ?? []),
          ...((input.AttributeNames as string[] | undefined) ?? []),
        ];
        const messages = chosen.map((letter) => {
          const id = messageIdOf(letter);
          invisibleUntil.set(id, now + timeout * 1000);
          receiveCounts.set(id, (receiveCounts.get(id) ?? 0) + 1);
          if (!firstReceived.has(id)) firstReceived.set(id, now);
          const receipt = Buffer.from(`${id} ${randomUUID()}`).toString('base64');
          receipts.set(receipt, id);
          const body = JSON.stringify(letter.event);
          // What Lambda puts on a failed asynchronous invocation's dead letter.
          const allAttributes: Record<string, MessageAttribute> = {
            RequestID: { DataType: 'String', StringValue: id },
            ErrorCode: { DataType: 'Number', StringValue: '200' },
            ErrorMessage: { DataType: 'String', StringValue: letter.error.slice(0, 1024) },
          };
          const attributes = Object.fromEntries(
            Object.entries(allAttributes).filter(
              ([name]) =>
                wantedAttributes.includes('All') ||
                wantedAttributes.includes('.*') ||
                wantedAttributes.includes(name),
            ),
          );
          const allSystem: Record<string, string> = {
            SenderId: 'AROA000000000000LOCAL:local-lambda',
            SentTimestamp: String(Date.parse(letter.failedAt)),
            ApproximateReceiveCount: String(receiveCounts.get(id)),
            ApproximateFirstReceiveTimestamp: String(firstReceived.get(id)),
          };
          const system = Object.fromEntries(
            Object.entries(allSystem).filter(
              ([name]) => wantedSystem.includes('All') || wantedSystem.includes(name),
            ),
          );
          return {
            MessageId: id,
            ReceiptHandle: receipt,
            MD5OfBody: md5(body),
            Body: body,
            ...(Object.keys(system).length > 0 ? { Attributes: system } : {}),
            ...(Object.keys(attributes).length > 0
              ? { MD5OfMessageAttributes: md5OfAttributes(attributes), MessageAttributes: attributes }
              : {}),
          };
        });
        return messages.length > 0 ? { Messages: messages } : {};
      }
      case 'DeleteMessage': {
        const queue = queueOf(input.QueueUrl);
        const id = typeof input.ReceiptHandle === 'string' ? receipts.get(input.ReceiptHandle) : undefined;
        if (!id)
          throw new AwsError(
            400,
            'com.amazonaws.sqs#ReceiptHandleIsInvalid',
            `The input receipt handle "${String(input.ReceiptHandle)}" is not a valid receipt handle.`,
            'ReceiptHandleIsInvalid;Sender',
          );
        // A message deleted already is no error in SQS either.
        const letter = lettersOf(queue).find((candidate) => messageIdOf(candidate) === id);
        if (letter) options.bus.forget([letter]);
        for (const [handle, of] of receipts) if (of === id) receipts.delete(handle);
        invisibleUntil.delete(id);
        return {};
      }
      case 'ChangeMessageVisibility': {
        queueOf(input.QueueUrl);
        const id = typeof input.ReceiptHandle === 'string' ? receipts.get(input.ReceiptHandle) : undefined;
        if (!id)
          throw new AwsError(
            400,
            'com.amazonaws.sqs#ReceiptHandleIsInvalid',
            `The input receipt handle "${String(input.ReceiptHandle)}" is not a valid receipt handle.`,
            'ReceiptHandleIsInvalid;Sender',
          );
        invisibleUntil.set(id, Date.now() + Number(input.VisibilityTimeout ?? 0) * 1000);
        return {};
      }
      default:
        throw new AwsError(
          400,
          'com.amazonaws.sqs#UnsupportedOperation',
          `The local cloud does not speak SQS ${operation}`,
          'AWS.SimpleQueueService.UnsupportedOperation;Sender',
        );
    }
  };

  const describeStacks = (form: URLSearchParams): string => {
    const stacks = options.stacks();
    const asked = form.get('StackName') ?? undefined;
    // A stack may be named by its name or its id (ARN: arn:…:stack/<name>/<uuid>).
    const name = asked?.startsWith('arn:') ? asked.split(':stack/')[1]?.split('/')[0] : asked;
    const names = name === undefined ? Object.keys(stacks) : [name];
    if (name !== undefined && !(name in stacks))
      throw new AwsError(400, 'ValidationError', `Stack with id ${asked} does not exist`);
    const members = names.map((stackName) => {
      const outputs = Object.entries(stacks[stackName] ?? {})
        .map(
          ([key, value]) =>
            `<member><OutputKey>${xml(key)}</OutputKey><OutputValue>${xml(value)}</OutputValue></member>`,
        )
        .join('');
      const stackId = `arn:aws:cloudformation:${options.region}:${ACCOUNT}:stack/${stackName}/${createHash('sha256').update(stackName).digest('hex').slice(0, 32)}`;
      return `<member><StackName>${xml(stackName)}</StackName><StackId>${xml(stackId)}</StackId><CreationTime>2026-01-01T00:00:00.000Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus><DisableRollback>false</DisableRollback><Outputs>${outputs}</Outputs><Tags/></member>`;
    });
    return `<DescribeStacksResponse xmlns="${CLOUDFORMATION_XMLNS}"><DescribeStacksResult><Stacks>${members.join('')}</Stacks></DescribeStacksResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></DescribeStacksResponse>`;
  };

  const invoke = async (
    res: ServerResponse,
    functionName: string,
    req: IncomingMessage,
    payload: Buffer,
  ): Promise<void> => {
    // Named by its name, its ARN or a partial ARN, optionally with a qualifier.
    const name = functionName.includes(':function:')
      ? (functionName.split(':function:')[1]?.split(':')[0] ?? '')
      : functionName;
    const owner = queues.find(
      (queue) => queue.tags[DEAD_LETTER_TAG.function] === name && options.bus.hasRule(queue.owner),
    )?.owner;
    if (!owner)
      throw new AwsError(
        404,
        'ResourceNotFoundException',
        `Function not found: arn:aws:lambda:${options.region}:${ACCOUNT}:function:${name}`,
      );
    let event: EventBridgeEvent<string, unknown>;
    try {
      event = JSON.parse(payload.toString('utf8') || '{}') as EventBridgeEvent<string, unknown>;
    } catch {
      throw new AwsError(400, 'InvalidRequestContentException', 'Could not parse request body into json');
    }
    const type = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    if (type === 'DryRun') {
      res.writeHead(204, { 'x-amzn-requestid': randomUUID() });
      res.end();
      return;
    }
    if (type === 'Event') {
      void options.bus.invoke(owner, event);
      res.writeHead(202, { 'x-amzn-requestid': randomUUID() });
      res.end();
      return;
    }
    if (type !== 'RequestResponse')
      throw new AwsError(400, 'InvalidParameterValueException', `Unknown invocation type ${type}`);
    const outcome = await options.bus.invoke(owner, event);
    const headers = {
      'content-type': 'application/json',
      'x-amzn-requestid': randomUUID(),
      'x-amz-executed-version': '$LATEST',
    };
    if ('error' in outcome) {
      const described = describeError(outcome.error);
      res.writeHead(200, { ...headers, 'x-amz-function-error': 'Unhandled' });
      res.end(
        JSON.stringify({
          errorType: described.errorName ?? 'Error',
          errorMessage: described.errorMessage ?? described.error ?? 'Unknown error',
          trace: [],
        }),
      );
      return;
    }
    res.writeHead(200, headers);
    res.end(JSON.stringify(outcome.result ?? null));
  };

  /** Which protocol a request speaks decides the shape of its error. */
  type Protocol = 'query' | 'json' | 'rest';
  const protocolOf = (req: IncomingMessage): Protocol => {
    if (typeof req.headers['x-amz-target'] === 'string') return 'json';
    if (String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
      return 'query';
    return 'rest';
  };

  const sendError = (res: ServerResponse, protocol: Protocol, error: AwsError) => {
    const requestId = randomUUID();
    if (protocol === 'query') {
      res.writeHead(error.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
      res.end(
        `<ErrorResponse xmlns="${CLOUDFORMATION_XMLNS}"><Error><Type>Sender</Type><Code>${xml(error.code)}</Code><Message>${xml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
      return;
    }
    if (protocol === 'json') {
      res.writeHead(error.status, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-requestid': requestId,
        ...(error.queryCode ? { 'x-amzn-query-error': error.queryCode } : {}),
      });
      res.end(JSON.stringify({ __type: error.code, message: error.message }));
      return;
    }
    res.writeHead(error.status, {
      'content-type': 'application/json',
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': error.code,
    });
    res.end(JSON.stringify({ Type: 'User', message: error.message }));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const protocol = protocolOf(req);
    try {
      const body = await readBody(req);
      if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 '))
        throw new AwsError(
          403,
          protocol === 'json' ? 'com.amazonaws.sqs#MissingAuthenticationToken' : 'MissingAuthenticationToken',
          'Request is missing Authentication Token',
          'MissingAuthenticationToken;Sender',
        );
      const path = new URL(req.url ?? '/', 'http://local').pathname;
      const invocation = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(path);
      if (req.method === 'POST' && invocation)
        return await invoke(res, decodeURIComponent(invocation[1] as string), req, body);
      if (req.method === 'POST' && protocol === 'json') {
        const target = String(req.headers['x-amz-target']);
        if (!target.startsWith('AmazonSQS.'))
          throw new AwsError(400, 'UnknownOperationException', `The local cloud does not speak ${target}`);
        let input: Record<string, unknown>;
        try {
          input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
        } catch {
          throw new AwsError(400, 'com.amazonaws.sqs#InvalidParameterValue', 'The request body is not JSON');
        }
        const answer = sqs(target.slice('AmazonSQS.'.length), input);
        res.writeHead(200, {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-requestid': randomUUID(),
        });
        res.end(JSON.stringify(answer));
        return;
      }
      if (req.method === 'POST' && protocol === 'query') {
        const form = new URLSearchParams(body.toString('utf8'));
        const action = form.get('Action');
        if (action !== 'DescribeStacks')
          throw new AwsError(
            400,
            'InvalidAction',
            `The local cloud does not speak CloudFormation ${action ?? '(no Action)'}`,
          );
        const answer = describeStacks(form);
        res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
        res.end(answer);
        return;
      }
      throw new AwsError(
        400,
        'UnknownOperationException',
        `The local cloud does not speak ${req.method} ${path}`,
      );
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendError(
        res,
        protocol,
        error instanceof AwsError
          ? error
          : new AwsError(500, protocol === 'query' ? 'InternalFailure' : 'ServiceException', String(error)),
      );
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** The stacks of the local stage and the outputs a deployed stage's have (infra/api-stack.ts). */
export const localStacks = (outputs: {
  apiUrl: string;
  tableName: string;
}): Record<string, Record<string, string>> => ({
  [`MunicipalNetwork-${LOCAL_STAGE}-Stateful`]: {},
  [`MunicipalNetwork-${LOCAL_STAGE}-Api`]: {
    ApiUrl: `${outputs.apiUrl}/`,
    SiteUrl: outputs.apiUrl,
    TableName: outputs.tableName,
    // The local bus is named after the table (SCHEDULE_TARGET_ARN in local/local-cloud.ts).
    EventBusName: outputs.tableName,
    // The local cloud signs its own admin tokens; there is no user pool to sign in to.
    UserPoolId: 'eu-north-1_local',
    UserPoolClientId: 'local',
  },
  [`MunicipalNetwork-${LOCAL_STAGE}-Consumers`]: {},
  [`MunicipalNetwork-${LOCAL_STAGE}-Operations`]: {},
});
