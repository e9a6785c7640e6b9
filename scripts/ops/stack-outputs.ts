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

interface DescribeStacksAnswer {
  Stacks?: Array<{ Outputs?: Array<{ OutputKey?: string; OutputValue?: string }> }>;
}

/**
 * Asks CloudFormation (DescribeStacks, the caller's credentials) for the outputs of the stage's
 * API stack. The client is not a dependency of this project: it is loaded only if installed.
 */
export const outputsFromCloudFormation = async (stage: string, region: string): Promise<StackOutputs> => {
  let sdk: {
    CloudFormationClient: new (config: {
      region: string;
    }) => {
      send: (command: unknown) => Promise<DescribeStacksAnswer>;
      destroy: () => void;
    };
    DescribeStacksCommand: new (input: { StackName: string }) => unknown;
  };
  try {
    // A computed name: the type checker must not insist on a package that is not installed.
    sdk = (await import(['@aws-sdk', 'client-cloudformation'].join('/'))) as typeof sdk;
  } catch {
    throw new OpsFailure(
      `--stage ${stage} without --outputs needs @aws-sdk/client-cloudformation, which this project does not install. ` +
        `Write the outputs with \`cdk deploy --outputs-file outputs.json\` (or copy them from the console) and pass --outputs outputs.json.`,
      'NO_OUTPUTS',
    );
  }
  const client = new sdk.CloudFormationClient({ region });
  try {
    // The API stack holds what the CLI needs: ApiUrl, TableName, UserPoolId, UserPoolClientId.
    const answer = await client.send(
      new sdk.DescribeStacksCommand({ StackName: `${stackPrefix(stage)}Api` }),
    );
    const merged: StackOutputs = {};
    for (const output of answer.Stacks?.[0]?.Outputs ?? [])
      if (output.OutputKey && output.OutputValue) merged[output.OutputKey] = output.OutputValue;
    return merged;
  } catch (error) {
    throw new OpsFailure(
      `CloudFormation did not describe the stacks of ${stage}: ${(error as Error).message}`,
      'NO_OUTPUTS',
      { cause: error },
    );
  } finally {
    client.destroy();
  }
};
