import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CfnResource, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { eventPattern } from '../../events/envelope';
import {
  GSI1,
  OUTBOX_PIPE_TARGET,
  OUTBOX_STREAM_FILTER,
  TABLE_KEYS,
  TTL_ATTRIBUTE,
} from '../../functions/adapters/table-design';
import { openApiDocument } from '../../functions/http/openapi';
import { routes } from '../../functions/http/routes';
import { type Subscription, subscriptions } from '../../functions/subscriptions';
import { buildApp } from '../../infra/app';
import { MAIL_FEEDBACK_ENTRY } from '../../infra/mail-feedback';
import { FUNCTION_RUNTIME } from '../../infra/network-function';
import { subscriptionRules } from '../../local/event-bus';
import { because } from '../fixtures/because';

/** Every row of the subscription table, as its interface (the literal rows differ in their flags). */
const consumerRows: readonly Subscription[] = subscriptions;

type Resources = Record<
  string,
  { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string }
>;
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}
interface ReportViolation {
  ruleName: string;
  reason?: string;
  violatingConstructs: { constructPath: string }[];
}
interface ValidationReport {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: ReportViolation[];
    suppressedViolations?: ReportViolation[];
  }[];
}

/** Findings acknowledged on purpose (reasons next to each acknowledgement in infra/); a new one needs review here. */
const ACKNOWLEDGED_RULES = [
  'AwsSolutions-APIG4',
  'AwsSolutions-IAM5[Resource::*]',
  'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/municipal-network-dev/*]',
  'AwsSolutions-SQS3',
  'AwsSolutions-SMG4',
  'AwsSolutions-CFR1',
  'AwsSolutions-CFR2',
  'AwsSolutions-CFR4',
  // CDK's BucketDeployment handler only (infra/web-site.ts names each finding):
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
  'AwsSolutions-L1',
  'AwsSolutions-IAM5[Action::s3:GetBucket*]',
  'AwsSolutions-IAM5[Action::s3:GetObject*]',
  'AwsSolutions-IAM5[Action::s3:List*]',
  'AwsSolutions-IAM5[Action::s3:Abort*]',
  'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
  'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
  'AwsSolutions-IAM5[Resource::<WebSitePagesC92154F2.Arn>/*]',
];
/** X-Ray's write actions support no resource-level permissions. */
const ACTIONS_ALLOWED_ON_ANY_RESOURCE = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];

/**
 * CDK's BucketDeployment handler (it uploads web/ during deployments): maintained in aws-cdk-lib,
 * its findings acknowledged one by one in infra/web-site.ts; the house rules below are for our own
 * functions and roles.
 */
const isUploadHandler = (id: string): boolean => id.startsWith('CustomCDKBucketDeployment');
const ourFunctions = (template: Template): Resources =>
  Object.fromEntries(
    Object.entries(template.findResources('AWS::Lambda::Function') as Resources).filter(
      ([id]) => !isUploadHandler(id),
    ),
  );

const logicalId = (resource: { node: { defaultChild?: unknown } }, stack: Stack): string =>
  stack.getLogicalId(resource.node.defaultChild as CfnResource);
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
const getAttId = (value: unknown): string | undefined =>
  (value as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];

/** Every statement of every identity policy (AWS::IAM::Policy and inline role policies), by owner. */
const identityStatements = (
  template: Template,
): { owner: string; roles: string[]; statement: Statement }[] => {
  const found: { owner: string; roles: string[]; statement: Statement }[] = [];
  for (const [id, policy] of Object.entries(template.findResources('AWS::IAM::Policy') as Resources)) {
    const props = policy.Properties as {
      PolicyDocument: { Statement: Statement[] };
      Roles: { Ref: string }[];
    };
    for (const statement of props.PolicyDocument.Statement) {
      found.push({ owner: id, roles: props.Roles.map((role) => role.Ref), statement });
    }
  }
  for (const [id, role] of Object.entries(template.findResources('AWS::IAM::Role') as Resources)) {
    const policies = (role.Properties?.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[];
    for (const policy of policies) {
      for (const statement of policy.PolicyDocument.Statement)
        found.push({ owner: id, roles: [id], statement });
    }
  }
  return found;
};

let built: ReturnType<typeof buildApp>;
/** The functions that are neither a route nor an event consumer: the retention job, the SES feedback. */
const jobFunctions = () => [built.consumers.retentionFunction, built.consumers.mailFeedback.handler];
let synthError: unknown;
/** The repository (for the assembly folder, see beforeAll). */
const repoRoot = path.join(import.meta.dirname, '..', '..');
let assemblyDirectory: string;
let stateful: Template;
/** The two stateless stacks (API, consumers) as one template: the house rules hold for both alike. */
let stateless: Template;
let api: Template;
let consumers: Template;

const merged = (...templates: Template[]): Template => {
  const parts = templates.map((template) => template.toJSON() as { Resources?: object; Outputs?: object });
  return Template.fromJSON({
    Resources: Object.assign({}, ...parts.map((part) => part.Resources ?? {})),
    Outputs: Object.assign({}, ...parts.map((part) => part.Outputs ?? {})),
  });
};

/** The template as written to the assembly, for when validation failed the synth after writing it. */
const writtenTemplate = (stack: Stack): Template =>
  Template.fromJSON(JSON.parse(readFileSync(path.join(built.app.outdir, stack.templateFile), 'utf8')));

beforeAll(() => {
  // The assembly goes under the repository, not the system's temp folder: the bundles leave the AWS
  // SDK out (Lambda provides it), so loading one resolves the SDK from the repository's node_modules.
  mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
  process.env.CDK_OUTDIR = mkdtempSync(path.join(repoRoot, 'test-results', 'cdk.out-'));
  // Arrange (once: esbuild bundles some 80 functions synchronously; alone about a minute, under CI load up to four)
  built = buildApp();
  try {
    assemblyDirectory = built.app.synth().directory;
    stateful = Template.fromStack(built.stateful);
    api = Template.fromStack(built.api);
    consumers = Template.fromStack(built.consumers);
  } catch (error) {
    // Unacknowledged cdk-nag findings fail the synth after the templates are written: the cdk-nag
    // test reports the failure, and the other tests still check the templates.
    synthError = error;
    assemblyDirectory = built.app.outdir;
    stateful = writtenTemplate(built.stateful);
    api = writtenTemplate(built.api);
    consumers = writtenTemplate(built.consumers);
  }
  stateless = merged(api, consumers);
}, 400_000);

afterAll(() => {
  if (process.env.CDK_OUTDIR) rmSync(process.env.CDK_OUTDIR, { recursive: true, force: true });
  delete process.env.CDK_OUTDIR;
});

describe('stacks', () => {
  it('splits the stateless part in two stacks under CloudFormation’s 500 resources each, with no id in both', () => {
    const apiIds = Object.keys(api.toJSON().Resources as object);
    const consumerIds = Object.keys(consumers.toJSON().Resources as object);
    // 500 is CloudFormation's hard limit per stack; headroom so that a few new routes do not fail a deployment.
    expect(apiIds.length).toBeLessThan(450);
    expect(consumerIds.length).toBeLessThan(450);
    expect(apiIds.filter((id) => consumerIds.includes(id))).toEqual([]);
  });
});

describe('stateful stack', () => {
  it('keeps the single table with the key design of functions/adapters/table-design.ts', () => {
    stateful.resourceCountIs('AWS::DynamoDB::Table', 1);
    // Removal policy and deletion protection differ by stage: test/infra/operations.test.ts.
    stateful.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
        SSESpecification: { SSEEnabled: true },
        GlobalSecondaryIndexes: [
          {
            IndexName: GSI1.indexName,
            KeySchema: [
              { AttributeName: GSI1.partitionKey, KeyType: 'HASH' },
              { AttributeName: GSI1.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    });
  });

  it('pipes inserted outbox items from the table stream through the enrichment to the bus, the envelope as detail', () => {
    // Arrange
    const tableId = logicalId(built.stateful.table, built.stateful);
    const busId = logicalId(built.stateful.bus, built.stateful);
    const dlqId = logicalId(built.stateful.pipeDeadLetterQueue, built.stateful);
    const pipes = Object.values(stateful.findResources('AWS::Pipes::Pipe') as Resources);

    // Assert
    expect(pipes).toHaveLength(1);
    const props = pipes[0]?.Properties as {
      Source: unknown;
      Target: unknown;
      SourceParameters: {
        DynamoDBStreamParameters: Record<string, unknown>;
        FilterCriteria: { Filters: { Pattern: string }[] };
      };
      Enrichment?: unknown;
      TargetParameters: { EventBridgeEventBusParameters: Record<string, unknown>; InputTemplate?: string };
    };
    const enrichmentId = logicalId(built.stateful.outboxEnrichment.function, built.stateful);
    expect(props.Source).toEqual({ 'Fn::GetAtt': [tableId, 'StreamArn'] });
    expect(props.Target).toEqual({ 'Fn::GetAtt': [busId, 'Arn'] });
    expect(props.SourceParameters.FilterCriteria.Filters.map((filter) => JSON.parse(filter.Pattern))).toEqual(
      [OUTBOX_STREAM_FILTER],
    );
    expect(props.SourceParameters.DynamoDBStreamParameters).toMatchObject({
      StartingPosition: 'LATEST',
      BatchSize: 10,
      MaximumRetryAttempts: expect.any(Number),
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
    });
    expect(props.Enrichment).toEqual({ 'Fn::GetAtt': [enrichmentId, 'Arn'] });
    expect(props.TargetParameters.EventBridgeEventBusParameters).toEqual({
      Source: '$.source',
      DetailType: '$.detailType',
    });
    expect(props.TargetParameters.InputTemplate).toBe('<$.detail>');
    // The local pipe follows the same paths (local/stream-pipe.ts reads OUTBOX_PIPE_TARGET).
    expect({
      Source: OUTBOX_PIPE_TARGET.source,
      DetailType: OUTBOX_PIPE_TARGET.detailType,
      InputTemplate: OUTBOX_PIPE_TARGET.inputTemplate,
    }).toEqual({
      ...props.TargetParameters.EventBridgeEventBusParameters,
      InputTemplate: props.TargetParameters.InputTemplate,
    });
  });

  it("gives the pipe's role only stream reads, its enrichment, PutEvents on the bus and SendMessage to its DLQ", () => {
    // Arrange
    const tableId = logicalId(built.stateful.table, built.stateful);
    const busId = logicalId(built.stateful.bus, built.stateful);
    const dlqId = logicalId(built.stateful.pipeDeadLetterQueue, built.stateful);
    const pipe = Object.values(stateful.findResources('AWS::Pipes::Pipe') as Resources)[0];
    const roleId = getAttId(pipe?.Properties?.RoleArn);

    // Act
    const statements = identityStatements(stateful).filter((entry) => entry.roles.includes(roleId ?? ''));

    // Assert
    expect(
      statements.map(({ statement }) => ({
        actions: asArray(statement.Action).sort(),
        resource: statement.Resource,
      })),
    ).toEqual([
      {
        actions: [
          'dynamodb:DescribeStream',
          'dynamodb:GetRecords',
          'dynamodb:GetShardIterator',
          'dynamodb:ListStreams',
        ],
        resource: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
      },
      { actions: ['events:PutEvents'], resource: { 'Fn::GetAtt': [busId, 'Arn'] } },
      {
        actions: ['lambda:InvokeFunction'],
        resource: {
          'Fn::GetAtt': [logicalId(built.stateful.outboxEnrichment.function, built.stateful), 'Arn'],
        },
      },
      { actions: ['sqs:SendMessage'], resource: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
    ]);
  });

  it('has an SES domain identity with a configuration set', () => {
    stateful.resourceCountIs('AWS::SES::EmailIdentity', 1);
    stateful.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'example.org',
      ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
    });
    stateful.resourceCountIs('AWS::SES::ConfigurationSet', 1);
  });
});

describe('event consumers', () => {
  it('has exactly one rule per consumer in the catalogue', () => {
    const busRules = Object.values(consumers.findResources('AWS::Events::Rule') as Resources).filter(
      (rule) => rule.Properties?.EventBusName !== undefined,
    );
    expect(busRules).toHaveLength(consumerRows.length);
  });

  it.each(consumerRows.map((row) => [row.consumer, row.event, row] as const))(
    'routes %s by its event pattern, with retries and a dead-letter queue on both failure paths',
    (name, event) => {
      // Arrange
      const handler = built.consumers.consumerFunctions.get(name);
      if (!handler) throw new Error(`No function for consumer ${name}`);
      const functionId = logicalId(handler.function, built.api);
      const fn = stateless.findResources('AWS::Lambda::Function')[functionId] as Resources[string];
      const dlqId = getAttId(
        (fn.Properties?.DeadLetterConfig as { TargetArn?: unknown } | undefined)?.TargetArn,
      );

      // Act
      const rules = Object.values(stateless.findResources('AWS::Events::Rule') as Resources).filter((rule) =>
        ((rule.Properties?.Targets ?? []) as { Arn: unknown }[]).some(
          (target) => getAttId(target.Arn) === functionId,
        ),
      );

      // Assert
      expect(rules).toHaveLength(1);
      const rule = rules[0]?.Properties as {
        EventPattern: unknown;
        Targets: { DeadLetterConfig?: { Arn: unknown }; RetryPolicy?: Record<string, number> }[];
      };
      expect(rule.EventPattern).toEqual(eventPattern(event));
      expect(rule.Targets).toHaveLength(1);
      expect(dlqId).toBeDefined();
      expect(getAttId(rule.Targets[0]?.DeadLetterConfig?.Arn)).toBe(dlqId);
      expect(rule.Targets[0]?.RetryPolicy).toEqual({
        MaximumRetryAttempts: 8,
        MaximumEventAgeInSeconds: 7200,
      });
      stateless.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: functionId },
        MaximumRetryAttempts: 2,
      });
      expect(fn.Properties?.Timeout).toBe(30);
    },
  );

  it('gives every consumer its own encrypted, TLS-only dead-letter queue that keeps messages 14 days', () => {
    // Arrange
    const queues = consumers.findResources('AWS::SQS::Queue') as Resources;
    const dlqIds = [...built.consumers.consumerFunctions.values()].map((handler) => {
      const fn = stateless.findResources('AWS::Lambda::Function')[logicalId(handler.function, built.api)];
      return getAttId(fn?.Properties?.DeadLetterConfig?.TargetArn);
    });

    // Assert
    // One queue per consumer (none shared), and every queue of the stack (scheduled jobs' too) alike.
    expect(new Set(dlqIds).size).toBe(consumerRows.length);
    for (const id of dlqIds) expect(Object.keys(queues)).toContain(id);
    for (const queue of Object.values(queues)) {
      expect(queue.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
    }
    for (const id of Object.keys(queues)) {
      stateless.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });
});

describe('dead-letter alarms', () => {
  it('alarms on every dead-letter queue (consumers, jobs, SES feedback, outbox pipe, timers) as soon as it holds anything, to the encrypted alarm topic', () => {
    // Arrange
    const queueIds = [
      ...Object.keys(consumers.findResources('AWS::SQS::Queue')),
      logicalId(built.stateful.pipeDeadLetterQueue, built.stateful),
      logicalId(built.stateful.timerDeadLetterQueue, built.stateful),
    ];
    const topicId = logicalId(built.consumers.alarmTopic, built.consumers);
    const alarms = Object.values(consumers.findResources('AWS::CloudWatch::Alarm') as Resources).map(
      (alarm) => alarm.Properties as Record<string, unknown>,
    );

    // Assert
    expect(alarms).toHaveLength(queueIds.length);
    const watched = alarms.map((alarm) => JSON.stringify(alarm.Dimensions));
    for (const id of queueIds)
      expect(watched.filter((dimensions) => dimensions.includes(id))).toHaveLength(1);
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 1,
        AlarmActions: [{ Ref: topicId }],
        OKActions: [{ Ref: topicId }],
      });
    }
    consumers.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });
});

describe('HTTP API', () => {
  it('has one route per entry in functions/http/routes.ts, admin routes behind the JWT authoriser', () => {
    // Arrange
    const apiRoutes = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route') as Resources).map(
      (route) => route.Properties as { RouteKey: string; AuthorizationType: string; AuthorizerId?: unknown },
    );
    const authorizerId = Object.keys(stateless.findResources('AWS::ApiGatewayV2::Authorizer'))[0];

    // Assert
    expect(apiRoutes).toHaveLength(routes.length);
    for (const route of routes) {
      const apiRoute = apiRoutes.find((candidate) => candidate.RouteKey === `${route.method} ${route.path}`);
      because(`${route.method} ${route.path}`, () => expect(apiRoute).toBeDefined());
      if (route.access === 'admin') {
        expect(apiRoute).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
      } else {
        expect(apiRoute?.AuthorizationType).toBe('NONE');
      }
    }
  });

  it('authorises admin tokens issued by the user pool for its client', () => {
    const poolId = logicalId(built.api.userPool, built.api);
    const clientId = logicalId(built.api.userPoolClient, built.api);
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: {
        Audience: [{ Ref: clientId }],
        Issuer: {
          'Fn::Join': [
            '',
            ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: poolId }],
          ],
        },
      },
    });
    stateless.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
    });
  });

  it('throttles and logs access on the default stage', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingBurstLimit: 50, ThrottlingRateLimit: 25 },
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
    });
  });

  it('outputs what operators and the web pages need', () => {
    for (const name of ['ApiUrl', 'UserPoolId', 'UserPoolClientId', 'TableName', 'EventBusName']) {
      stateless.hasOutput(name, {});
    }
  });
});

describe('functions', () => {
  it('run every handler on the house runtime and architecture with tracing and their own log group', () => {
    // Arrange
    const functions = Object.values(ourFunctions(stateless));

    // Assert
    expect(functions).toHaveLength(routes.length + consumerRows.length + jobFunctions().length);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: FUNCTION_RUNTIME.name,
        Architectures: ['arm64'],
        MemorySize: 256,
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
        Environment: {
          Variables: {
            TABLE_NAME: expect.anything(),
            MAIL_FROM: 'noreply@example.org',
            SES_CONFIGURATION_SET: expect.anything(),
            NODE_OPTIONS: '--enable-source-maps',
          },
        },
      });
    }
  });

  it('keeps function logs a month in dev', () => {
    const logGroups = Object.values(stateless.findResources('AWS::Logs::LogGroup') as Resources);
    expect(logGroups.map((group) => group.Properties?.RetentionInDays)).toEqual(logGroups.map(() => 30));
  });
});

describe('least privilege', () => {
  it('grants no action wildcard, and "*" as resource only to X-Ray', () => {
    for (const template of [stateful, stateless]) {
      for (const { owner, statement } of identityStatements(template)) {
        if (isUploadHandler(owner)) continue;
        const actions = asArray(statement.Action);
        because(owner, () =>
          expect(actions.filter((action) => action === '*' || action.endsWith(':*'))).toEqual([]),
        );
        if (statement.Resource === '*' || asArray(statement.Resource).includes('*')) {
          because(owner, () =>
            expect(actions.filter((action) => !ACTIONS_ALLOWED_ON_ANY_RESOURCE.includes(action))).toEqual([]),
          );
        }
      }
    }
  });

  it('attaches no managed policy to any role', () => {
    for (const template of [stateful, stateless]) {
      for (const [id, role] of Object.entries(template.findResources('AWS::IAM::Role') as Resources)) {
        if (isUploadHandler(id)) continue;
        because(id, () => expect(role.Properties?.ManagedPolicyArns).toBeUndefined());
      }
    }
  });

  it('lets only the consumers that send e-mail call SES', () => {
    // Arrange
    const roleOf = (name: string) => {
      const handler = built.consumers.consumerFunctions.get(name) ?? built.api.routeFunctions.get(name);
      if (!handler) throw new Error(name);
      return logicalId(handler.role, built.api);
    };
    const expected = consumerRows.filter((row) => row.sendsEmail === true).map((row) => roleOf(row.consumer));

    // Act
    const sesRoles = identityStatements(stateless)
      .filter(({ statement }) => asArray(statement.Action).some((action) => action.startsWith('ses:')))
      .flatMap(({ roles }) => roles);

    // Assert
    expect(new Set(sesRoles)).toEqual(new Set(expected));
  });

  it('keeps GET handlers read-only and the OpenAPI handler away from the table', () => {
    for (const route of routes) {
      // Arrange
      const handler = built.api.routeFunctions.get(route.name);
      if (!handler) throw new Error(route.name);
      const roleId = logicalId(handler.role, built.api);

      // Act
      const dynamoActions = identityStatements(stateless)
        .filter(({ roles }) => roles.includes(roleId))
        .flatMap(({ statement }) => asArray(statement.Action))
        .filter((action) => action.startsWith('dynamodb:'));

      // Assert
      if (route.success.body === 'openapi') because(route.name, () => expect(dynamoActions).toEqual([]));
      else if (route.method === 'GET') {
        because(route.name, () => expect(dynamoActions).toContain('dynamodb:Query'));
        because(route.name, () =>
          expect(dynamoActions.filter((action) => /Put|Update|Delete|Write/.test(action))).toEqual([]),
        );
      } else because(route.name, () => expect(dynamoActions).toContain('dynamodb:PutItem'));
      because(route.name, () => expect(dynamoActions).not.toContain('dynamodb:Scan'));
    }
  });
});

describe('cdk-nag (AwsSolutions)', () => {
  it('passes with no unacknowledged finding, every exception reviewed and reasoned', () => {
    // Assert
    expect(synthError).toBeUndefined();
    const report = JSON.parse(
      readFileSync(path.join(assemblyDirectory, 'validation-report.json'), 'utf8'),
    ) as ValidationReport;
    const nag = report.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions');
    expect(nag?.conclusion).toBe('success');
    expect(nag?.violations).toEqual([]);
    const acknowledged = nag?.suppressedViolations ?? [];
    expect(new Set(acknowledged.map((finding) => finding.ruleName))).toEqual(new Set(ACKNOWLEDGED_RULES));
    for (const finding of acknowledged)
      because(finding.ruleName, () => expect(finding.reason?.length).toBeGreaterThan(40));
  });

  it('fails the synth on a finding nobody acknowledged', () => {
    // Arrange: skip bundling, this app is only synthesized to see cdk-nag refuse it
    const { app, consumers: stack } = buildApp({
      'aws:cdk:bundling-stacks': [],
      '@aws-cdk/core:appMode': 'inmemory',
    });
    new sqs.Queue(stack, 'QueueWithoutTls');

    // Act + Assert
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
  });
});

describe('stages', () => {
  it('retains the admin user pool and keeps logs 13 months in prod', () => {
    // Arrange
    const { api: stack, consumers: consumerStack } = buildApp({
      stage: 'prod',
      'aws:cdk:bundling-stacks': [],
    });

    // Act
    const template = merged(Template.fromStack(stack), Template.fromStack(consumerStack));

    // Assert
    expect(stack.stackName).toBe('MunicipalNetwork-prod-Api');
    expect(consumerStack.stackName).toBe('MunicipalNetwork-prod-Consumers');
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
    });
    // Function logs 13 months; the access log (source IPs) 3 months.
    const logGroups = Object.entries(template.findResources('AWS::Logs::LogGroup') as Resources);
    expect(
      logGroups.map(([id, group]) => [id.startsWith('HttpApiAccessLogs'), group.Properties?.RetentionInDays]),
    ).toEqual(logGroups.map(([id]) => (id.startsWith('HttpApiAccessLogs') ? [true, 90] : [false, 400])));
  });

  it('refuses a sender address outside the SES domain', () => {
    expect(() => buildApp({ mailFrom: 'noreply@elsewhere.example', 'aws:cdk:bundling-stacks': [] })).toThrow(
      /sesDomain/,
    );
  });
});

describe('the bundles the app deploys', () => {
  /** Each function's asset folder, found through the template's asset hash. */
  const bundles = () =>
    Object.entries(ourFunctions(stateless)).map(([id, resource]) => {
      const key = String(
        (resource as unknown as { Properties: { Code: { S3Key: string } } }).Properties.Code.S3Key,
      );
      const folder = path.join(assemblyDirectory, `asset.${key.replace(/\.zip$/, '')}`);
      return { id, file: path.join(folder, 'index.mjs') };
    });

  it('loads every function bundle as an ES module exporting its handler', async () => {
    const found = bundles();
    expect(found).toHaveLength(routes.length + consumerRows.length + jobFunctions().length);
    for (const { id, file } of found) because(`${id}: ${file}`, () => expect(existsSync(file)).toBe(true));
    const modules = await Promise.all(
      found.map(async ({ id, file }) => ({
        id,
        module: (await import(pathToFileURL(file).href)) as { handler?: unknown },
      })),
    );
    for (const { id, module } of modules) because(id, () => expect(typeof module.handler).toBe('function'));
  }, 120_000);

  it('answers a request from the bundled OpenAPI function exactly as the source does', async () => {
    const openApi = bundles().find(({ id }) => id.startsWith('GetOpenapi'));
    expect(openApi).toBeDefined();
    const { handler } = (await import(pathToFileURL(openApi?.file ?? '').href)) as {
      handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;
    };
    const response = await handler({ headers: {}, requestContext: {} }, {});
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual(openApiDocument());
  });
});

describe('the local cloud routes as the deployed bus does', () => {
  it('has one local rule per deployed rule, with the same event pattern and consumer', () => {
    // Rules on the bus (the scheduled jobs' rules have a schedule, no pattern).
    const deployed = Object.values(stateless.findResources('AWS::Events::Rule'))
      .map((rule) => (rule as { Properties: { EventPattern?: unknown } }).Properties.EventPattern)
      .filter((pattern) => pattern !== undefined);
    const local = subscriptionRules(async () => async () => undefined);

    expect(local.map((rule) => rule.pattern)).toEqual(expect.arrayContaining(deployed));
    expect(local).toHaveLength(deployed.length);
    expect(local.map((rule) => rule.name).sort()).toEqual(consumerRows.map((row) => row.consumer).sort());
  });
});

describe('link tokens in AWS', () => {
  it('gives the token key (ARN and read access) to exactly the functions that use link tokens, and SITE_URL to all', () => {
    const users = new Set([
      ...routes.filter((route) => route.usesLinkTokens).map((route) => route.entry),
      // Senders check the suppression list, keyed by an HMAC under the same key (docs/email.md).
      ...consumerRows.filter((row) => row.usesLinkTokens || row.sendsEmail).map((row) => row.entry),
      // The retention job finds people by the same HMAC; the feedback function writes suppressions.
      'functions/scheduled/purge-expired-personal-data.ts',
      MAIL_FEEDBACK_ENTRY,
    ]);
    expect(users.size).toBeGreaterThan(0);
    const functions = Object.values(ourFunctions(stateless)) as unknown as Array<{
      Properties: { Environment: { Variables: Record<string, unknown> }; Description?: string };
    }>;
    const withKey = functions.filter((fn) => 'LINK_TOKEN_SECRET_ARN' in fn.Properties.Environment.Variables);
    expect(withKey).toHaveLength(users.size);
    for (const fn of functions)
      expect(fn.Properties.Environment.Variables.SITE_URL).toBe('https://example.org');
    const policies = Object.values(stateless.findResources('AWS::IAM::Policy')) as Array<{
      Properties: { PolicyDocument: { Statement: Array<{ Action: string | string[] }> } };
    }>;
    const reading = policies.filter((policy) =>
      policy.Properties.PolicyDocument.Statement.some((statement) =>
        [statement.Action].flat().includes('secretsmanager:GetSecretValue'),
      ),
    );
    expect(reading).toHaveLength(users.size);
    stateful.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
    });
  });
});

describe('timers (EventBridge Scheduler)', () => {
  const roleOf = (name: string) => {
    const handler = built.consumers.consumerFunctions.get(name) ?? built.api.routeFunctions.get(name);
    if (!handler) throw new Error(name);
    return logicalId(handler.role, built.api);
  };
  const timerUsers = consumerRows.filter((row) => row.usesScheduler).map((row) => row.consumer);

  it('keeps a schedule group per stage and a role only the scheduler of this account may take, allowed only to put events on the bus and into its DLQ', () => {
    stateful.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'municipal-network-dev' });
    const roleId = logicalId(built.stateful.timerRole, built.stateful);
    const role = stateful.findResources('AWS::IAM::Role')[roleId] as {
      Properties: { AssumeRolePolicyDocument: { Statement: Array<Record<string, unknown>> } };
    };
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    ]);
    const actions = identityStatements(stateful)
      .filter(({ roles }) => roles.includes(roleId))
      .flatMap(({ statement }) => asArray(statement.Action));
    expect(new Set(actions)).toEqual(
      new Set(['events:PutEvents', 'sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl']),
    );
  });

  it('lets exactly the consumers that set timers manage schedules of the group and pass only the timer role', () => {
    // Arrange
    expect(timerUsers.length).toBeGreaterThanOrEqual(5);
    const statements = identityStatements(stateless);

    // Act
    const scheduling = statements.filter(({ statement }) =>
      asArray(statement.Action).some((action) => action.startsWith('scheduler:')),
    );
    const passing = statements.filter(({ statement }) => asArray(statement.Action).includes('iam:PassRole'));

    // Assert
    expect(new Set(scheduling.flatMap(({ roles }) => roles))).toEqual(new Set(timerUsers.map(roleOf)));
    expect(new Set(passing.flatMap(({ roles }) => roles))).toEqual(new Set(timerUsers.map(roleOf)));
    for (const { statement } of scheduling) {
      expect(asArray(statement.Action).sort()).toEqual([
        'scheduler:CreateSchedule',
        'scheduler:DeleteSchedule',
        'scheduler:UpdateSchedule',
      ]);
      expect(JSON.stringify(statement.Resource)).toContain(':schedule/municipal-network-dev/*');
    }
    for (const { statement } of passing) {
      expect(statement).toMatchObject({
        Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      });
      expect(JSON.stringify(statement.Resource)).toContain('TimerRole');
    }
  });

  it('gives the scheduler settings to exactly those consumers', () => {
    const functions = Object.values(stateless.findResources('AWS::Lambda::Function')) as Array<{
      Properties: { Environment: { Variables: Record<string, unknown> } };
    }>;
    const withTimers = functions.filter((fn) => 'SCHEDULE_GROUP' in fn.Properties.Environment.Variables);
    expect(withTimers).toHaveLength(timerUsers.length);
    for (const fn of withTimers) {
      const variables = fn.Properties.Environment.Variables;
      expect(variables.SCHEDULE_GROUP).toBe('municipal-network-dev');
      for (const name of ['SCHEDULE_TARGET_ARN', 'SCHEDULER_ROLE_ARN', 'SCHEDULE_DLQ_ARN'])
        expect(variables[name]).toBeDefined();
    }
  });
});

describe('the web pages in AWS', () => {
  it('serves the pages from a private bucket through CloudFront only, with the API on the same origin', () => {
    // The bucket is not public; only the distribution (origin access control) may read it
    stateless.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'pages/' }),
    });
    stateless.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const distribution = Object.values(stateless.findResources('AWS::CloudFront::Distribution'))[0] as {
      Properties: { DistributionConfig: Record<string, unknown> };
    };
    const config = distribution.Properties.DistributionConfig as {
      DefaultRootObject: string;
      DefaultCacheBehavior: { ViewerProtocolPolicy: string; FunctionAssociations: unknown[] };
      CacheBehaviors: Array<{ PathPattern: string; AllowedMethods: string[]; CachePolicyId: string }>;
      Origins: Array<{ DomainName: unknown; CustomOriginConfig?: { OriginProtocolPolicy: string } }>;
    };
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.DefaultCacheBehavior.FunctionAssociations).toHaveLength(1);
    const apiBehaviour = config.CacheBehaviors.find((behaviour) => behaviour.PathPattern === '/api/*');
    expect(apiBehaviour?.AllowedMethods).toContain('POST');
    // CachingDisabled, the managed policy: API answers are never cached
    expect(apiBehaviour?.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    const apiOrigin = config.Origins.find((origin) =>
      JSON.stringify(origin.DomainName).includes('execute-api'),
    );
    expect(apiOrigin?.CustomOriginConfig?.OriginProtocolPolicy).toBe('https-only');
  });

  it('uploads web/ with every deployment and invalidates the distribution', () => {
    const uploads = Object.values(stateless.findResources('Custom::CDKBucketDeployment')) as Array<{
      Properties: {
        DestinationBucketName: unknown;
        DistributionPaths: string[];
        SourceBucketNames: unknown[];
      };
    }>;
    expect(uploads).toHaveLength(1);
    expect(JSON.stringify(uploads[0]?.Properties.DestinationBucketName)).toContain('WebSitePages');
    expect(uploads[0]?.Properties.DistributionPaths).toEqual(['/*']);
    const assetFolders = readdirSync(assemblyDirectory).filter((name) => name.startsWith('asset.'));
    expect(
      assetFolders.some((folder) => existsSync(path.join(assemblyDirectory, folder, 'register.html'))),
    ).toBe(true);
  });

  it('sends the same security headers as the local gateway: CSP without inline script, HSTS, no framing, referrer policy', async () => {
    const { SECURITY_HEADERS } = await import('../../functions/shared/web-security-headers');
    // The pages' policy (the admin app's own is test/infra/admin-app.test.ts's).
    const policy = (
      Object.values(stateless.findResources('AWS::CloudFront::ResponseHeadersPolicy')) as Array<{
        Properties: {
          ResponseHeadersPolicyConfig: {
            Comment: string;
            SecurityHeadersConfig: Record<string, Record<string, unknown>>;
          };
        };
      }>
    ).find((candidate) => candidate.Properties.ResponseHeadersPolicyConfig.Comment.endsWith('network pages'));
    if (!policy) throw new Error('no headers policy of the pages');
    const headers = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers.ContentSecurityPolicy?.ContentSecurityPolicy).toBe(
      SECURITY_HEADERS['content-security-policy'],
    );
    expect(String(headers.ContentSecurityPolicy?.ContentSecurityPolicy)).toContain("script-src 'self';");
    expect(String(headers.ContentSecurityPolicy?.ContentSecurityPolicy)).toContain("frame-ancestors 'none'");
    expect(String(headers.ContentSecurityPolicy?.ContentSecurityPolicy)).not.toContain('unsafe-inline');
    expect(headers.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 63072000,
      IncludeSubdomains: true,
    });
    expect(headers.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
    expect(headers.ReferrerPolicy).toMatchObject({ ReferrerPolicy: 'strict-origin-when-cross-origin' });
    expect(headers.ContentTypeOptions).toMatchObject({ Override: true });
  });
});
