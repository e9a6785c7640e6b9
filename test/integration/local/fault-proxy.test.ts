import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterEach, describe, expect, it } from '@jest/globals';
import { type FaultProxy, operations, startFaultProxy } from '../../../local/fault-proxy';
import { type LocalSes, startLocalSes } from '../../../local/ses-local';
import { dynamoDbEndpoint } from '../../fixtures/dynamodb-endpoint';

/**
 * The fault proxy answers as the real services do, so the AWS SDK classifies its errors as
 * throttling or server errors and retries them with backoff; past its attempts the error surfaces.
 */
const started: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  for (const thing of started.splice(0)) await thing.stop();
});
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

const proxyTo = async (
  target: string,
  options: Parameters<typeof startFaultProxy>[0]['faults'],
): Promise<FaultProxy> => {
  const proxy = await startFaultProxy({ target, faults: options ?? [], seed: 1 });
  started.push(proxy);
  return proxy;
};

describe('fault proxy in front of DynamoDB Local', () => {
  it('throttles twice and the SDK succeeds on its third attempt', async () => {
    const proxy = await proxyTo(dynamoDbEndpoint(), [
      { name: 'throttle', matches: operations('ListTables'), reply: 'dynamodb-throttling', times: 2 },
    ]);
    const client = new DynamoDBClient({
      endpoint: proxy.endpoint,
      region: 'eu-north-1',
      credentials,
      maxAttempts: 5,
    });

    const answer = await client.send(new ListTablesCommand({}));

    expect(answer.$metadata.attempts).toBe(3);
    expect(proxy.injected.get('throttle')).toBe(2);
    expect(proxy.forwarded.count).toBe(1);
    client.destroy();
  });

  it('surfaces ProvisionedThroughputExceededException once every attempt was refused', async () => {
    const proxy = await proxyTo(dynamoDbEndpoint(), [
      { name: 'exceeded', matches: operations(), reply: 'dynamodb-provisioned-throughput' },
    ]);
    const client = new DynamoDBClient({
      endpoint: proxy.endpoint,
      region: 'eu-north-1',
      credentials,
      maxAttempts: 2,
    });

    const failure = await client.send(new ListTablesCommand({})).catch((error: unknown) => error);

    expect(failure).toMatchObject({
      name: 'ProvisionedThroughputExceededException',
      $metadata: { httpStatusCode: 400, attempts: 2 },
    });
    client.destroy();
  });
});

describe('fault proxy in front of the local SES', () => {
  it('answers 429 TooManyRequestsException, which the SDK retries, then sends', async () => {
    const ses: LocalSes = await startLocalSes({ port: 0 });
    started.push(ses);
    const proxy = await proxyTo(ses.endpoint, [
      { name: 'throttle', matches: () => true, reply: 'ses-too-many-requests', times: 1 },
    ]);
    const client = new SESv2Client({ endpoint: proxy.endpoint, region: 'eu-north-1', credentials });
    const send = () =>
      client.send(
        new SendEmailCommand({
          FromEmailAddress: 'noreply@network.local',
          Destination: { ToAddresses: ['someone@kommun.example'] },
          Content: { Simple: { Subject: { Data: 'Hej' }, Body: { Text: { Data: 'Hej' } } } },
        }),
      );

    const answer = await send();
    proxy.setFaults([{ name: 'down', matches: () => true, reply: 'ses-internal-error' }]);
    const failure = await send().catch((error: unknown) => error);

    expect(answer.$metadata.attempts).toBe(2);
    expect(failure).toMatchObject({ $metadata: { httpStatusCode: 500, attempts: 3 } });
    client.destroy();
  });
});
