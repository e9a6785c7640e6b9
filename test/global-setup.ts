import { startDynamoDbLocal } from '../local/dynamodb-local';
import { freePort } from '../local/free-port';

/**
 * Starts one in-memory DynamoDB Local for every test file of this jest run that needs the real
 * database. Jest runs this in the parent process before it starts the workers, so the endpoint
 * reaches them through the environment; the process handle stays on globalThis for the teardown.
 */
export default async function globalSetup(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  process.env.LOG_LEVEL ??= 'silent';
  // Every integration file's tables live in this one in-memory instance for the whole run: 256 MB
  // is tight for that (a full run saw 500s late, under the concurrency tests; heap pressure is the
  // suspect, not proven). 1 GB held until issue 16 added ~20 integration tests; then the same 500s
  // came back late in a CI run (registration-flow, 2026-12-08) while the file passed alone. The
  // machines have 24 GB.
  const dynamo = await startDynamoDbLocal({ port: await freePort(), maxHeap: '3g' });
  process.env.TEST_DYNAMODB_ENDPOINT = dynamo.endpoint;
  (globalThis as { __testDynamoDb?: typeof dynamo }).__testDynamoDb = dynamo;
}
