import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { redactAddresses } from '../../functions/shared/logger';
import {
  consumerFunctionName,
  DEAD_LETTER_TAG,
  deadLetterQueuePrefix,
} from '../../infra/dead-letter-queue-names';
import { busRedrive } from './bus-redrive';
import { OpsFailure } from './ops-errors';
import { redrivePayload } from './redrive-payload';
import type { Target } from './target';

/**
 * A stage's dead-letter queues through the AWS SDK, the same code for the local cloud (whose AWS
 * control plane, local/aws-control-plane.ts, speaks SQS and Lambda) and a deployed stage: the
 * queues are found by their name prefix and tags (infra/dead-letter-queue-names.ts), a letter is
 * redriven by invoking the function its queue's tag names with the message body (the original
 * event), or, for the pipe's and the timers' letters, whose events never reached the bus, by
 * putting those events on the bus with PutEvents (./bus-redrive.ts); it is deleted only once that
 * succeeded.
 */
export interface DeadLetterQueue {
  name: string;
  url: string;
  /** The consumer or job whose failures land here (`Consumer` tag). */
  owner: string;
  /** The function that handles them (`ConsumerFunction` tag); absent for the pipe and the timers. */
  functionName?: string;
  /** Visible messages, and those received by someone and not yet deleted (approximate, as SQS counts). */
  messages: number;
  inFlight: number;
}

/** One dead letter as an operator sees it: where, what and why, never the event's payload. */
export interface LetterSummary {
  queue: string;
  rule: string;
  messageId: string;
  detailType: string;
  busEventId: string;
  error: string;
  failedAt: string;
}

export interface RedriveResult {
  redriven: LetterSummary[];
  failedAgain: LetterSummary[];
  /** Letters left in the queues redriven (approximate on a stage: SQS counts lag a little). */
  remaining: number;
  /** Queues whose letters nothing here can take (an unknown owner, a tag that names another function). */
  notRedrivable: Array<{ queue: string; owner: string; messages: number }>;
}

/**
 * How long a received letter stays hidden: Lambda's longest run (15 minutes), so a synchronous
 * invocation always ends before the letter could be received again; a crash lets it reappear.
 */
const REDRIVE_VISIBILITY_S = 900;

const clientConfig = (target: Target, endpoint: string | undefined) => ({
  region: target.region,
  maxAttempts: 3,
  ...(endpoint ? { endpoint } : {}),
  // The local control plane checks that requests are signed, not by whom.
  ...(target.kind === 'local' ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
});

const unreachable = (target: Target, service: string, endpoint: string | undefined, error: unknown) => {
  const failure = error as Error & { code?: string; $metadata?: { httpStatusCode?: number } };
  if (failure.$metadata?.httpStatusCode !== undefined)
    return new OpsFailure(`${service} refused: ${failure.name}: ${failure.message}`, 'AWS_REFUSED', {
      cause: error,
    });
  return new OpsFailure(
    target.kind === 'local'
      ? `The local cloud's AWS APIs do not answer at ${endpoint}: is npm start running (with this --state-dir)?`
      : `${service} does not answer${endpoint ? ` at ${endpoint}` : ''}: ${failure.name}: ${failure.message}`,
    'UNREACHABLE',
    { cause: error },
  );
};

const summary = (queue: DeadLetterQueue, message: Message): LetterSummary => {
  let event: { id?: unknown; 'detail-type'?: unknown; detail?: unknown } = {};
  try {
    event = JSON.parse(message.Body ?? '{}') as typeof event;
  } catch {
    // not an event (a hand-written message): shown by its id only
  }
  const attributes = message.MessageAttributes ?? {};
  // Lambda's dead letters carry ErrorMessage, EventBridge's (a rule target's) ERROR_MESSAGE.
  // The runtime's error text can quote an address (SES: "… failed the check: <address>").
  const error = redactAddresses(
    attributes.ErrorMessage?.StringValue ?? attributes.ERROR_MESSAGE?.StringValue ?? '',
  );
  const sent = Number(message.Attributes?.SentTimestamp);
  return {
    queue: queue.name,
    rule: queue.owner,
    messageId: message.MessageId ?? '',
    detailType: typeof event['detail-type'] === 'string' ? event['detail-type'] : '?',
    busEventId: typeof event.id === 'string' ? event.id : '?',
    error,
    failedAt: Number.isFinite(sent) ? new Date(sent).toISOString() : '',
  };
};

export const deadLetterQueues = (target: Target) => {
  const sqs = new SQSClient(clientConfig(target, target.sqsEndpoint));
  const lambda = new LambdaClient(clientConfig(target, target.lambdaEndpoint));
  const events = new EventBridgeClient(clientConfig(target, target.eventsEndpoint));
  let streams: DynamoDBStreamsClient | undefined;
  const onBus = busRedrive({
    events,
    eventBusName: target.eventBusName,
    streams: () => {
      streams ??= new DynamoDBStreamsClient(clientConfig(target, target.streamsEndpoint));
      return streams;
    },
  });
  /** One letter to its function (RequestResponse): undefined when it returned, else its error. */
  const invokeFunction = async (functionName: string, body: string): Promise<string | undefined> => {
    const answer = await lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'RequestResponse',
        Payload: Buffer.from(redrivePayload(body), 'utf8'),
      }),
    );
    if (!answer.FunctionError && (answer.StatusCode ?? 200) < 300) return undefined;
    try {
      const payload = JSON.parse(Buffer.from(answer.Payload ?? new Uint8Array()).toString('utf8')) as {
        errorMessage?: string;
      };
      return payload.errorMessage ?? answer.FunctionError ?? `status ${answer.StatusCode}`;
    } catch {
      // the function error's name is all there is
      return answer.FunctionError ?? `status ${answer.StatusCode}`;
    }
  };
  /** The letters of the queues with no function: their events go on the bus again. */
  const BUS_OWNERS: Record<string, (body: string) => Promise<string | undefined>> = {
    timers: onBus.timerLetter,
    'outbox-pipe': onBus.pipeLetter,
  };
  const call = async <T>(service: 'SQS' | 'Lambda', send: () => Promise<T>): Promise<T> => {
    try {
      return await send();
    } catch (error) {
      throw unreachable(
        target,
        service,
        service === 'SQS' ? target.sqsEndpoint : target.lambdaEndpoint,
        error,
      );
    }
  };
  const counts = async (url: string) => {
    const { Attributes } = await call('SQS', () =>
      sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      ),
    );
    return {
      messages: Number(Attributes?.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
    };
  };
  const receive = (queue: DeadLetterQueue, visibility: number, batch = 1) =>
    call('SQS', () =>
      sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.url,
          MaxNumberOfMessages: batch,
          VisibilityTimeout: visibility,
          // Long polling asks every SQS server: a short poll may miss the one letter there is.
          WaitTimeSeconds: 1,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['SentTimestamp'],
        }),
      ),
    );

  /** The stage's dead-letter queues (optionally one owner's), with their depth. */
  const list = async (owner?: string): Promise<DeadLetterQueue[]> => {
    const urls: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await call('SQS', () =>
        sqs.send(
          new ListQueuesCommand({
            QueueNamePrefix: deadLetterQueuePrefix(target.stage),
            MaxResults: 1000,
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        ),
      );
      urls.push(...(page.QueueUrls ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    const queues: DeadLetterQueue[] = [];
    for (const url of urls.sort()) {
      const name = url.slice(url.lastIndexOf('/') + 1);
      const { Tags } = await call('SQS', () => sqs.send(new ListQueueTagsCommand({ QueueUrl: url })));
      const queueOwner =
        Tags?.[DEAD_LETTER_TAG.owner] ?? name.slice(deadLetterQueuePrefix(target.stage).length);
      if (owner !== undefined && queueOwner !== owner) continue;
      const functionName = Tags?.[DEAD_LETTER_TAG.function];
      queues.push({
        name,
        url,
        owner: queueOwner,
        ...(functionName ? { functionName } : {}),
        ...(await counts(url)),
      });
    }
    return queues;
  };

  /** Up to ten letters of a queue, left where they are (received with a visibility timeout of 0). */
  const peek = async (queue: DeadLetterQueue): Promise<LetterSummary[]> => {
    if (queue.messages === 0) return [];
    const { Messages } = await receive(queue, 0, 10);
    return (Messages ?? []).map((message) => summary(queue, message));
  };

  /**
   * Each letter to its function (Invoke, RequestResponse, the body as the payload), deleted only
   * once the function returned without error. Pass after pass until one brings nothing new; what
   * failed again is made visible again at the end, for the next redrive.
   */
  const redrive = async (queues: readonly DeadLetterQueue[]): Promise<RedriveResult> => {
    const result: RedriveResult = { redriven: [], failedAgain: [], remaining: 0, notRedrivable: [] };
    for (const queue of queues) {
      const toBus = BUS_OWNERS[queue.owner];
      if (!queue.functionName && !toBus) {
        if (queue.messages + queue.inFlight > 0)
          result.notRedrivable.push({
            queue: queue.name,
            owner: queue.owner,
            messages: queue.messages + queue.inFlight,
          });
        continue;
      }
      // Nothing visible to receive (counts lag up to a minute on a stage; a letter that young
      // waits for the next redrive): skip the second of long polling an empty queue costs.
      if (queue.messages === 0) {
        result.remaining += queue.inFlight;
        continue;
      }
      const functionName = queue.functionName;
      // The tag is only trusted when it names the function this stage gives that owner: a letter
      // holds an event with ids (and an error text), and must not go to a function a tag points at.
      if (!toBus && functionName !== consumerFunctionName(target.stage, queue.owner)) {
        result.notRedrivable.push({
          queue: queue.name,
          owner: queue.owner,
          messages: queue.messages + queue.inFlight,
        });
        continue;
      }
      // One letter at a time, hidden for the longest a Lambda can run, so that its receipt handle
      // is fresh when it is deleted. What failed again keeps its newest handle and is shown again
      // at the end (finally), even if the redrive stops on an error.
      const failed = new Map<string, string>();
      const handled = new Set<string>();
      // Enough receives for every letter there was, plus some that arrive meanwhile; never endless.
      let budget = 2 * (queue.messages + queue.inFlight) + 10;
      try {
        while (budget-- > 0) {
          const message = (await receive(queue, REDRIVE_VISIBILITY_S)).Messages?.[0];
          if (!message) break;
          const id = message.MessageId ?? '';
          if (failed.has(id) || handled.has(id)) {
            // Seen before: its hiding ran out (a very slow pass). Keep the newest handle and stop.
            if (message.ReceiptHandle && failed.has(id)) failed.set(id, message.ReceiptHandle);
            break;
          }
          let error: string | undefined;
          try {
            error = toBus
              ? await toBus(message.Body ?? '')
              : await invokeFunction(functionName as string, message.Body ?? '{}');
          } catch (deliveryError) {
            // Throttled, or a 5xx after the client's retries: this letter failed, not the redrive.
            const failure = deliveryError as Error;
            error = `${toBus ? 'PutEvents' : 'Invoke'} failed: ${failure.name}: ${failure.message}`;
          }
          if (error !== undefined) {
            failed.set(id, message.ReceiptHandle ?? '');
            result.failedAgain.push({ ...summary(queue, message), error: redactAddresses(error) });
            continue;
          }
          await call('SQS', () =>
            sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: message.ReceiptHandle })),
          );
          handled.add(id);
          result.redriven.push(summary(queue, message));
        }
      } finally {
        for (const receiptHandle of failed.values())
          await sqs
            .send(
              new ChangeMessageVisibilityCommand({
                QueueUrl: queue.url,
                ReceiptHandle: receiptHandle,
                VisibilityTimeout: 0,
              }),
            )
            // Best effort: a letter left hidden shows again after REDRIVE_VISIBILITY_S by itself.
            .catch(() => undefined);
      }
      const after = await counts(queue.url);
      result.remaining += after.messages + after.inFlight;
    }
    return result;
  };

  return {
    list,
    peek,
    redrive,
    close: () => {
      sqs.destroy();
      lambda.destroy();
      events.destroy();
      streams?.destroy();
    },
  };
};
