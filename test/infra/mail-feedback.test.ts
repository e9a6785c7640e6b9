import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { CfnResource, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { type Subscription, subscriptions } from '../../functions/subscriptions';
import { buildApp } from '../../infra/app';
import { MAIL_FEEDBACK_ENTRY, MailFeedbackConsumer } from '../../infra/mail-feedback';
import { because } from '../fixtures/because';

/** Every row of the subscription table, as its interface (the literal rows differ in their flags). */
const consumerRows: readonly Subscription[] = subscriptions;

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
  Condition?: unknown;
}
interface ReportViolation {
  ruleName: string;
  violatingConstructs: { constructPath: string }[];
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
const logicalId = (construct: { node: { defaultChild?: unknown } }, stack: Stack): string =>
  stack.getLogicalId(construct.node.defaultChild as CfnResource);

let built: ReturnType<typeof buildApp>;
let stateful: Template;
let consumers: Template;
let consumer: MailFeedbackConsumer;
let reportFile: string;

beforeAll(() => {
  // Arrange (once). No bundling: these tests read the templates and the cdk-nag report, not the code
  // (test/infra/infra.test.ts loads every bundle, this function's included).
  built = buildApp({ 'aws:cdk:bundling-stacks': [] });
  try {
    built.app.synth();
  } catch {
    // An unacknowledged finding anywhere fails the synth after the report is written; the cdk-nag
    // test below looks only at this feature's constructs, infra.test.ts at the whole app.
  }
  reportFile = path.join(built.app.outdir, 'validation-report.json');
  stateful = Template.fromStack(built.stateful, { skipCyclicalDependenciesCheck: true });
  consumers = Template.fromStack(built.consumers, { skipCyclicalDependenciesCheck: true });
  const found = built.consumers.node.tryFindChild('MailFeedback');
  if (!(found instanceof MailFeedbackConsumer)) {
    throw new Error('The consumers stack has no MailFeedbackConsumer with id "MailFeedback" (docs/email.md)');
  }
  consumer = found;
}, 120_000);

const topicId = () => logicalId(built.stateful.mailFeedback.topic, built.stateful);

describe('SES feedback in the stateful stack', () => {
  it('records bounces and complaints of the configuration set on the feedback topic, and nothing else', () => {
    // Arrange
    const configurationSetId = logicalId(built.stateful.configurationSet, built.stateful);

    // Act
    const destinations = Object.values(
      stateful.findResources('AWS::SES::ConfigurationSetEventDestination'),
    ) as Resource[];

    // Assert
    expect(destinations).toHaveLength(1);
    expect(destinations[0]?.Properties).toEqual({
      ConfigurationSetName: { Ref: configurationSetId },
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint'],
        SnsDestination: { TopicARN: { Ref: topicId() } },
      },
    });
  });

  it('encrypts the topic with a rotated key of its own that SES may use only for this configuration set', () => {
    // Arrange
    const topic = stateful.findResources('AWS::SNS::Topic')[topicId()] as Resource;
    const keyId = logicalId(built.stateful.mailFeedback.key, built.stateful);
    const key = stateful.findResources('AWS::KMS::Key')[keyId] as Resource;

    // Assert
    expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(key.Properties.EnableKeyRotation).toBe(true);
    const statements = (key.Properties.KeyPolicy as { Statement: Statement[] }).Statement;
    const forSes = statements.filter(
      (statement) => JSON.stringify(statement.Principal) === JSON.stringify({ Service: 'ses.amazonaws.com' }),
    );
    expect(forSes).toHaveLength(1);
    expect(asArray(forSes[0]?.Action ?? []).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect(JSON.stringify(forSes[0]?.Condition)).toContain(':configuration-set/');
    expect(forSes[0]?.Condition).toMatchObject({
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
    });
  });

  it('lets only SES for this configuration set publish, and refuses anything without TLS', () => {
    stateful.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId() }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'ses.amazonaws.com' },
            Condition: {
              StringEquals: {
                'AWS:SourceAccount': { Ref: 'AWS::AccountId' },
                'AWS:SourceArn': Match.anyValue(),
              },
            },
          }),
        ]),
      },
    });
  });
});

describe('the SES feedback function in the consumers stack', () => {
  const functionId = () => logicalId(consumer.handler.function, built.consumers);
  const queueId = () => logicalId(consumer.deadLetterQueue, built.consumers);
  const role = () => logicalId(consumer.handler.role, built.consumers);
  const statementsOfRole = () =>
    (Object.values(consumers.findResources('AWS::IAM::Policy')) as Resource[])
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(role()))
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);

  it('runs the handler of functions/ses-feedback with the link-token key, retries twice, then its DLQ', () => {
    // Arrange
    const fn = consumers.findResources('AWS::Lambda::Function')[functionId()] as Resource;

    // Assert
    expect(MAIL_FEEDBACK_ENTRY).toBe('functions/ses-feedback/on-ses-feedback-suppress.ts');
    expect(existsSync(path.join(import.meta.dirname, '../..', MAIL_FEEDBACK_ENTRY))).toBe(true);
    expect(fn.Properties).toMatchObject({
      Handler: 'index.handler',
      Timeout: 30,
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [queueId(), 'Arn'] } },
      Environment: {
        Variables: { TABLE_NAME: expect.anything(), LINK_TOKEN_SECRET_ARN: expect.anything() },
      },
    });
    expect(
      (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.LINK_TOKEN_SECRET_ARN,
    ).toBeDefined();
    consumers.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId() },
      MaximumRetryAttempts: 2,
    });
  });

  it('is subscribed to the feedback topic, with the same DLQ for what SNS cannot deliver', () => {
    // Act
    const subscriptions = Object.values(consumers.findResources('AWS::SNS::Subscription')) as Resource[];

    // Assert
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0]?.Properties).toMatchObject({
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [functionId(), 'Arn'] },
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [queueId(), 'Arn'] } },
    });
    // The topic lives in the stateful stack: its ARN comes from that stack's outputs.
    expect(JSON.stringify(subscriptions[0]?.Properties.TopicArn)).toMatch(/Stateful.*MailFeedbackTopic/);
    const permissions = (Object.values(consumers.findResources('AWS::Lambda::Permission')) as Resource[])
      .map((permission) => permission.Properties)
      .filter((permission) => JSON.stringify(permission.FunctionName).includes(functionId()));
    expect(permissions).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [functionId(), 'Arn'] },
        Principal: 'sns.amazonaws.com',
        SourceArn: subscriptions[0]?.Properties.TopicArn,
      },
    ]);
  });

  it('keeps its dead letters encrypted, TLS-only, 14 days, and lets SNS put only this topic’s there', () => {
    consumers.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    const queue = consumers.findResources('AWS::SQS::Queue')[queueId()] as Resource;
    expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    consumers.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId() }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Principal: { Service: 'sns.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('may only PutItem on the table and read the link-token key: no reads, no Scan, no SES', () => {
    // Act
    const actions = statementsOfRole().flatMap((statement) => asArray(statement.Action));

    // Assert
    expect(actions.filter((action) => action.startsWith('dynamodb:'))).toEqual(['dynamodb:PutItem']);
    expect(actions.filter((action) => action.startsWith('secretsmanager:')).sort()).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
    ]);
    expect(actions.filter((action) => action.startsWith('ses:'))).toEqual([]);
    const put = statementsOfRole().find((statement) =>
      asArray(statement.Action).includes('dynamodb:PutItem'),
    );
    expect(JSON.stringify(put?.Resource)).not.toContain('index');
  });
});

describe('the suppression check in AWS', () => {
  it('gives every consumer that sends e-mail the key the suppression list is hashed with', () => {
    for (const definition of consumerRows.filter((row) => row.sendsEmail === true)) {
      // Arrange
      const handler = built.consumers.consumerFunctions.get(definition.consumer);
      if (!handler) throw new Error(definition.consumer);
      const fn = consumers.findResources('AWS::Lambda::Function')[
        logicalId(handler.function, built.consumers)
      ] as Resource;
      const roleId = logicalId(handler.role, built.consumers);
      const policies = (Object.values(consumers.findResources('AWS::IAM::Policy')) as Resource[]).filter(
        (policy) => JSON.stringify(policy.Properties.Roles).includes(roleId),
      );

      // Assert
      because(definition.consumer, () =>
        expect(
          (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables
            .LINK_TOKEN_SECRET_ARN,
        ).toBeDefined(),
      );
      because(definition.consumer, () =>
        expect(JSON.stringify(policies)).toContain('secretsmanager:GetSecretValue'),
      );
    }
  });
});

describe('cdk-nag (AwsSolutions) on the feedback constructs', () => {
  it('finds nothing unacknowledged, and only the X-Ray exception every function has acknowledged', () => {
    // Arrange
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
      pluginReports: {
        pluginName: string;
        violations: ReportViolation[];
        suppressedViolations?: ReportViolation[];
      }[];
    };
    const nag = report.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions');
    const ours = (violations: ReportViolation[] = []) =>
      violations
        .filter((violation) =>
          violation.violatingConstructs.some((construct) =>
            construct.constructPath.includes('/MailFeedback/'),
          ),
        )
        .map((violation) => violation.ruleName);

    // Assert
    expect(nag).toBeDefined();
    expect(ours(nag?.violations)).toEqual([]);
    expect(new Set(ours(nag?.suppressedViolations))).toEqual(new Set(['AwsSolutions-IAM5[Resource::*]']));
  });
});
