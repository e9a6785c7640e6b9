import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventBridgeEvent } from 'aws-lambda';
import { subscriptions } from '../functions/subscriptions';
import {
  consumerFunctionName,
  DEAD_LETTER_TAG,
  deadLetterQueueName,
  OTHER_DEAD_LETTER_OWNERS,
} from '../infra/dead-letter-queue-names';
import { type DeadLetter, type LocalEventBus, letterKey, readDeadLetters } from './event-bus';
import { PutEventsRefused, putEvents } from './event-bus-api';

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
 * - EventBridge (awsJson1_1): PutEvents on the local bus, as the pipe, the scheduler and the ops
 *   CLI's redrive of timer letters put events on the deployed bus (local/event-bus-api.ts);
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
  /** The bus as PutEvents names it (by name or ARN): the events go to `bus`. */
  eventBus: { name: string; arn: string; put(event: EventBridgeEvent<string, unknown>): void };
  region: string;
  /** What DescribeStacks answers: the outputs of each stack, by stack name. */
  stacks: () => Record<string, Record<string, string>>;
}

export const LOCAL_STAGE = 'local';
const ACCOUNT = '000000000000';
const CLOUDFORMATION_XMLNS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
const MAX_BODY = 6 * 1024 * 1024;
/** SQS's bounds of a visibility timeout, in seconds (12 hours). */
const VISIBILITY = { min: 0, max: 43_200 };

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const md5 = (data: Buffer | string) => createHash('md5').update(data).digest('hex');

/** A message id that stays the same for a letter across reads of the file (UUID-shaped, as SQS's). */
const messageIdOf = (letter: DeadLetter): string => {
  const hex = createHash('sha256').update(letterKey(letter)).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

/** Lambda's dead letters carry the first 1 KB of the error message, cut between characters. */
const firstKilobyte = (text: string): string => {
  let bytes = 0;
  let end = 0;
  for (const character of text) {
    bytes += Buffer.byteLength(character, 'utf8');
    if (bytes > 1024) break;
    end += character.length;
  }
  return text.slice(0, end);
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

/** What a client may keep sending past the limit before the connection is cut rather than drained. */
const MAX_DRAIN = 8 * MAX_BODY;

/**
 * The body, or a 413 once it is over the limit. Past the limit the rest is read and discarded
 * rather than the connection dropped, so that the client, still sending, receives the answer.
 */
const readBody = (req: IncomingMessage, tooLarge: AwsError): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DRAIN) req.destroy();
      else if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => (size > MAX_BODY ? reject(tooLarge) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
    // Cut off (past MAX_DRAIN, or by the client): no 'end' will come.
    req.on('close', () => reject(tooLarge));
  });

const invalidParameter = (message: string) =>
  new AwsError(400, 'com.amazonaws.sqs#InvalidParameterValue', message, 'InvalidParameterValue;Sender');

/** An optional whole-number parameter of SQS within its bounds (a NaN or 1.5 would hide a letter for good). */
const wholeNumber = (
  input: Record<string, unknown>,
  name: string,
  { min, max, otherwise }: { min: number; max: number; otherwise?: number },
): number => {
  const value = input[name] ?? otherwise;
  if (value === undefined)
    throw new AwsError(
      400,
      'com.amazonaws.sqs#MissingParameter',
      `The request must contain the parameter ${name}.`,
      'MissingParameter;Sender',
    );
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  throw invalidParameter(
    `Value ${JSON.stringify(value)} for parameter ${name} is invalid. Reason: Must be a whole number between ${min} and ${max}.`,
  );
};

/** An optional list of names (attribute names), none when absent. */
const names = (input: Record<string, unknown>, name: string): string[] => {
  const value = input[name];
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  throw invalidParameter(`Value for parameter ${name} is invalid. Reason: Must be a list of strings.`);
};

interface Queue {
  owner: string;
  name: string;
  tags: Record<string, string>;
}

/** The dead-letter queues a stage has: one per consumer of the subscription table, the jobs', the pipe's, the timers'. */
const stageQueues = (): Queue[] => {
  const owners: Array<[string, boolean]> = [
    ...subscriptions.map(({ consumer }) => [consumer, true] as [string, boolean]),
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
        const wanted = names(input, 'AttributeNames');
        const attributes = wanted.includes('All')
          ? all
          : Object.fromEntries(
              // Own names only: `__proto__` or `toString` is no attribute.
              wanted.filter((name) => Object.hasOwn(all, name)).map((name) => [name, all[name] as string]),
            );
        return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
      }
      case 'ReceiveMessage': {
        const queue = queueOf(input.QueueUrl);
        const max = wholeNumber(input, 'MaxNumberOfMessages', { min: 1, max: 10, otherwise: 1 });
        const timeout = wholeNumber(input, 'VisibilityTimeout', { ...VISIBILITY, otherwise: 30 });
        // Checked as SQS checks it; there is no long poll here (the letters are all there already).
        wholeNumber(input, 'WaitTimeSeconds', { min: 0, max: 20, otherwise: 0 });
        const wantedAttributes = names(input, 'MessageAttributeNames');
        const wantedSystem = [
          ...names(input, 'MessageSystemAttributeNames'),
          ...names(input, 'AttributeNames'),
        ];
        const now = Date.now();
        const chosen = lettersOf(queue)
          .filter((letter) => visible(messageIdOf(letter), now))
          .slice(0, max);
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
            // The error as the dead-letter file holds it, unredacted here as in AWS.
            ErrorMessage: { DataType: 'String', StringValue: firstKilobyte(letter.error) },
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
        const timeout = wholeNumber(input, 'VisibilityTimeout', VISIBILITY);
        const id = typeof input.ReceiptHandle === 'string' ? receipts.get(input.ReceiptHandle) : undefined;
        if (!id)
          throw new AwsError(
            400,
            'com.amazonaws.sqs#ReceiptHandleIsInvalid',
            `The input receipt handle "${String(input.ReceiptHandle)}" is not a valid receipt handle.`,
            'ReceiptHandleIsInvalid;Sender',
          );
        invisibleUntil.set(id, Date.now() + timeout * 1000);
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
    if (name !== undefined && !Object.hasOwn(stacks, name))
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
      // As Lambda's runtime answers: the error's own name and message, unredacted (the ops CLI
      // redacts what it shows, as it must for a deployed stage).
      const { error } = outcome;
      res.writeHead(200, { ...headers, 'x-amz-function-error': 'Unhandled' });
      res.end(
        JSON.stringify({
          errorType: error instanceof Error ? error.name : 'Error',
          errorMessage: error instanceof Error ? error.message : String(error),
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

  const sendError = (res: ServerResponse, protocol: Protocol, error: AwsError, close: boolean) => {
    const requestId = randomUUID();
    if (close) res.setHeader('connection', 'close');
    if (protocol === 'query') {
      res.writeHead(error.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
      res.end(
        `<ErrorResponse xmlns="${CLOUDFORMATION_XMLNS}"><Error><Type>${error.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${xml(error.code)}</Code><Message>${xml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
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
    res.end(JSON.stringify({ Type: error.status >= 500 ? 'Service' : 'User', message: error.message }));
  };

  /** One error in each protocol's own words: CloudFormation's, SQS's (with its query code), Lambda's. */
  const errorIn = (
    protocol: Protocol,
    status: number,
    codes: { query: string; json: string; rest: string },
    message: string,
  ) =>
    new AwsError(
      status,
      protocol === 'json' ? `com.amazonaws.sqs#${codes.json}` : codes[protocol],
      message,
      `${codes.json};${status >= 500 ? 'Receiver' : 'Sender'}`,
    );

  /**
   * The names this server answers to. Any other Host is a page whose name was rebound to the
   * loopback (DNS rebinding) and would read the dead letters or invoke consumers from a browser.
   */
  let hosts = new Set<string>();
  const allowedHost = (host: string | undefined) => host !== undefined && hosts.has(host.toLowerCase());

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const protocol = protocolOf(req);
    const tooLarge = errorIn(
      protocol,
      413,
      { query: 'RequestEntityTooLarge', json: 'RequestEntityTooLarge', rest: 'RequestTooLargeException' },
      `Request must be smaller than ${MAX_BODY} bytes`,
    );
    const hostAllowed = allowedHost(req.headers.host);
    try {
      if (!hostAllowed)
        throw errorIn(
          protocol,
          403,
          { query: 'AccessDenied', json: 'AccessDenied', rest: 'AccessDeniedException' },
          `The local cloud answers only to ${[...hosts].join(', ')}`,
        );
      const body = await readBody(req, tooLarge);
      if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 '))
        throw errorIn(
          protocol,
          403,
          {
            query: 'MissingAuthenticationToken',
            json: 'MissingAuthenticationToken',
            rest: 'MissingAuthenticationToken',
          },
          'Request is missing Authentication Token',
        );
      let path: string;
      try {
        path = new URL(req.url ?? '/', 'http://local').pathname;
      } catch {
        throw errorIn(
          protocol,
          400,
          { query: 'MalformedInput', json: 'InvalidAddress', rest: 'ValidationException' },
          'The request target is not a URL',
        );
      }
      const invocation = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(path);
      if (req.method === 'POST' && invocation) {
        let functionName: string;
        try {
          functionName = decodeURIComponent(invocation[1] as string);
        } catch {
          // Lambda's own answer to a function name outside its pattern.
          throw new AwsError(
            400,
            'ValidationException',
            `1 validation error detected: Value '${invocation[1]}' at 'functionName' failed to satisfy constraint: Member must be percent-encoded UTF-8`,
          );
        }
        return await invoke(res, functionName, req, body);
      }
      if (
        req.method === 'POST' &&
        protocol === 'json' &&
        req.headers['x-amz-target'] === 'AWSEvents.PutEvents'
      ) {
        let input: unknown;
        try {
          input = JSON.parse(body.toString('utf8') || '{}');
        } catch {
          input = undefined;
        }
        if (typeof input !== 'object' || input === null || Array.isArray(input))
          throw new AwsError(400, 'ValidationException', 'The request body must be a JSON object');
        let answer: unknown;
        try {
          answer = putEvents(input as Record<string, unknown>, options.eventBus, new Date());
        } catch (error) {
          if (error instanceof PutEventsRefused) throw new AwsError(400, error.code, error.message);
          throw error;
        }
        res.writeHead(200, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': randomUUID(),
        });
        res.end(JSON.stringify(answer));
        return;
      }
      if (req.method === 'POST' && protocol === 'json') {
        const target = String(req.headers['x-amz-target']);
        if (!target.startsWith('AmazonSQS.'))
          throw new AwsError(400, 'UnknownOperationException', `The local cloud does not speak ${target}`);
        let input: unknown;
        try {
          input = JSON.parse(body.toString('utf8') || '{}');
        } catch {
          input = undefined;
        }
        // awsJson's input is an object; `null`, an array or a number is as malformed as no JSON.
        if (typeof input !== 'object' || input === null || Array.isArray(input))
          throw invalidParameter('The request body must be a JSON object');
        const answer = sqs(target.slice('AmazonSQS.'.length), input as Record<string, unknown>);
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
      // Answered once the request is read to its end: a client still sending would miss it.
      if (!req.complete && !req.destroyed) await readBody(req, tooLarge).catch(() => undefined);
      sendError(
        res,
        protocol,
        error instanceof AwsError
          ? error
          : errorIn(
              protocol,
              500,
              { query: 'InternalFailure', json: 'InternalError', rest: 'ServiceException' },
              String(error),
            ),
        // Not kept alive: an oversized body's client or a stranger's page.
        error === tooLarge || !hostAllowed,
      );
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  endpoint = `http://127.0.0.1:${port}`;
  hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
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
