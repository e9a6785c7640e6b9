import { readFileSync } from 'node:fs';
import { OpsFailure, UsageError } from './ops-errors';

/** The outputs of a stage's stacks merged: ApiUrl, TableName, UserPoolId, UserPoolClientId, … */
export type StackOutputs = Record<string, string>;

export const stackPrefix = (stage: string) => `MunicipalNetwork-${stage}-`;

/**
 * Reads the file `cdk deploy --outputs-file <file>` writes (`{ "<stack>": { "<OutputKey>": "value" } }`)
 * and merges the outputs of the stage's stacks (`MunicipalNetwork-<stage>-*`); without a stage,
 * of every stack in the file.
 */
export const outputsFromFile = (file: string, stage: string | undefined): StackOutputs => {
  let stacks: Record<string, Record<string, unknown>>;
  try {
    stacks = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
  } catch (error) {
    throw new OpsFailure(
      `Could not read the stack outputs in ${file}: ${(error as Error).message}`,
      'NO_OUTPUTS',
    );
  }
  const stages = new Set(Object.keys(stacks).map((name) => /^MunicipalNetwork-([^-]+)-/.exec(name)?.[1]));
  if (!stage && stages.size > 1)
    throw new UsageError(`${file} holds the stacks of several stages: name one with --stage`);
  const chosen = Object.entries(stacks).filter(([name]) => !stage || name.startsWith(stackPrefix(stage)));
  if (chosen.length === 0)
    throw new OpsFailure(`${file} holds no stack named ${stackPrefix(stage ?? '')}*`, 'NO_OUTPUTS');
  const merged: StackOutputs = {};
  for (const [, outputs] of chosen)
    for (const [key, value] of Object.entries(outputs ?? {}))
      if (typeof value === 'string') merged[key] = value;
  return merged;
};

/** The one stage whose stacks a `cdk deploy --outputs-file` file holds (outputsFromFile checked there is one). */
export const onlyStageIn = (file: string): string => {
  const stacks = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const stage = Object.keys(stacks)
    .map((name) => /^MunicipalNetwork-([^-]+)-/.exec(name)?.[1])
    .find((name) => name !== undefined);
  if (!stage) throw new OpsFailure(`${file} holds no stack named MunicipalNetwork-<stage>-*`, 'NO_OUTPUTS');
  return stage;
};

/** Why the SDK could not describe the stack, said for an operator (no stack trace). */
const explain = (error: Error, stackName: string, region: string, endpoint: string | undefined): string => {
  const where = endpoint ? `at ${endpoint}` : `in ${region}`;
  if (error.name === 'ValidationError' && /does not exist/.test(error.message))
    return `CloudFormation has no stack ${stackName} ${where}: is the stage deployed, and are your AWS credentials and region (AWS_PROFILE, AWS_REGION or --region) those of its account?`;
  if (error.name === 'CredentialsProviderError')
    return `No AWS credentials for CloudFormation: sign in (aws sso login, or AWS_PROFILE / AWS_ACCESS_KEY_ID) and try again (${error.message})`;
  if (
    /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|socket hang up|TimeoutError/.test(
      `${error.name} ${error.message} ${String((error as { code?: unknown }).code)}`,
    )
  )
    return `CloudFormation does not answer ${where} (${error.message || error.name})`;
  return `CloudFormation did not describe ${stackName} ${where}: ${error.name}: ${error.message}`;
};

/**
 * Asks CloudFormation (DescribeStacks, with the caller's default credential chain) for the outputs
 * of the stage's API stack, which holds everything the CLI needs: ApiUrl, TableName, EventBusName,
 * UserPoolId, UserPoolClientId. The region is the given one, else the SDK's (AWS_REGION, the
 * profile's); the endpoint the given one, else the SDK's (AWS_ENDPOINT_URL_CLOUDFORMATION, AWS).
 * Returns the outputs and the region asked.
 */
export const outputsFromCloudFormation = async (
  stage: string,
  options: { region?: string; endpoint?: string } = {},
): Promise<{ outputs: StackOutputs; region: string }> => {
  // Loaded here: every other command starts without it.
  const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  const client = new CloudFormationClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    maxAttempts: 3,
  });
  const stackName = `${stackPrefix(stage)}Api`;
  let region = options.region ?? '?';
  try {
    region = await client.config.region();
    const answer = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const outputs: StackOutputs = {};
    for (const output of answer.Stacks?.[0]?.Outputs ?? [])
      if (output.OutputKey && output.OutputValue) outputs[output.OutputKey] = output.OutputValue;
    return { outputs, region };
  } catch (error) {
    const failure = error as Error;
    if (/Region is missing/.test(failure.message))
      throw new OpsFailure(
        `No AWS region for --stage ${stage}: set AWS_REGION, a region in your profile, or pass --region.`,
        'NO_OUTPUTS',
      );
    throw new OpsFailure(explain(failure, stackName, region, options.endpoint), 'NO_OUTPUTS', {
      cause: error,
    });
  } finally {
    client.destroy();
  }
};
