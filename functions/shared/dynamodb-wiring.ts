import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from './config';
import { type Container, perContainer } from './per-container';

export const documentClient = (
  cfg: Pick<Config, 'AWS_REGION' | 'DYNAMODB_ENDPOINT'>,
): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: cfg.AWS_REGION,
      ...(cfg.DYNAMODB_ENDPOINT ? { endpoint: cfg.DYNAMODB_ENDPOINT } : {}),
      maxAttempts: 5,
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );

/** The container's one document client, shared by all the DynamoDB adapters of the function. */
export const dynamoDbClient = /* @__PURE__ */ perContainer(({ cfg }) => documentClient(cfg));

/** What a DynamoDB adapter is built from: the shared client, the table, the clock and the ids. */
export interface DynamoDbContainer extends Container {
  db: DynamoDBDocumentClient;
  table: string;
}

/**
 * A handler's ports, built once per container on first use. Each handler names the adapters it
 * uses here (the composition root of one function), so that its bundle holds only those:
 *
 * ```ts
 * export const handler = createHandler(
 *   dynamoDbPorts(({ db, table, clock, ids }) => ({
 *     clock,
 *     meetings: new DynamoDbMeetingCalendar(db, table, clock, ids),
 *   })),
 * );
 * ```
 * Mail, timers and the link-token key come from ses-wiring.ts, scheduler-wiring.ts and
 * link-token-key.ts, each also once per container.
 */
export const dynamoDbPorts = <P>(build: (container: DynamoDbContainer) => P): (() => P) =>
  perContainer((container) => build({ ...container, db: dynamoDbClient(), table: container.cfg.TABLE_NAME }));
