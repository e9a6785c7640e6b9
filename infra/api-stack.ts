import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ADMIN_PREFIX, routes } from '../functions/http/routes';
import { ADMIN_ROLES, type AdminRole } from '../functions/shared/admin-roles';
import {
  baseEnvironment,
  constructId,
  type FunctionSettings,
  tableAccessOf,
  withLinkTokens,
} from './function-settings';
import { acknowledgeNag } from './nag';
import { NetworkFunction } from './network-function';
import { stageSettings } from './stages';
import { grantTableAccess } from './table-grants';
import { WebSite } from './web-site';

/** Where the admin app lives on the site, and where sign-in and sign-out send the browser back to. */
export const adminAppUrls = (siteUrl: string): { callbackUrl: string; logoutUrl: string } => {
  const base = `${siteUrl.replace(/\/+$/, '')}/admin/`;
  return { callbackUrl: base, logoutUrl: base };
};

const ROLE_DESCRIPTIONS: Readonly<Record<AdminRole, string>> = {
  secretariat: 'The network secretariat: every admin route',
  'check-in': 'Check-in at meetings: the attendance of a meeting’s days only',
};

export interface ApiStackProps extends StackProps, FunctionSettings {
  readonly table: dynamodb.ITable;
  readonly bus: events.IEventBus;
}

/**
 * What people reach: the HTTP API (one function per route in functions/http/routes.ts) with its
 * admin sign-in, and the web pages on the same origin. Stateless: destroyed and re-created freely.
 * The event consumers live in a stack of their own (consumers-stack.ts): together they passed
 * CloudFormation's 500 resources per stack.
 */
export class ApiStack extends Stack {
  readonly httpApi: apigw.HttpApi;
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;
  readonly userPoolDomain: cognito.UserPoolDomain;
  /** By route name. */
  readonly routeFunctions: ReadonlyMap<string, NetworkFunction>;
  readonly webSite: WebSite;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const settings = stageSettings(props.stage);
    const environment = baseEnvironment(props, props.table.tableName);

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
      deletionProtection: settings.deletionProtection,
      removalPolicy: settings.dataRemovalPolicy,
    });
    // The admin app signs in through Cognito's managed login: authorization code with PKCE, a
    // public client (no secret, as the app runs in the browser), no implicit grant and no SRP from
    // the app itself; MFA stays required by the pool. The same flow as the local OpenID provider.
    const adminApp = adminAppUrls(props.siteUrl);
    this.userPoolClient = this.userPool.addClient('AdminClient', {
      // Named to be off: an empty or absent list would leave Cognito's defaults (SRP, custom) on.
      authFlows: {
        userSrp: false,
        userPassword: false,
        custom: false,
        user: false,
        adminUserPassword: false,
      },
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [adminApp.callbackUrl],
        logoutUrls: [adminApp.logoutUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
    });
    this.userPoolDomain = this.userPool.addDomain('AdminSignInDomain', {
      cognitoDomain: { domainPrefix: settings.signInDomainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    // Managed login (v2) shows nothing for a client without a branding: Cognito's own look.
    new cognito.CfnManagedLoginBranding(this, 'AdminSignInBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.userPoolClient.userPoolClientId,
      useCognitoProvidedValues: true,
    }).node.addDependency(this.userPoolDomain);
    // The roles of the admin routes (functions/shared/admin-roles.ts): an operator puts each
    // account in one (docs/operations.md); the access token carries them as `cognito:groups`.
    for (const role of ADMIN_ROLES) {
      this.userPool.addGroup(`Group${constructId(role)}`, {
        groupName: role,
        description: ROLE_DESCRIPTIONS[role],
      });
    }
    // The issuer of the pool's tokens: the authoriser trusts it, the admin app discovers it.
    const signInIssuer = `https://cognito-idp.${this.region}.amazonaws.com/${this.userPool.userPoolId}`;
    const adminAuthorizer = new HttpJwtAuthorizer('AdminAuthorizer', signInIssuer, {
      jwtAudience: [this.userPoolClient.userPoolClientId],
    });

    // No CORS configuration: the web pages are served from the same origin as the API.
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: `Municipal network API (${props.stage})`,
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'HttpApiAccessLogs', {
      // Source IPs are personal data: kept shorter than the function logs (infra/stages.ts).
      retention: settings.accessLogRetention,
      removalPolicy: settings.dataRemovalPolicy,
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
        environment: withLinkTokens(props, environment, route.usesLinkTokens),
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

    // The pages and the API on one origin: CloudFront in front of S3 and of the HTTP API.
    const signInDomain = `https://${this.userPoolDomain.domainName}.auth.${this.region}.amazoncognito.com`;
    this.webSite = new WebSite(this, 'WebSite', {
      stage: props.stage,
      httpApi: this.httpApi,
      signIn: {
        issuer: signInIssuer,
        clientId: this.userPoolClient.userPoolClientId,
        redirectUri: adminApp.callbackUrl,
        logoutEndpoint: `${signInDomain}/logout`,
        origins: [`https://cognito-idp.${this.region}.amazonaws.com`, signInDomain],
      },
    });
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
    new CfnOutput(this, 'SignInIssuer', {
      value: signInIssuer,
      description: 'The OpenID issuer of the admin app (discovery at /.well-known/openid-configuration)',
    });
    new CfnOutput(this, 'SignInDomain', {
      value: signInDomain,
      description: 'Managed login of the admin app',
    });
    new CfnOutput(this, 'TableName', { value: props.table.tableName });
    new CfnOutput(this, 'EventBusName', { value: props.bus.eventBusName });
  }
}
