import { stringFlag } from './cli-args';
import type { Command } from './command';
import type { DeadLetterQueue, deadLetterQueues, LetterSummary } from './dead-letter-queues';
import type { Target } from './target';

/**
 * `dlq list` and `dlq redrive`: the stage's dead-letter queues through SQS and Lambda, one code
 * path for the local cloud (its AWS control plane) and a deployed stage (scripts/ops/dead-letter-queues.ts).
 */
const RULE_OPTION =
  '--rule <consumer>      only the queue of this consumer (or job: purge-expired-personal-data, ses-feedback)';

/** Loaded on use: the SQS and Lambda clients would slow every other command's start. */
const queuesOf = async (target: Target): Promise<ReturnType<typeof deadLetterQueues>> =>
  (await import('./dead-letter-queues')).deadLetterQueues(target);

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export const dlqList: Command = {
  name: 'dlq list',
  usage: '',
  summary:
    'List the dead-letter queues and their letters: events a consumer could not handle after all retries',
  options: [
    RULE_OPTION,
    'Lists the SQS queues MunicipalNetwork-<stage>-dlq-* (the local cloud: its own, alike) with their depth,',
    'and up to ten letters of each, left in place. Needs sqs:ListQueues, ListQueueTags, GetQueueAttributes,',
    'ReceiveMessage on a stage.',
    'JSON: {"deadLetters":[{queue, rule, messageId, detailType, busEventId, error, failedAt}],',
    '       "queues":[{name, owner, functionName?, messages, inFlight}]}',
  ],
  flags: ['rule'],
  targeted: true,
  arity: [0, 0],
  run: async ({ parsed, target, print }) => {
    const where = await target();
    const queues = await queuesOf(where);
    try {
      const listed = await queues.list(stringFlag(parsed, 'rule'));
      const letters: LetterSummary[] = [];
      for (const queue of listed) letters.push(...(await queues.peek(queue)));
      const withLetters = listed.filter((queue) => queue.messages + queue.inFlight > 0);
      const total = withLetters.reduce((sum, queue) => sum + queue.messages + queue.inFlight, 0);
      print({ deadLetters: letters, queues: listed }, () =>
        total === 0
          ? `No dead letters in the ${plural(listed.length, 'dead-letter queue')} of ${where.stage}.\n`
          : [
              `${plural(total, 'dead letter')} in ${plural(withLetters.length, 'queue')} of ${where.stage}:\n`,
              ...withLetters.flatMap((queue: DeadLetterQueue) => [
                `  ${queue.name}  ${queue.messages} waiting${queue.inFlight > 0 ? `, ${queue.inFlight} being handled` : ''}${queue.functionName ? '' : '  (not redrivable: see docs/operations.md)'}\n`,
                ...letters
                  .filter((letter) => letter.queue === queue.name)
                  .map(
                    (letter) =>
                      `    ${letter.failedAt}  ${letter.detailType}  ${letter.busEventId}  ${letter.error.slice(0, 120)}\n`,
                  ),
              ]),
              'Replay them with: npm run ops -- dlq redrive [--rule <consumer>]\n',
            ].join(''),
      );
      return 0;
    } finally {
      queues.close();
    }
  },
};

export const dlqRedrive: Command = {
  name: 'dlq redrive',
  usage: '',
  summary: 'Hand each dead letter to its consumer again; a letter leaves its queue only once handled',
  options: [
    RULE_OPTION,
    'Each letter: SQS ReceiveMessage → Lambda Invoke (RequestResponse) of the function its queue’s',
    'ConsumerFunction tag names, with the event → DeleteMessage only if the function succeeded;',
    'one letter at a time (hidden 15 minutes meanwhile). What fails again stays, visible again at once.',
    'The outbox pipe’s and the timers’ letters never reached the bus: their events are put on it with',
    'EventBridge PutEvents (a timer’s letter is the event; a pipe letter’s batch is read again from the',
    'table’s stream, which keeps it 24 hours). Needs sqs:ReceiveMessage, DeleteMessage,',
    'ChangeMessageVisibility, lambda:InvokeFunction, events:PutEvents and, for pipe letters,',
    'dynamodb:GetShardIterator and GetRecords on the stream, on a stage.',
    'JSON: {redriven, failedAgain, remaining, notRedrivable}; exit 1 when a letter failed again or a',
    'queue holds letters no function can take (remaining is SQS’s lagging count and decides nothing)',
  ],
  flags: ['rule'],
  targeted: true,
  arity: [0, 0],
  run: async ({ parsed, target, print }) => {
    const where = await target();
    const queues = await queuesOf(where);
    try {
      const result = await queues.redrive(await queues.list(stringFlag(parsed, 'rule')));
      print(result, () =>
        [
          `Redriven ${result.redriven.length}, failed again ${result.failedAgain.length}, left in the queue ${result.remaining}.\n`,
          ...result.failedAgain.map(
            (letter) => `  still failing: ${letter.rule}  ${letter.error.slice(0, 120)}\n`,
          ),
          ...result.notRedrivable.map(
            (queue) =>
              `  not redrivable: ${queue.queue} holds ${plural(queue.messages, 'letter')}; nothing here can take them ` +
              '(no function of this stage is named for its owner): see docs/operations.md.\n',
          ),
        ].join(''),
      );
      return result.failedAgain.length === 0 && result.notRedrivable.length === 0 ? 0 : 1;
    } finally {
      queues.close();
    }
  },
};
