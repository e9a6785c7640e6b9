import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ADMIN_PREFIX, routes } from '../../functions/http/routes';
import { json } from '../../functions/shared/http';
import { buildApp } from '../../infra/app';
import { because } from '../fixtures/because';

/**
 * Who may reach the API, how fast, and from which origin, read off the synthesized template:
 * every admin route behind the Cognito JWT authoriser and every public one open; stage throttling;
 * no CORS anywhere (the pages and the API share CloudFront's origin, so a browser on any other
 * origin cannot read an answer); no way around API Gateway (no function URLs). API Gateway HTTP
 * APIs have a fixed 10 MB payload limit that no template can lower: the contract's 16 KB is
 * enforced in every handler (functions/shared/http.ts), proven by the 413 cases of
 * test/integration/fuzz-endpoints.test.ts.
 */
let stateless: Template;

beforeAll(() => {
  // No bundling: only routes, authorisers, permissions and headers are read here (infra.test.ts
  // checks the bundles).
  const built = buildApp({ 'aws:cdk:bundling-stacks': [] });
  const stacks = [built.api, built.consumers];
  const templates = (() => {
    try {
      built.app.synth();
      return stacks.map((stack) => Template.fromStack(stack).toJSON());
    } catch (error) {
      // cdk-nag findings fail the synth after the templates are written (infra.test.ts reports them);
      // anything else that fails it leaves no template, and is the error to show.
      return stacks.map((stack) => {
        const file = path.join(built.app.outdir, stack.templateFile);
        if (!existsSync(file)) throw error;
        return JSON.parse(readFileSync(file, 'utf8'));
      });
    }
  })() as { Resources: object }[];
  // The API stack and the consumers stack as one template: the rules below hold for both.
  stateless = Template.fromJSON({ Resources: Object.assign({}, ...templates.map((t) => t.Resources)) });
}, 240_000);

type Resource = { Properties: Record<string, unknown> };

describe('API access in the template', () => {
  it('puts every admin route, and only those, behind the JWT authoriser of the Cognito user pool', () => {
    // Arrange
    const authorizers = stateless.findResources('AWS::ApiGatewayV2::Authorizer');
    const [authorizerId, authorizer] = Object.entries(authorizers)[0] as [string, Resource];
    const apiRoutes = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route')) as Resource[];
    // Assert
    expect(Object.keys(authorizers)).toHaveLength(1);
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [expect.anything()], Issuer: expect.anything() },
    });
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration)).toContain('cognito-idp');
    expect(apiRoutes).toHaveLength(routes.length);
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      const found = apiRoutes.find((candidate) => candidate.Properties.RouteKey === key);
      because(key, () => expect(found).toBeDefined());
      if (route.access === 'admin' || route.path.startsWith(ADMIN_PREFIX)) {
        because(key, () => expect(route.access).toBe('admin'));
        because(key, () =>
          expect(found?.Properties).toMatchObject({
            AuthorizationType: 'JWT',
            AuthorizerId: { Ref: authorizerId },
          }),
        );
      } else {
        because(key, () => expect(found?.Properties.AuthorizationType ?? 'NONE').toBe('NONE'));
      }
    }
  });

  it('throttles the stage', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingBurstLimit: 50, ThrottlingRateLimit: 25 },
    });
  });

  it('allows no cross-origin reads: no CORS on the API or CloudFront, and the API on the site’s origin', () => {
    // Assert: API Gateway answers no preflight and adds no Access-Control-* header …
    const apis = Object.values(stateless.findResources('AWS::ApiGatewayV2::Api')) as Resource[];
    expect(apis.length).toBeGreaterThan(0);
    for (const api of apis) expect(api.Properties.CorsConfiguration).toBeUndefined();
    // … nor does CloudFront …
    for (const policy of Object.values(
      stateless.findResources('AWS::CloudFront::ResponseHeadersPolicy'),
    ) as Resource[]) {
      expect(
        (policy.Properties.ResponseHeadersPolicyConfig as Record<string, unknown>).CorsConfig,
      ).toBeUndefined();
    }
    // … nor do the handlers,
    expect(Object.keys(json(200, {}).headers ?? {}).filter((name) => /^access-control-/i.test(name))).toEqual(
      [],
    );
    // and the API is served under /api/* of the pages' own distribution.
    stateless.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: Match.arrayWith([
          Match.objectLike({ PathPattern: '/api/*', ViewerProtocolPolicy: 'https-only' }),
        ]),
      }),
    });
  });

  it('offers no way around API Gateway and its authoriser (no Lambda function URLs)', () => {
    stateless.resourceCountIs('AWS::Lambda::Url', 0);
    const permissions = Object.values(stateless.findResources('AWS::Lambda::Permission')) as Resource[];
    for (const permission of permissions) {
      // Only API Gateway, EventBridge, the scheduler or the pipe may invoke; never a public principal.
      expect(permission.Properties.Principal).not.toBe('*');
    }
  });
});
