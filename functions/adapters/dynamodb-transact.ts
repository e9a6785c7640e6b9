import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a cancelled transaction lost a race with another one (worth retrying as is). */
export const isTransactionConflict = (error: unknown): boolean =>
  error instanceof TransactionCanceledException &&
  (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict');

/**
 * TransactWriteItems, retried with jittered backoff while it collides with concurrent
 * transactions on the same items. Condition failures are thrown at once for the caller to read.
 */
export const transactWrite = async (
  db: DynamoDBDocumentClient,
  input: TransactWriteCommandInput,
  maxAttempts = 12,
): Promise<void> => {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.send(new TransactWriteCommand(input));
      return;
    } catch (error) {
      if (attempt >= maxAttempts || !isTransactionConflict(error)) throw error;
      await sleep(Math.random() * Math.min(1000, 10 * 2 ** attempt));
    }
  }
};

/** The cancellation reason code of item `index`, if the transaction was cancelled. */
export const cancellationCode = (error: unknown, index: number): string | undefined =>
  error instanceof TransactionCanceledException ? error.CancellationReasons?.[index]?.Code : undefined;
