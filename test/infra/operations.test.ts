import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { CfnResource, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp, DEFAULT_COST_CENTER, DEFAULT_OWNER, PROJECT_TAG } from '../../infra/app';
import { deadLetterSearch } from '../../infra/operations-dashboard';
import {
  SERVICE_ALARMS,
  SES_BOUNCE_RATE_THRESHOLD,
  SES_COMPLAINT_RATE_THRESHOLD,
} from '../../infra/service-alarms';
import { because } from '../fixtures/because';

/**
 * Stages, alarms, the dashboard, log retention and tags, read off the synthesized templates of
 * both stages (issue 9, item 3). No bundling: only templates and the cdk-nag report are read here
 * (infra.test.ts loads every bundle).
 */
type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};
type Built = ReturnType<typeof buildApp>;
interface Synthesized {
  built: Built;
  stateful: Template;
  api: Template;
  consumers: Template;
  operations: Template;
  /** Every stack's resources, by logical id (ids repeat across stacks only for CDK's own helpers). */
  all: Resource[];
  nagReport: { pluginName: string; conclusion: string; violations: unknown[] }[];
  synthError: unknown;
}

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

const synthesize = (context: Record<string, unknown>): Synthesized => {
  const built = buildApp({ ...NO_BUNDLING, ...context });
  let synthError: unknown;
  try {
    built.app.synth();
  } catch (error) {
    // cdk-nag fails the synth after writing the templates and the report; the nag test reports it.
    synthError = error;
  }
  const read = (stack: Stack) =>
    Template.fromJSON(JSON.parse(readFileSync(path.join(built.app.outdir, stack.templateFile), 'utf8')));
  const templates = {
    stateful: read(built.stateful),
    api: read(built.api),
    consumers: read(built.consumers),
    operations: read(built.operations),
  };
  const all = Object.values(templates).flatMap(
    (template) => Object.values((template.toJSON() as { Resources: object }).Resources) as Resource[],
  );
  const report = JSON.parse(readFileSync(path.join(built.app.outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: Synthesized['nagReport'];
  };
  return { built, ...templates, all, nagReport: report.pluginReports, synthError };
};

/** A value another stack outputs (CDK writes cross-stack references as Fn::GetStackOutput). */
const referenceTo = (stackName: string, resourceId: string) =>
  Match.objectLike({
    'Fn::GetStackOutput': Match.objectLike({
      StackName: stackName,
      OutputName: Match.stringLikeRegexp(`Ref${resourceId}`),
    }),
  });
const logicalId = (construct: { node: { defaultChild?: unknown } }, stack: Stack): string =>
  stack.getLogicalId(construct.node.defaultChild as CfnResource);
const ofType = (resources: Resource[], type: string) =>
  resources.filter((resource) => resource.Type === type);

let dev: Synthesized;
let prod: Synthesized;

beforeAll(() => {
  // Arrange (once per stage)
  dev = synthesize({ stage: 'dev' });
  prod = synthesize({
    stage: 'prod',
    alarmEmail: 'drift@kommun.example',
    owner: 'kansliet',
    costCenter: 'cc-4711',
  });
}, 400_000);

describe('stages', () => {
  it('names every stack after its stage', () => {
    for (const [synthesized, stage] of [
      [dev, 'dev'],
      [prod, 'prod'],
    ] as const) {
      const { stateful, api, consumers, operations } = synthesized.built;
      expect([stateful, api, consumers, operations].map((stack) => stack.stackName)).toEqual(
        ['Stateful', 'Api', 'Consumers', 'Operations'].map((part) => `MunicipalNetwork-${stage}-${part}`),
      );
    }
  });

  it('retains the table in prod, with deletion protection, PITR and a protected stack', () => {
    prod.stateful.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      }),
    });
    expect(prod.built.stateful.terminationProtection).toBe(true);
  });

  it('lets dev be destroyed (table, keys, logs, user pool), with PITR kept to rehearse restores', () => {
    dev.stateful.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({
        DeletionProtectionEnabled: false,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      }),
    });
    expect(dev.built.stateful.terminationProtection).toBe(false);
    for (const type of ['AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::Cognito::UserPool']) {
      const resources = ofType(dev.all, type);
      because(type, () => expect(resources.length).toBeGreaterThan(0));
      because(type, () =>
        expect(new Set(resources.map((resource) => resource.DeletionPolicy))).toEqual(new Set(['Delete'])),
      );
    }
  });

  it('retains every KMS key, log group and the user pool in prod', () => {
    for (const type of ['AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::Cognito::UserPool']) {
      const resources = ofType(prod.all, type);
      because(type, () => expect(resources.length).toBeGreaterThan(0));
      because(type, () =>
        expect(new Set(resources.map((resource) => resource.DeletionPolicy))).toEqual(new Set(['Retain'])),
      );
    }
  });

  it('keeps function logs a month in dev and 13 months in prod, access logs (IP addresses) 1 and 3 months', () => {
    for (const [synthesized, days, accessDays] of [
      [dev, 30, 30],
      [prod, 400, 90],
    ] as const) {
      const logGroups = ofType(synthesized.all, 'AWS::Logs::LogGroup');
      // One per function, the API's access log, the upload handler's.
      expect(logGroups.length).toBeGreaterThan(60);
      const apiLogGroups = synthesized.api.findResources('AWS::Logs::LogGroup') as Record<string, Resource>;
      const accessLogs = Object.entries(apiLogGroups).filter(([id]) => id.startsWith('HttpApiAccessLogs'));
      expect(accessLogs.map(([, group]) => group.Properties.RetentionInDays)).toEqual([accessDays]);
      // Every other log group keeps the stage's log retention.
      const retentions = logGroups.map((group) => group.Properties.RetentionInDays);
      expect(retentions.filter((retention) => retention !== days)).toEqual(
        accessDays === days ? [] : [accessDays],
      );
      synthesized.api.hasResourceProperties('AWS::S3::Bucket', {
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: accessDays })] },
      });
    }
  });

  it('refuses a stage it has no settings for, and an alarm address that is not one', () => {
    expect(() => buildApp({ ...NO_BUNDLING, stage: 'staging' })).toThrow(
      /Unknown stage "staging": one of dev, prod/,
    );
    expect(() => buildApp({ ...NO_BUNDLING, alarmEmail: 'not-an-address' })).toThrow(/alarmEmail/);
  });
});

describe('tags', () => {
  const tagsOf = (resource: Resource) =>
    Object.fromEntries(
      ((resource.Properties.Tags ?? []) as { Key: string; Value: string }[]).map(({ Key, Value }) => [
        Key,
        Value,
      ]),
    );

  it('tags every table, function, queue, key and log group with project, stage, owner and cost centre', () => {
    for (const [synthesized, expected] of [
      [dev, { Project: PROJECT_TAG, Stage: 'dev', Owner: DEFAULT_OWNER, CostCenter: DEFAULT_COST_CENTER }],
      [prod, { Project: PROJECT_TAG, Stage: 'prod', Owner: 'kansliet', CostCenter: 'cc-4711' }],
    ] as const) {
      for (const type of [
        'AWS::DynamoDB::Table',
        'AWS::Lambda::Function',
        'AWS::SQS::Queue',
        'AWS::KMS::Key',
        'AWS::Logs::LogGroup',
        'AWS::SNS::Topic',
      ]) {
        const resources = ofType(synthesized.all, type);
        because(type, () => expect(resources.length).toBeGreaterThan(0));
        for (const resource of resources)
          because(type, () => expect(tagsOf(resource)).toMatchObject(expected));
      }
    }
  });
});

describe('alarms', () => {
  const topicImport = (synthesized: Synthesized) => {
    const { consumers } = synthesized.built;
    return referenceTo(consumers.stackName, logicalId(consumers.alarmTopic, consumers));
  };

  it('has one alarm of each kind per stage, to the alarm topic, with its recovery', () => {
    for (const synthesized of [dev, prod]) {
      const alarms = Object.values(
        synthesized.operations.findResources('AWS::CloudWatch::Alarm'),
      ) as Resource[];
      expect(alarms).toHaveLength(SERVICE_ALARMS.length);
      const stage = synthesized.built.stateful.stackName.split('-')[1];
      expect(alarms.map((alarm) => alarm.Properties.AlarmName).sort()).toEqual(
        SERVICE_ALARMS.map((name) => `MunicipalNetwork-${stage}-${name}`).sort(),
      );
      for (const alarm of alarms) {
        expect(alarm.Properties).toMatchObject({
          AlarmActions: [expect.anything()],
          OKActions: [expect.anything()],
          TreatMissingData: 'notBreaching',
        });
      }
      synthesized.operations.allResourcesProperties('AWS::CloudWatch::Alarm', {
        AlarmActions: [topicImport(synthesized)],
        OKActions: [topicImport(synthesized)],
      });
    }
  });

  it('watches function errors and throttles, API 5xx, the outbox pipe and the SES reputation', () => {
    const pipeId = prod.built.stateful.getLogicalId(prod.built.stateful.outboxPipe);
    const { operations } = prod;
    operations.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'MunicipalNetwork-prod-function-errors',
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: Match.absent(),
      Statistic: 'Sum',
      Threshold: 5,
    });
    operations.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'MunicipalNetwork-prod-function-throttles',
      Namespace: 'AWS/Lambda',
      MetricName: 'Throttles',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    operations.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'MunicipalNetwork-prod-api-server-errors',
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: Match.anyValue() }],
      Threshold: 0,
    });
    operations.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'MunicipalNetwork-prod-outbox-pipe-failures',
      Threshold: 0,
      Metrics: Match.arrayWith(
        ['ExecutionFailed', 'TargetStageFailed'].map((metricName) =>
          Match.objectLike({
            MetricStat: Match.objectLike({
              Metric: {
                Namespace: 'AWS/EventBridge/Pipes',
                MetricName: metricName,
                Dimensions: [{ Name: 'PipeName', Value: referenceTo(prod.built.stateful.stackName, pipeId) }],
              },
              Stat: 'Sum',
            }),
          }),
        ),
      ),
    });
    operations.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'MunicipalNetwork-prod-ses-bounce-rate',
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.BounceRate',
      Threshold: SES_BOUNCE_RATE_THRESHOLD,
    });
    operations.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'MunicipalNetwork-prod-ses-complaint-rate',
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.ComplaintRate',
      Threshold: SES_COMPLAINT_RATE_THRESHOLD,
    });
    // Well before AWS's review thresholds of 5 % and 0.1 %.
    expect(SES_BOUNCE_RATE_THRESHOLD).toBeLessThanOrEqual(0.05 / 2);
    expect(SES_COMPLAINT_RATE_THRESHOLD).toBeLessThanOrEqual(0.001 / 2);
  });

  it('keeps one depth alarm per dead-letter queue in the consumers stack, in both stages', () => {
    for (const synthesized of [dev, prod]) {
      const queues = synthesized.built.consumers.deadLetterQueues.size + 2; // + outbox pipe, timers
      synthesized.consumers.resourceCountIs('AWS::CloudWatch::Alarm', queues);
      synthesized.consumers.allResourcesProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 0,
      });
    }
  });

  it('mails the alarms to the address given as context, and to nobody unasked', () => {
    prod.consumers.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'drift@kommun.example',
    });
    const mailed = (synthesized: Synthesized) =>
      Object.keys(
        synthesized.consumers.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'email' } }),
      );
    expect(mailed(prod)).toHaveLength(1);
    expect(mailed(dev)).toEqual([]);
  });
});

/** A dashboard body (`Fn::Join` of JSON text and references) as text, each reference as its JSON. */
const joined = (body: unknown): string => {
  const join = (body as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join === undefined) return typeof body === 'string' ? body : JSON.stringify(body);
  return join[1].map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(join[0]);
};

describe('dashboard', () => {
  it('has one dashboard per stage over the API, functions, dead letters, pipe, mail and table', () => {
    for (const [synthesized, stage] of [
      [dev, 'dev'],
      [prod, 'prod'],
    ] as const) {
      const dashboards = Object.values(
        synthesized.operations.findResources('AWS::CloudWatch::Dashboard'),
      ) as Resource[];
      expect(dashboards).toHaveLength(1);
      expect(dashboards[0]?.Properties.DashboardName).toBe(`MunicipalNetwork-${stage}`);
      const body = joined(dashboards[0]?.Properties.DashboardBody);
      for (const part of [
        'AWS/ApiGateway',
        '"Count"',
        '"5xx"',
        '"Latency"',
        'AWS/Lambda',
        '"Errors"',
        '"Throttles"',
        '"Duration"',
        'ApproximateNumberOfMessagesVisible',
        'AWS/EventBridge/Pipes',
        'AWS/SES',
        'Reputation.BounceRate',
        '"Complaint"',
        'AWS/DynamoDB',
        'ConsumedWriteCapacityUnits',
        'WriteThrottleEvents',
        'SystemErrors',
      ]) {
        because(part, () => expect(body).toContain(part));
      }
      // Every dead-letter queue of the stage, found by name (no cross-stack export per queue).
      expect(body).toContain(JSON.stringify(deadLetterSearch(stage)).slice(1, -1));
      expect(synthesized.built.consumers.stackName).toMatch(new RegExp(`^MunicipalNetwork-${stage}-`));
    }
  });
});

describe('cdk-nag (AwsSolutions) in both stages', () => {
  it('passes with no unacknowledged finding', () => {
    for (const synthesized of [dev, prod]) {
      expect(synthesized.synthError).toBeUndefined();
      const nag = synthesized.nagReport.find((plugin) => plugin.pluginName === 'AwsSolutions');
      expect(nag?.conclusion).toBe('success');
      expect(nag?.violations).toEqual([]);
    }
  });
});
