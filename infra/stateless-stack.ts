import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { allConsumers } from '../events/catalogue';
import { type EventDefinition, eventPattern } from '../events/define-event';
import { ADMIN_PREFIX, type RouteDefinition, routes } from '../functions/http/routes';
import { acknowledgeNag } from './nag';
import { NetworkFunction, type NetworkFunctionEnvironment } from './network-function';
import { grantTableAccess, type TableAccess } from './table-grants';
import { WebSite } from './web-site';

export interface StatelessStackProps extends StackProps {
  readonly stage: string;
  readonly table: dynamodb.ITable;
  readonly bus: events.IEventBus;
  /** Sender address of every e-mail; an address of the SES identity's domain. */
  readonly mailFrom: string;
  readonly sesConfigurationSetName: string;
  readonly sesConfigurationSetArn: string;
  readonly sesIdentityArn: string;
  /** Public address of the web pages (links in e-mail). */
  readonly siteUrl: string;
  readonly linkTokenSecret: secretsmanager.ISecret;
  /** Timers: the schedule group, the role schedules run as, and their dead-letter queue. */
  readonly timers: { groupName: string; role: iam.IRole; deadLetterQueueArn: string };
}

/**
 * Derived from the route definition: the OpenAPI document is static, reads only read, and every
 * other method writes (through the outbox).
 */
export const tableAccessOf = (route: RouteDefinition): TableAccess => {
  if (route.success.body === 'openapi') return 'none';
  return route.method === 'GET' ? 'read' : 'readWrite';
};

/** `send-registration-confirmation` → `SendRegistrationConfirmation` (construct ids are PascalCase). */
export const constructId = (name: string): string =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

/** The catalogue's pattern (EventBridge spelling) in the shape of the CDK's EventPattern. */
export const ruleEventPattern = (event: EventDefinition): events.EventPattern => {
  const { 'detail-type': detailType, ...rest } = eventPattern(event);
  return { ...rest, detailType };
};

/**
 * Everything that can be destroyed and re-created from code: the functions, the HTTP API with its
 * admin sign-in, and one rule + dead-letter queue per event consumer.
 */
export class StatelessStack extends Stack {
  readonly httpApi: apigw.HttpApi;
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;
  /** By route name. */
  readonly routeFunctions: ReadonlyMap<string, NetworkFunction>;
  /** By consumer name. */
  readonly consumerFunctions: ReadonlyMap<string, NetworkFunction>;
  readonly webSite: WebSite;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const isDev = props.stage === 'dev';
    const isProd = props.stage === 'prod';
    const environment: NetworkFunctionEnvironment = {
      TABLE_NAME: props.table.tableName,
      MAIL_FROM: props.mailFrom,
      SES_CONFIGURATION_SET: props.sesConfigurationSetName,
      SITE_URL: props.siteUrl,
    };
    /** Functions that issue or check link tokens get the key's ARN and may read only that secret. */
    const withLinkTokens = (usesLinkTokens: boolean | undefined): NetworkFunctionEnvironment =>
      usesLinkTokens
        ? { ...environment, LINK_TOKEN_SECRET_ARN: props.linkTokenSecret.secretArn }
        : environment;

    /** Functions that set timers get the scheduler settings; see `allowTimers` for their rights. */
    const withTimers = (
      base: NetworkFunctionEnvironment,
      usesScheduler: boolean | undefined,
    ): NetworkFunctionEnvironment =>
      usesScheduler
        ? {
            ...base,
            SCHEDULE_GROUP: props.timers.groupName,
            SCHEDULE_TARGET_ARN: props.bus.eventBusArn,
            SCHEDULER_ROLE_ARN: props.timers.role.roleArn,
            SCHEDULE_DLQ_ARN: props.timers.deadLetterQueueArn,
          }
        : base;
    /** Create, move and delete schedules of the network's group only, and hand them only the timer role. */
    const allowTimers = (handler: NetworkFunction) => {
      const fn = handler.function;
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
          resources: [
            this.formatArn({
              service: 'scheduler',
              resource: 'schedule',
              resourceName: `${props.timers.groupName}/*`,
            }),
          ],
        }),
      );
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['iam:PassRole'],
          resources: [props.timers.role.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
        }),
      );
      acknowledgeNag(
        handler,
        `IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${props.timers.groupName}/*]`,
        'Timer names are made at run time from meeting ids (<meetingId>-reminder-7d, …); the grant is limited to the network’s own schedule group and to create, update and delete.',
      );
    };

    // Admin sign-in: accounts are created by an administrator, never by sign-up.
    this.userPool = new cognito.UserPool(this, 'AdminUserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Plus brings threat protection (compromised credentials, adaptive authentication): AwsSolutions-COG8.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: isProd,
      removalPolicy: isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.userPoolClient = this.userPool.addClient('AdminClient', {
      // Sign-in with SRP from the admin pages; no hosted UI, so no OAuth flows (and no implicit grant).
      authFlows: { userSrp: true },
      disableOAuth: true,
      generateSecret: false,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
    });
    const adminAuthorizer = new HttpJwtAuthorizer(
      'AdminAuthorizer',
      `https://cognito-idp.${this.region}.amazonaws.com/${this.userPool.userPoolId}`,
      { jwtAudience: [this.userPoolClient.userPoolClientId] },
    );

    // No CORS configuration: the web pages are served from the same origin as the API.
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: `Municipal network API (${props.stage})`,
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'HttpApiAccessLogs', {
      retention: isDev ? logs.RetentionDays.ONE_MONTH : logs.RetentionDays.ONE_YEAR,
      removalPolicy: isDev ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    const stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      autoDeploy: true,
      throttle: { burstLimit: 50, rateLimit: 25 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            sourceIp: '$context.identity.sourceIp',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    const routeFunctions = new Map<string, NetworkFunction>();
    for (const route of routes) {
      const requiresToken = route.access === 'admin';
      if (!requiresToken && route.path.startsWith(ADMIN_PREFIX)) {
        throw new Error(`Route ${route.name} is under ${ADMIN_PREFIX} but not marked admin`);
      }
      const id = constructId(route.name);
      const handler = new NetworkFunction(this, id, {
        entry: route.entry,
        description: `${route.method} ${route.path}: ${route.summary}`,
        environment: withLinkTokens(route.usesLinkTokens),
        stage: props.stage,
      });
      if (route.usesLinkTokens) props.linkTokenSecret.grantRead(handler.function);
      grantTableAccess(handler.function, props.table, tableAccessOf(route));

      const httpRoute = new apigw.HttpRoute(this, `${id}Route`, {
        httpApi: this.httpApi,
        routeKey: apigw.HttpRouteKey.with(route.path, apigw.HttpMethod[route.method]),
        integration: new HttpLambdaIntegration(`${id}Integration`, handler.function),
        authorizer: requiresToken ? adminAuthorizer : undefined,
      });
      if (!requiresToken) {
        acknowledgeNag(
          httpRoute,
          'APIG4',
          `${route.method} ${route.path} (${route.summary}) is public by design: access 'public' in functions/http/routes.ts, used by the public registration pages without an account; stage throttling bounds abuse.`,
        );
      }
      routeFunctions.set(route.name, handler);
    }
    this.routeFunctions = routeFunctions;

    const consumerFunctions = new Map<string, NetworkFunction>();
    for (const { event, consumer } of allConsumers) {
      const id = constructId(consumer.name);
      const deadLetterQueue = new sqs.Queue(this, `${id}Dlq`, {
        enforceSSL: true,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        retentionPeriod: Duration.days(14),
      });
      // Two failure paths, one queue. EventBridge's dead-letter queue (on the rule target) only
      // catches events it could not deliver to Lambda. Once delivered, the invocation is
      // asynchronous: a function error is retried by Lambda (retryAttempts) and then lands in the
      // function's dead-letter queue. Both put the original event in the message body, so one
      // redrive replays either kind.
      const handler = new NetworkFunction(this, id, {
        entry: consumer.entry,
        description: `On ${event.detailType}: ${consumer.summary}`,
        environment: withTimers(withLinkTokens(consumer.usesLinkTokens), consumer.usesScheduler),
        stage: props.stage,
        timeout: Duration.seconds(30),
        deadLetterQueue,
        retryAttempts: 2,
      });
      // Consumers read what they need and write their idempotency receipts (keys.receipt). IAM can
      // narrow items only by a dynamodb:LeadingKeys condition on the partition key, which would have
      // to list every item a consumer may touch; the grant is the table's item read/write actions.
      grantTableAccess(handler.function, props.table, 'readWrite');
      if (consumer.usesLinkTokens) props.linkTokenSecret.grantRead(handler.function);
      if (consumer.usesScheduler) allowTimers(handler);
      if (consumer.sendsEmail === true) {
        handler.function.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['ses:SendEmail', 'ses:SendRawEmail'],
            resources: [props.sesIdentityArn, props.sesConfigurationSetArn],
          }),
        );
      }

      new events.Rule(this, `${id}Rule`, {
        eventBus: props.bus,
        description: `${event.detailType} → ${consumer.name}`,
        eventPattern: ruleEventPattern(event),
        targets: [
          new targets.LambdaFunction(handler.function, {
            deadLetterQueue,
            retryAttempts: 8,
            maxEventAge: Duration.hours(2),
          }),
        ],
      });
      consumerFunctions.set(consumer.name, handler);
    }
    this.consumerFunctions = consumerFunctions;

    // The pages and the API on one origin: CloudFront in front of S3 and of the HTTP API.
    this.webSite = new WebSite(this, 'WebSite', { stage: props.stage, httpApi: this.httpApi });
    new CfnOutput(this, 'SiteUrl', { value: `https://${this.webSite.distribution.distributionDomainName}` });
    new CfnOutput(this, 'WebBucketName', {
      value: this.webSite.bucket.bucketName,
      description:
        'Upload web/ here (aws s3 sync web/ s3://<bucket> --delete), then invalidate the distribution',
    });
    new CfnOutput(this, 'DistributionId', { value: this.webSite.distribution.distributionId });
    new CfnOutput(this, 'ApiUrl', { value: stage.url });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: props.table.tableName });
    new CfnOutput(this, 'EventBusName', { value: props.bus.eventBusName });
  }
}
