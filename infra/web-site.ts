import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import {
  adminContentSecurityPolicy,
  CONTENT_SECURITY_POLICY,
  HSTS_MAX_AGE_SECONDS,
} from '../functions/shared/web-security-headers';
import { writeAdminApp } from '../web/admin/build';
import { acknowledgeNag } from './nag';
import { stageSettings } from './stages';

/** The pages the site serves (web/ of this repository). */
export const WEB_ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'web');

/**
 * `/cancel` is `cancel.html`, as the local gateway serves it: the links in e-mail stay short and
 * the same locally and in AWS. Runs at the edge on every page request (CloudFront Functions).
 */
const PRETTY_URLS = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) request.uri = uri + 'index.html';
  else if (uri.lastIndexOf('.') <= uri.lastIndexOf('/')) request.uri = uri + '.html';
  return request;
}`;

/** The construct id prefix of CDK's BucketDeployment handler (a singleton at the stack's root). */
export const UPLOAD_HANDLER_PREFIX = 'Custom::CDKBucketDeployment';

/**
 * The upload is CDK's own BucketDeployment: a custom resource whose handler, maintained in
 * aws-cdk-lib, copies the asset into the bucket and invalidates the distribution, only while a
 * deployment runs. Its findings are acknowledged on that handler alone, each by name, and
 * test/infra holds our own functions to the house rules without it.
 */
const acknowledgeUploadHandler = (stack: Stack, bucketLogicalId: string): void => {
  const reason =
    'CDK’s BucketDeployment handler (uploads web/ to the site bucket and invalidates CloudFront during deployments): its runtime, the managed logging policy and the S3 actions on the CDK asset bucket and the site bucket are set by aws-cdk-lib; CreateInvalidation supports no resource-level permission.';
  const findings = [
    'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'L1',
    'IAM5[Resource::*]',
    'IAM5[Action::s3:GetBucket*]',
    'IAM5[Action::s3:GetObject*]',
    'IAM5[Action::s3:List*]',
    'IAM5[Action::s3:Abort*]',
    'IAM5[Action::s3:DeleteObject*]',
    'IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
    `IAM5[Resource::<${bucketLogicalId}.Arn>/*]`,
  ];
  for (const child of stack.node.children) {
    if (!child.node.id.startsWith(UPLOAD_HANDLER_PREFIX)) continue;
    for (const finding of findings) acknowledgeNag(child, finding, reason);
  }
};

export interface WebSiteProps {
  readonly stage: string;
  /** The HTTP API, served under /api/* of the same origin (so the pages need no CORS). */
  readonly httpApi: apigw.IHttpApi;
  /** The admin app's sign-in (Cognito managed login), written to /admin/config.json at deployment. */
  readonly signIn: AdminSignIn;
}

export interface AdminSignIn {
  readonly issuer: string;
  readonly clientId: string;
  readonly redirectUri: string;
  /** Cognito's managed-login sign-out (`<domain>/logout`). */
  readonly logoutEndpoint: string;
  /** The origins the app fetches from: the issuer's (discovery, keys) and the managed-login domain (tokens). */
  readonly origins: readonly string[];
}

/**
 * The built admin app in a fresh folder of its own, as `admin/…`: one upload puts it next to the
 * pages (a second BucketDeployment would prune the first's files). A folder per synth, since test
 * workers synthesize side by side.
 */
const builtAdminApp = (): string => {
  const root = mkdtempSync(path.join(tmpdir(), 'admin-app-'));
  writeAdminApp(path.join(root, 'admin'));
  return root;
};

/**
 * The public pages: a private S3 bucket read only by CloudFront (origin access control), with the
 * API on the same origin under /api/*, and the security headers of
 * functions/shared/web-security-headers.ts on every response.
 */
export class WebSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly headers: cloudfront.ResponseHeadersPolicy;
  readonly adminHeaders: cloudfront.ResponseHeadersPolicy;
  readonly upload: s3deploy.BucketDeployment;

  constructor(scope: Construct, id: string, props: WebSiteProps) {
    super(scope, id);
    const stage = stageSettings(props.stage);

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      // Access logs hold addresses (IP) of visitors: kept as long as the stage keeps access logs.
      lifecycleRules: [{ expiration: Duration.days(stage.accessLogRetention) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new s3.Bucket(this, 'Pages', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'pages/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Security headers of the municipal network pages',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });

    // The admin app's own policy: the same headers, its CSP naming the sign-in origins.
    this.adminHeaders = new cloudfront.ResponseHeadersPolicy(this, 'AdminSecurityHeaders', {
      comment: 'Security headers of the municipal network admin app',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: adminContentSecurityPolicy(props.signIn.origins),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });

    const pagesOrigin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);
    const prettyUrls = new cloudfront.Function(this, 'PrettyUrls', {
      code: cloudfront.FunctionCode.fromInline(PRETTY_URLS),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });
    const api = new origins.HttpOrigin(
      `${props.httpApi.apiId}.execute-api.${Stack.of(this).region}.amazonaws.com`,
      {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      },
    );
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Municipal network pages and API (${props.stage})`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: pagesOrigin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: this.headers,
        functionAssociations: [
          { eventType: cloudfront.FunctionEventType.VIEWER_REQUEST, function: prettyUrls },
        ],
      },
      additionalBehaviors: {
        '/admin/*': {
          origin: pagesOrigin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          responseHeadersPolicy: this.adminHeaders,
          functionAssociations: [
            { eventType: cloudfront.FunctionEventType.VIEWER_REQUEST, function: prettyUrls },
          ],
        },
        '/api/*': {
          origin: api,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          // Never cached: answers depend on the request and its token.
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: this.headers,
        },
      },
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      enableLogging: true,
      logBucket: accessLogs,
      logFilePrefix: 'cloudfront/',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
    });
    // The pages of this commit go up with every deployment, and CloudFront forgets the old ones.
    this.upload = new s3deploy.BucketDeployment(this, 'Upload', {
      sources: [
        // web/admin/ holds the admin app's sources: the built app goes up instead, with its config.
        s3deploy.Source.asset(WEB_ROOT, { exclude: ['admin', 'admin/**'] }),
        s3deploy.Source.asset(builtAdminApp()),
        s3deploy.Source.jsonData('admin/config.json', {
          issuer: props.signIn.issuer,
          clientId: props.signIn.clientId,
          redirectUri: props.signIn.redirectUri,
          logoutEndpoint: props.signIn.logoutEndpoint,
        }),
      ],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 256,
      // Kept like every function's logs (the stage's retention, infra/stages.ts).
      logGroup: new logs.LogGroup(this, 'UploadLogs', {
        retention: stage.logRetention,
        removalPolicy: stage.dataRemovalPolicy,
      }),
    });
    acknowledgeUploadHandler(
      Stack.of(this),
      Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnResource),
    );

    acknowledgeNag(
      this.distribution,
      'CFR1',
      'The pages are for officials of Swedish municipalities, who also work abroad; nothing here is restricted by country.',
    );
    acknowledgeNag(
      this.distribution,
      'CFR2',
      'No WAF yet: the API throttles (burst 50, rate 25 per second) and refuses bad input with 4xx; a WAF web ACL is part of the reliability and security work (issue 7).',
    );
    acknowledgeNag(
      this.distribution,
      'CFR4',
      'The default *.cloudfront.net certificate allows TLSv1; the TLS 1.2 policy set here applies once the network’s own domain and certificate are attached (docs/operations.md).',
    );
  }
}
