import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CONTENT_SECURITY_POLICY, HSTS_MAX_AGE_SECONDS } from '../functions/shared/web-security-headers';
import { acknowledgeNag } from './nag';

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

export interface WebSiteProps {
  readonly stage: string;
  /** The HTTP API, served under /api/* of the same origin (so the pages need no CORS). */
  readonly httpApi: apigw.IHttpApi;
}

/**
 * The public pages: a private S3 bucket read only by CloudFront (origin access control), with the
 * API on the same origin under /api/*, and the security headers of
 * functions/shared/web-security-headers.ts on every response.
 */
export class WebSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly headers: cloudfront.ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: WebSiteProps) {
    super(scope, id);
    const isProd = props.stage === 'prod';

    const logs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(isProd ? 365 : 30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeNag(
      logs,
      'S1',
      'This is the access-log bucket of the site; logging its own access would loop.',
    );

    this.bucket = new s3.Bucket(this, 'Pages', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: logs,
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
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: this.headers,
        functionAssociations: [
          {
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
            function: new cloudfront.Function(this, 'PrettyUrls', {
              code: cloudfront.FunctionCode.fromInline(PRETTY_URLS),
              runtime: cloudfront.FunctionRuntime.JS_2_0,
            }),
          },
        ],
      },
      additionalBehaviors: {
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
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
    });
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
