import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Target } from './target';

const isLoopback = (endpoint: string) => /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(endpoint);

/**
 * A DynamoDB client for the target's table: DynamoDB Local with the local cloud's fake
 * credentials, or the real service in the stage's region with the caller's credentials.
 */
export const tableClient = (target: Target): DynamoDBClient =>
  new DynamoDBClient({
    region: target.region,
    maxAttempts: 5,
    ...(target.dynamoDbEndpoint ? { endpoint: target.dynamoDbEndpoint } : {}),
    ...(target.dynamoDbEndpoint && isLoopback(target.dynamoDbEndpoint)
      ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
