import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Parsed, stringFlag } from './cli-args';
import { OpsFailure, UsageError } from './ops-errors';
import { outputsFromCloudFormation, outputsFromFile } from './stack-outputs';

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
];

export const TARGET_HELP = [
  'Target (default: the local cloud of `npm start`):',
  '  --stage <name>            a deployed stage: the outputs of its stacks MunicipalNetwork-<name>-*',
  '  --outputs <file>          the stack outputs as `cdk deploy --outputs-file` writes them',
  '                            (needed with --stage: @aws-sdk/client-cloudformation is not installed)',
  '  --token <jwt>             admin bearer token (stage: or env OPS_TOKEN, a Cognito access token of',
  '                            an admin user; local: default <state folder>/admin-token)',
  '  --api <url>               local API (default http://127.0.0.1:$PORT, PORT 3000)',
  '  --state-dir <folder>      local state folder (default .local, or LOCAL_STATE_DIR)',
  '  --region <region>         AWS region (default AWS_REGION, else the ApiUrl’s, else eu-north-1)',
  '  --table <name>            table (local default TABLE_NAME or municipal-network; stage: TableName output)',
  '  --dynamodb-endpoint <url> DynamoDB endpoint (local default http://127.0.0.1:$DYNAMODB_PORT, 8000)',
  '  --ses-endpoint <url>      SES endpoint (local default http://127.0.0.1:$SES_PORT, 8005)',
];

type Env = Record<string, string | undefined>;

export const localStateDir = (parsed: Parsed, env: Env): string =>
  stringFlag(parsed, 'state-dir') ?? env.LOCAL_STATE_DIR ?? join(repoRoot, '.local');

/** fetch resolves `localhost` to ::1 first on some machines; the local cloud listens on 127.0.0.1. */
const loopback = (url: string) => url.replace('//localhost', '//127.0.0.1').replace(/\/$/, '');

const regionOf = (apiUrl: string): string | undefined =>
  /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com/.exec(apiUrl)?.[1];

const localTarget = (parsed: Parsed, env: Env): Target => {
  const stateDir = localStateDir(parsed, env);
  const given = stringFlag(parsed, 'token');
  return {
    kind: 'local',
    name: 'local',
    apiUrl: loopback(stringFlag(parsed, 'api') ?? `http://127.0.0.1:${env.PORT ?? 3000}`),
    region: stringFlag(parsed, 'region') ?? 'eu-north-1',
    tableName: stringFlag(parsed, 'table') ?? env.TABLE_NAME ?? 'municipal-network',
    dynamoDbEndpoint:
      stringFlag(parsed, 'dynamodb-endpoint') ?? `http://127.0.0.1:${env.DYNAMODB_PORT ?? 8000}`,
    sesEndpoint: stringFlag(parsed, 'ses-endpoint') ?? `http://127.0.0.1:${env.SES_PORT ?? 8005}`,
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
  if (parsed.flags.has('api'))
    throw new UsageError('--api is for the local cloud; a stage’s comes from its outputs');
  const envRegion = stringFlag(parsed, 'region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const outputs = outputsFile
    ? outputsFromFile(outputsFile, stage)
    : await outputsFromCloudFormation(stage as string, envRegion ?? 'eu-north-1');
  const apiUrl = outputs.ApiUrl;
  if (!apiUrl)
    throw new OpsFailure(`The stack outputs of ${stage ?? outputsFile} name no ApiUrl`, 'NO_OUTPUTS');
  const given = stringFlag(parsed, 'token') ?? env.OPS_TOKEN;
  const dynamoDbEndpoint = stringFlag(parsed, 'dynamodb-endpoint');
  const sesEndpoint = stringFlag(parsed, 'ses-endpoint');
  return {
    kind: 'stage',
    name: stage ?? outputsFile ?? 'stage',
    apiUrl: loopback(apiUrl),
    region: envRegion ?? regionOf(apiUrl) ?? 'eu-north-1',
    tableName: stringFlag(parsed, 'table') ?? outputs.TableName ?? '',
    ...(dynamoDbEndpoint ? { dynamoDbEndpoint } : {}),
    ...(sesEndpoint ? { sesEndpoint } : {}),
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
