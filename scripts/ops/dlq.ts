import { join } from 'node:path';
import { letterSummary, readDeadLetters } from '../../local/event-bus';
import { stringFlag } from './cli-args';
import type { Command } from './command';
import { ApiRefusal, OpsFailure } from './ops-errors';
import { localStateDir } from './target';

/** The local cloud's dead-letter file (the consumers' SQS dead-letter queues in AWS). */
export const dlqList: Command = {
  name: 'dlq list',
  usage: '',
  summary: 'List the dead letters: the events a consumer could not handle after all retries',
  options: [
    '--state-dir <folder>   the local cloud state folder (default .local, or LOCAL_STATE_DIR)',
    '--file <path>          a dead-letter file instead (JSON lines)',
    "--aws                  the consumers' SQS dead-letter queues in AWS instead (needs @aws-sdk/client-sqs)",
    'JSON: {"deadLetters":[{rule, detailType, busEventId, error, failedAt}]}',
  ],
  flags: ['state-dir', 'file', 'aws'],
  targeted: false,
  arity: [0, 0],
  run: async ({ parsed, io, print }) => {
    if (parsed.flags.has('aws')) {
      // Reading SQS needs its client, which this project does not install.
      try {
        // A computed name: the type checker must not insist on a package that is not installed.
        await import(['@aws-sdk', 'client-sqs'].join('/'));
      } catch {
        throw new OpsFailure(
          'dlq list --aws needs @aws-sdk/client-sqs, which is not installed in this project.',
          'NOT_INSTALLED',
        );
      }
      throw new OpsFailure(
        'dlq list --aws is not implemented yet: use the SQS console or `aws sqs receive-message`.',
        'NOT_IMPLEMENTED',
      );
    }
    const file = stringFlag(parsed, 'file') ?? join(localStateDir(parsed, io.env), 'dead-letters.jsonl');
    let letters: ReturnType<typeof letterSummary>[];
    try {
      letters = readDeadLetters(file).map(letterSummary);
    } catch (error) {
      throw new OpsFailure(`Could not read ${file}: ${(error as Error).message}`, 'FILE_UNREADABLE');
    }
    print({ deadLetters: letters }, () =>
      letters.length === 0
        ? `No dead letters (${file}).\n`
        : [
            `${letters.length} dead letter${letters.length === 1 ? '' : 's'} (${file}):\n`,
            ...letters.map(
              (letter) =>
                `  ${letter.failedAt}  ${letter.rule}  ${letter.detailType}  ${letter.error.slice(0, 120)}\n`,
            ),
            'Replay them with: npm run ops -- dlq redrive\n',
          ].join(''),
    );
    return 0;
  },
};

interface RedriveAnswer {
  redriven?: unknown[];
  failedAgain?: Array<{ rule: string; error: string }>;
  remaining?: number;
}

/** POST /_local/dlq/redrive: the local cloud replays its dead letters through its bus. */
export const dlqRedrive: Command = {
  name: 'dlq redrive',
  usage: '',
  summary:
    'Replay the dead letters through the running local cloud (npm start); handled ones leave the queue',
  options: [
    '--rule <consumer>      only the letters of this consumer',
    '--api <url>            the local cloud (default http://127.0.0.1:$PORT, PORT 3000)',
    '--token <jwt>          the admin token (default: <state folder>/admin-token)',
    '--state-dir <folder>   the local cloud state folder (default .local, or LOCAL_STATE_DIR)',
    'JSON: {redriven, failedAgain, remaining}; exit 1 while letters still fail',
  ],
  flags: ['rule', 'api', 'token', 'state-dir'],
  targeted: false,
  arity: [0, 0],
  run: async ({ parsed, api, print }) => {
    const rule = stringFlag(parsed, 'rule');
    let body: RedriveAnswer;
    try {
      body = (
        await (await api()).call<RedriveAnswer>('POST', '/_local/dlq/redrive', { json: rule ? { rule } : {} })
      ).body;
    } catch (error) {
      if (error instanceof ApiRefusal)
        throw new ApiRefusal(
          error.status,
          error.code,
          `The local cloud refused the redrive (${error.status}): ${error.message}`,
        );
      throw error;
    }
    const failedAgain = body.failedAgain ?? [];
    print(body, () =>
      [
        `Redriven ${body.redriven?.length ?? 0}, failed again ${failedAgain.length}, left in the queue ${body.remaining ?? 0}.\n`,
        ...failedAgain.map((letter) => `  still failing: ${letter.rule}  ${letter.error.slice(0, 120)}\n`),
      ].join(''),
    );
    return failedAgain.length === 0 ? 0 : 1;
  },
};
