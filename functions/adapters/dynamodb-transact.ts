import { TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { logger } from '../shared/logger';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a cancelled transaction lost a race with another one (worth retrying as is). */
export const isTransactionConflict = (error: unknown): boolean =>
  error instanceof TransactionCanceledException &&
  (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict');

/**
 * Whether a single-item write was refused because a transaction holds the item right now. The SDK
 * does not retry this one by itself (it is not in its throttling list): the caller backs off.
 */
export const isItemConflict = (error: unknown): boolean =>
  error instanceof TransactionConflictException ||
  (error instanceof Error && error.name === 'TransactionConflictException');

/**
 * How long a writer keeps retrying a transaction that collides with others on the same item. A
 * budget in time rather than in attempts: under a burst the collisions last as long as the others
 * take to commit, which depends on the load, not on how often one retries. It stays under the
 * HTTP functions' 10 s timeout.
 */
export const CONFLICT_RETRY_BUDGET_MS = 7000;

/** Full-jitter exponential backoff, capped at 500 ms. */
export const conflictBackoff = (attempt: number): Promise<void> =>
  sleep(Math.random() * Math.min(500, 10 * 2 ** attempt));

/**
 * TransactWriteItems, retried with jittered backoff while it collides with concurrent
 * transactions on the same items (for up to CONFLICT_RETRY_BUDGET_MS). Condition failures are
 * thrown at once for the caller to read.
 */
export const transactWrite = async (
  db: DynamoDBDocumentClient,
  input: TransactWriteCommandInput,
  budgetMs = CONFLICT_RETRY_BUDGET_MS,
): Promise<void> => {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      await db.send(new TransactWriteCommand(input));
      return;
    } catch (error) {
      if (Date.now() - started >= budgetMs || !isTransactionConflict(error)) throw error;
      logger.debug('transaction conflict: retrying', { attempt, elapsedMs: Date.now() - started });
      await conflictBackoff(attempt);
    }
  }
};

/** The cancellation reason code of item `index`, if the transaction was cancelled. */
export const cancellationCode = (error: unknown, index: number): string | undefined =>
  error instanceof TransactionCanceledException ? error.CancellationReasons?.[index]?.Code : undefined;

/**
 * Whether DynamoDB refused a write for throughput (after the SDK's own retries): the write was not
 * applied, so the request may be sent again; it is contention, not a fault.
 */
export const isThrottled = (error: unknown): boolean =>
  error instanceof Error &&
  ['ThrottlingException', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded'].includes(
    error.name,
  );
