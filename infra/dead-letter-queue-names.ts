/**
 * The names by which an operator's tools find a stage's dead letters without reading its
 * template: every dead-letter queue is `MunicipalNetwork-<stage>-dlq-<owner>` and tagged with its
 * owner (a consumer of the events catalogue, a job, or the pipe and the timers) and, where a
 * function handles what lands there, that function's name. `npm run ops -- dlq list` lists the
 * queues by the prefix; `dlq redrive` invokes the tagged function. No CDK import: the ops CLI and
 * the local cloud read this file too.
 */

/** SQS allows 80 characters in a queue name, Lambda 64 in a function name. */
const QUEUE_NAME_MAX = 80;
const FUNCTION_NAME_MAX = 64;

export const deadLetterQueuePrefix = (stage: string): string => `MunicipalNetwork-${stage}-dlq-`;

const checked = (name: string, max: number, what: string): string => {
  if (name.length > max || !/^[A-Za-z0-9_-]+$/.test(name))
    throw new Error(`${what} ${name} must be at most ${max} letters, digits, - or _`);
  return name;
};

/** The queue where what `owner` could not handle lands. */
export const deadLetterQueueName = (stage: string, owner: string): string =>
  checked(`${deadLetterQueuePrefix(stage)}${owner}`, QUEUE_NAME_MAX, 'The dead-letter queue name');

/**
 * The physical name of a consumer's (or job's) function: deterministic, so that its queue's tag
 * can name it. A tag holding the function's generated name (a `Ref`) would make the queue depend
 * on the function that already depends on the queue (its dead-letter target): a cycle
 * CloudFormation refuses at deploy time.
 */
export const consumerFunctionName = (stage: string, owner: string): string =>
  checked(`MunicipalNetwork-${stage}-${owner}`, FUNCTION_NAME_MAX, 'The function name');

/** The tags every dead-letter queue carries. */
export const DEAD_LETTER_TAG = {
  /** The consumer, job or service whose failures land there (`send-registration-confirmation`). */
  owner: 'Consumer',
  /** The function that handles them; absent where no function does (the pipe, the timers). */
  function: 'ConsumerFunction',
} as const;

/** The owners of dead-letter queues besides the catalogue's consumers, with their redrive. */
export const OTHER_DEAD_LETTER_OWNERS = {
  /** The daily retention job: a redrive runs it again. */
  'purge-expired-personal-data': { hasFunction: true },
  /** SES bounces and complaints: a redrive hands the notification to its function again. */
  'ses-feedback': { hasFunction: true },
  /** Stream records the outbox pipe could not put on the bus (docs/operations.md). */
  'outbox-pipe': { hasFunction: false },
  /** Timer events the bus refused (docs/operations.md). */
  timers: { hasFunction: false },
} as const;
