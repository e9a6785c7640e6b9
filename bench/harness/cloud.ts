/**
 * The local cloud of one measurement: started the same way for all of them (a table of its own, the
 * demo seed without its upcoming meetings, no scheduler polling, a short bus backoff), and stopped
 * with everything it brought up, whatever happened.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../functions/shared/ports';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local';
import { freePort } from '../../local/free-port';
import type { LocalClock } from '../../local/local-clock';
import { type LocalCloud, startLocalCloud } from '../../local/local-cloud';
import { type CapacityProxy, startCapacityProxy } from '../capacity-proxy';
import { type BenchHttp, benchHttp } from './http';

/** What differs between the measurements' clouds: the table, metering, the clock. */
export interface BenchCloudOptions {
  tableName: string;
  /**
   * Meter DynamoDB: a DynamoDB Local of the measurement's own, the capacity proxy in front of it
   * and the cloud pointed at the proxy, so that every unit the product uses is counted, while the
   * measurement's own setup and reads can go to `dynamo.endpoint` directly, unmetered.
   */
  metered?: boolean;
  /** A frozen clock the measurement moves itself; default the system clock. */
  clock?: LocalClock;
  /** Logs "local cloud up in … s" when given (with the measurement's prefix). */
  log?: (line: string) => void;
}

/** A started bench cloud: the local cloud, its API client, a DynamoDB client, and its stop. */
export interface BenchCloud {
  cloud: LocalCloud;
  http: BenchHttp;
  /** A document client on the cloud's DynamoDB endpoint (the proxy when metered). */
  db: DynamoDBDocumentClient;
  /** Metered only: the DynamoDB Local behind the proxy, and the proxy. */
  dynamo?: DynamoDbLocal;
  proxy?: CapacityProxy;
  /** Stops the cloud, then the proxy and DynamoDB Local behind it. */
  stop(): Promise<void>;
}

/** The settings of a client of a local DynamoDB endpoint (DynamoDB Local takes any credentials). */
export const localClientConfig = (endpoint: string) => ({
  endpoint,
  region: 'eu-north-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

/** A low-level DynamoDB client of a local endpoint (table creation, scans of raw items). */
export const localDynamoClient = (endpoint: string, config: DynamoDBClientConfig = {}) =>
  new DynamoDBClient({ ...localClientConfig(endpoint), ...config });

/** The product's own document client (its marshalling options) on `endpoint`. */
export const localDocumentClient = (endpoint: string): DynamoDBDocumentClient =>
  documentClient({ AWS_REGION: 'eu-north-1', DYNAMODB_ENDPOINT: endpoint });

/** Starts the local cloud of a measurement; on failure stops whatever had started. */
export const startBenchCloud = async (options: BenchCloudOptions): Promise<BenchCloud> => {
  // The handlers log every request at info; a benchmark measures work, not console output.
  process.env.LOG_LEVEL ??= 'silent';
  const started = Date.now();
  let dynamo: DynamoDbLocal | undefined;
  let proxy: CapacityProxy | undefined;
  const stopBehind = async () => {
    await proxy?.stop();
    await dynamo?.stop();
  };
  let cloud: LocalCloud;
  try {
    if (options.metered) {
      dynamo = await startDynamoDbLocal({ port: await freePort() });
      proxy = await startCapacityProxy(dynamo.endpoint);
    }
    cloud = await startLocalCloud({
      port: 0,
      sesPort: 0,
      ...(proxy ? { dynamoDbPort: 0, dynamoDbEndpoint: proxy.endpoint } : { dynamoDbPort: await freePort() }),
      tableName: options.tableName,
      seed: true,
      seedMeetings: false,
      schedulerPollMs: 0,
      busBackoffMs: 50,
      ...(options.clock ? { clock: options.clock } : {}),
    });
  } catch (error) {
    await stopBehind();
    throw error;
  }
  options.log?.(`local cloud up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const db = localDocumentClient(cloud.dynamoDbEndpoint);
  const up = cloud;
  return {
    cloud: up,
    http: benchHttp(up),
    db,
    ...(dynamo ? { dynamo } : {}),
    ...(proxy ? { proxy } : {}),
    stop: async () => {
      db.destroy();
      try {
        await up.stop();
      } finally {
        await stopBehind();
      }
    },
  };
};

/** The proxy and DynamoDB Local of a cloud started `metered`; throws for one that was not. */
export const meteredParts = (bench: BenchCloud): { proxy: CapacityProxy; dynamo: DynamoDbLocal } => {
  if (!bench.proxy || !bench.dynamo) throw new Error('This bench cloud was not started metered');
  return { proxy: bench.proxy, dynamo: bench.dynamo };
};
