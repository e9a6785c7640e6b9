import type { DynamoDbLocal } from '../local/dynamodb-local';

/** Stops the DynamoDB Local that test/global-setup.ts started. */
export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __testDynamoDb?: DynamoDbLocal }).__testDynamoDb?.stop();
}
