import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Parsed, stringFlag } from './cli-args';
import { OpsFailure, UsageError } from './ops-errors';
import { onlyStageIn, outputsFromCloudFormation, outputsFromFile, type StackOutputs } from './stack-outputs';

const repoRoot = join(import.meta.dirname, '..', '..');

/** Where a command acts: the local cloud of `npm start` (default) or a deployed stage. */
export interface Target {
  kind: 'local' | 'stage';
  /** `local`, or the stage's name. */
  name: string;
  apiUrl: string;
  region: string;
  tableName: string;
  /** Set for the local cloud (loopback); absent in AWS, where the SDK finds the service. */
  dynamoDbEndpoint?: string;
  sesEndpoint?: string;
  /**
   * The stage whose resources are named `MunicipalNetwork-<stage>-…` (`local` for the local cloud,
   * whose AWS control plane names its dead-letter queues as a deployed stage does).
   */
  stage: string;
  /**
   * Where the SQS and Lambda clients go: the local cloud's AWS control plane, or on a stage
   * AWS_ENDPOINT_URL_SQS / AWS_ENDPOINT_URL_LAMBDA (or AWS_ENDPOINT_URL); absent = AWS itself.
   */
  sqsEndpoint?: string;
  lambdaEndpoint?: string;
  /** Where the EventBridge client goes (PutEvents of a redrive): as the SQS one, AWS_ENDPOINT_URL_EVENTS on a stage. */
  eventsEndpoint?: string;
  /** Where the DynamoDB Streams client goes (a pipe letter's records): DynamoDB's endpoint, locally. */
  streamsEndpoint?: string;
  /** The stage's event bus (output EventBusName; locally the table's name, as the local cloud names it). */
  eventBusName: string;
  /** The local cloud's state folder (admin token, link-token key, dead letters). */
  stateDir: string;
  /** The admin bearer token, read only by commands that call the admin API. */
  token(): Promise<string>;
}

/** The options every command that reaches a target takes. */
export const TARGET_FLAGS = [
  'stage',
  'outputs',
  'token',
  'api',
  'state-dir',
  'region',
  'table',
  'dynamodb-endpoint',
  'ses-endpoint',
  'aws-endpoint',
];

export const TARGET_HELP = [
  'Target (default: the local cloud of `npm start`):',
  '  --stage <name>            a deployed stage: the outputs of its stack MunicipalNetwork-<name>-Api from',
  '                            CloudFormation (DescribeStacks), with your AWS credentials and region (the',
  '                            SDK’s default chain: AWS_PROFILE, AWS_ACCESS_KEY_ID…, AWS_REGION). Endpoints',
  '                            from AWS_ENDPOINT_URL_CLOUDFORMATION, _SQS, _LAMBDA, _DYNAMODB (or AWS_ENDPOINT_URL)',
  '                            when set: `--stage local` with them at the local cloud’s AWS APIs rehearses a stage',
  '  --outputs <file>          the stack outputs as `cdk deploy --outputs-file` writes them, instead of',
  '                            asking CloudFormation',
  '  --token <jwt>             admin bearer token (stage: or env OPS_TOKEN, a Cognito access token of',
  '                            an admin user; local: default <state folder>/admin-token)',
  '  --api <url>               local API (default http://127.0.0.1:$PORT, PORT 3000)',
  '  --state-dir <folder>      local state folder (default .local, or LOCAL_STATE_DIR)',
  '  --region <region>         AWS region (default AWS_REGION, else your profile’s, else the ApiUrl’s)',
  '  --table <name>            table (local default TABLE_NAME or municipal-network; stage: TableName output)',
  '  --dynamodb-endpoint <url> DynamoDB endpoint (local default http://127.0.0.1:$DYNAMODB_PORT, 8000;',
  '                            stage: AWS_ENDPOINT_URL_DYNAMODB, else AWS)',
  '  --ses-endpoint <url>      SES endpoint (local default http://127.0.0.1:$SES_PORT, 8005)',
  '  --aws-endpoint <url>      the local cloud’s AWS APIs: SQS dead letters, Lambda (default: what the',
  '                            running cloud wrote in <state folder>/aws-endpoint, else http://127.0.0.1:$AWS_PORT, 8006)',
];

type Env = Record<string, string | undefined>;

export const localStateDir = (parsed: Parsed, env: Env): string =>
  stringFlag(parsed, 'state-dir') ?? env.LOCAL_STATE_DIR ?? join(repoRoot, '.local');

/** fetch resolves `localhost` to ::1 first on some machines; the local cloud listens on 127.0.0.1. */
const loopback = (url: string) => url.replace('//localhost', '//127.0.0.1').replace(/\/$/, '');

const regionOf = (apiUrl: string): string | undefined =>
  /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com/.exec(apiUrl)?.[1];

/** The local cloud's AWS control plane: the flag, else what the running cloud wrote, else the default port. */
const localAwsEndpoint = (parsed: Parsed, env: Env, stateDir: string): string => {
  const given = stringFlag(parsed, 'aws-endpoint');
  if (given) return loopback(given);
  try {
    const written = readFileSync(join(stateDir, 'aws-endpoint'), 'utf8').trim();
    if (written) return written;
  } catch {
    // not started with this state folder (yet): the default port
  }
  return `http://127.0.0.1:${env.AWS_PORT ?? 8006}`;
};

/** An endpoint the SDK would take from the environment (read here too: tests pass their own env). */
const envEndpoint = (
  env: Env,
  service: 'CLOUDFORMATION' | 'SQS' | 'LAMBDA' | 'DYNAMODB' | 'EVENTS' | 'DYNAMODB_STREAMS',
) => env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined;

const localTarget = (parsed: Parsed, env: Env): Target => {
  const stateDir = localStateDir(parsed, env);
  const given = stringFlag(parsed, 'token');
  const awsEndpoint = localAwsEndpoint(parsed, env, stateDir);
  const tableName = stringFlag(parsed, 'table') ?? env.TABLE_NAME ?? 'municipal-network';
  const dynamoDbEndpoint =
    stringFlag(parsed, 'dynamodb-endpoint') ?? `http://127.0.0.1:${env.DYNAMODB_PORT ?? 8000}`;
  return {
    kind: 'local',
    name: 'local',
    apiUrl: loopback(stringFlag(parsed, 'api') ?? `http://127.0.0.1:${env.PORT ?? 3000}`),
    region: stringFlag(parsed, 'region') ?? 'eu-north-1',
    tableName,
    dynamoDbEndpoint,
    sesEndpoint: stringFlag(parsed, 'ses-endpoint') ?? `http://127.0.0.1:${env.SES_PORT ?? 8005}`,
    stage: 'local',
    sqsEndpoint: awsEndpoint,
    lambdaEndpoint: awsEndpoint,
    eventsEndpoint: awsEndpoint,
    streamsEndpoint: dynamoDbEndpoint,
    eventBusName: tableName,
    stateDir,
    token: async () => {
      if (given) return given;
      try {
        return readFileSync(join(stateDir, 'admin-token'), 'utf8').trim();
      } catch {
        throw new OpsFailure(
          `No admin token in ${stateDir}: start the local cloud (npm start), or pass --token.`,
          'NO_TOKEN',
        );
      }
    },
  };
};

/**
 * The target of a command line: `--stage`/`--outputs` name a deployed stage (its ApiUrl and
 * TableName from the stack outputs, the caller's AWS credentials, a Cognito token from --token or
 * OPS_TOKEN); otherwise the local cloud. A local outputs file works exactly like a stage's.
 */
export const resolveTarget = async (parsed: Parsed, env: Env): Promise<Target> => {
  const stage = stringFlag(parsed, 'stage');
  const outputsFile = stringFlag(parsed, 'outputs');
  if (!stage && !outputsFile) return localTarget(parsed, env);
  if (stage !== undefined && !/^[a-z][a-z0-9]*$/.test(stage))
    throw new UsageError(`--stage must be lower-case alphanumeric (as in cdk.json), got ${stage}`);
  for (const localOnly of ['api', 'aws-endpoint'])
    if (parsed.flags.has(localOnly))
      throw new UsageError(
        `--${localOnly} is for the local cloud; on a stage it comes from the outputs or the AWS_ENDPOINT_URL_* variables`,
      );
  const envRegion = stringFlag(parsed, 'region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  let outputs: StackOutputs;
  let stageName: string;
  let region = envRegion;
  if (outputsFile) {
    outputs = outputsFromFile(outputsFile, stage);
    stageName = stage ?? onlyStageIn(outputsFile);
  } else {
    const described = await outputsFromCloudFormation(stage as string, {
      ...(envRegion ? { region: envRegion } : {}),
      ...(envEndpoint(env, 'CLOUDFORMATION') ? { endpoint: envEndpoint(env, 'CLOUDFORMATION') } : {}),
    });
    outputs = described.outputs;
    region = described.region;
    stageName = stage as string;
  }
  const apiUrl = outputs.ApiUrl;
  if (!apiUrl)
    throw new OpsFailure(`The stack outputs of ${stage ?? outputsFile} name no ApiUrl`, 'NO_OUTPUTS');
  const given = stringFlag(parsed, 'token') ?? env.OPS_TOKEN;
  const dynamoDbEndpoint = stringFlag(parsed, 'dynamodb-endpoint') ?? envEndpoint(env, 'DYNAMODB');
  const sesEndpoint = stringFlag(parsed, 'ses-endpoint');
  const sqsEndpoint = envEndpoint(env, 'SQS');
  const lambdaEndpoint = envEndpoint(env, 'LAMBDA');
  const eventsEndpoint = envEndpoint(env, 'EVENTS');
  const streamsEndpoint = envEndpoint(env, 'DYNAMODB_STREAMS');
  return {
    kind: 'stage',
    name: stage ?? outputsFile ?? 'stage',
    apiUrl: loopback(apiUrl),
    region: region ?? regionOf(apiUrl) ?? 'eu-north-1',
    tableName: stringFlag(parsed, 'table') ?? outputs.TableName ?? '',
    ...(dynamoDbEndpoint ? { dynamoDbEndpoint } : {}),
    ...(sesEndpoint ? { sesEndpoint } : {}),
    stage: stageName,
    ...(sqsEndpoint ? { sqsEndpoint } : {}),
    ...(lambdaEndpoint ? { lambdaEndpoint } : {}),
    ...(eventsEndpoint ? { eventsEndpoint } : {}),
    ...(streamsEndpoint ? { streamsEndpoint } : {}),
    eventBusName: outputs.EventBusName ?? '',
    stateDir: localStateDir(parsed, env),
    token: async () => {
      if (given) return given;
      throw new OpsFailure(
        'A deployed stage needs an admin token: --token <jwt> or env OPS_TOKEN, the access token of a ' +
          `Cognito user of the stage's user pool (outputs UserPoolId ${outputs.UserPoolId ?? '?'}, ` +
          `client ${outputs.UserPoolClientId ?? '?'}; valid one hour). See docs/operations.md.`,
        'NO_TOKEN',
      );
    },
  };
};
