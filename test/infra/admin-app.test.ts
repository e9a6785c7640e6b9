import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CONTENT_SECURITY_POLICY } from '../../functions/shared/web-security-headers';
import { buildApp } from '../../infra/app';

/**
 * The admin app in AWS, read off the synthesized API stack: served under /admin/ of the pages'
 * distribution with a headers policy of its own (the public pages' CSP plus the sign-in origins in
 * connect-src), built during synth and uploaded with a config.json made of the stack's values.
 */
let template: Template;
let api: Stack;

const SITE = 'https://kommunnatverket.example';

type Resource = { Properties: Record<string, unknown> };
interface HeadersPolicy {
  Properties: {
    ResponseHeadersPolicyConfig: {
      Comment: string;
      SecurityHeadersConfig: { ContentSecurityPolicy: { ContentSecurityPolicy: unknown } };
    };
  };
}

beforeAll(() => {
  const built = buildApp({ 'aws:cdk:bundling-stacks': [], siteUrl: SITE });
  api = built.api;
  template = Template.fromStack(built.api);
}, 240_000);

const policies = () =>
  Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy')) as HeadersPolicy[];
const logicalIdOf = (policy: HeadersPolicy) =>
  Object.entries(template.findResources('AWS::CloudFront::ResponseHeadersPolicy')).find(
    ([, resource]) => resource === policy,
  )?.[0];
const adminPolicy = () =>
  policies().find((policy) =>
    policy.Properties.ResponseHeadersPolicyConfig.Comment.includes('admin'),
  ) as HeadersPolicy;
/** A CSP with CDK tokens is an Fn::Join: its literal parts, with every token as `<token>`. */
const flatten = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map(flatten).join(join[0]);
  return '<token>';
};

describe('the admin app in AWS', () => {
  it('has a headers policy of its own: the pages’ CSP with Cognito’s issuer and managed-login origins in connect-src', () => {
    // Arrange
    const csp = flatten(
      adminPolicy().Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy
        .ContentSecurityPolicy,
    );
    // Assert
    expect(csp).toMatch(
      /connect-src 'self' https:\/\/cognito-idp\.<token>\.amazonaws\.com https:\/\/<token>\.auth\.<token>\.amazoncognito\.com;/,
    );
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp.replace(/connect-src [^;]*;/, "connect-src 'self';")).toBe(CONTENT_SECURITY_POLICY);
  });

  it('keeps the public pages’ CSP as it was', () => {
    const pages = policies().find((policy) => policy !== adminPolicy()) as HeadersPolicy;
    expect(policies()).toHaveLength(2);
    expect(
      pages.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy
        .ContentSecurityPolicy,
    ).toBe(CONTENT_SECURITY_POLICY);
  });

  it('serves /admin/* from the pages’ bucket over HTTPS with the admin policy and the pretty-URL function', () => {
    // Arrange
    const distribution = Object.values(
      template.findResources('AWS::CloudFront::Distribution'),
    )[0] as Resource;
    const behaviours = (
      distribution.Properties.DistributionConfig as { CacheBehaviors: Array<Record<string, unknown>> }
    ).CacheBehaviors;
    // Act
    const admin = behaviours.find((behaviour) => behaviour.PathPattern === '/admin/*');
    // Assert
    expect(admin).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      ResponseHeadersPolicyId: { Ref: logicalIdOf(adminPolicy()) },
    });
    expect(admin?.FunctionAssociations).toHaveLength(1);
  });

  it('uploads the built app (not its sources) and a config.json of the issuer, client id, redirect and sign-out', () => {
    // Arrange
    const upload = Object.values(template.findResources('Custom::CDKBucketDeployment'))[0] as Resource;
    const markers = JSON.stringify(upload.Properties.SourceMarkers);
    // Assert: three sources (the pages, the built app, the config) …
    expect(upload.Properties.SourceObjectKeys).toHaveLength(3);
    // … the config made of the stack's values at deployment …
    // (the JSON's text is in its asset; what is filled in at deployment are these references)
    expect(markers).toContain('AdminClient');
    expect(markers).toContain('AdminUserPool');
    expect(markers).toContain('AdminSignInDomain');
    // … and the built app, with no source file of it among the pages.
    const root = (api.node.root as App).outdir;
    const folders = readdirSync(root).filter((name) => name.startsWith('asset.'));
    const built = folders.filter((folder) => existsSync(path.join(root, folder, 'admin', 'app.js')));
    expect(built).toHaveLength(1);
    expect(existsSync(path.join(root, built[0] as string, 'admin', 'index.html'))).toBe(true);
    const pages = folders.filter((folder) => existsSync(path.join(root, folder, 'register.html')));
    expect(pages).toHaveLength(1);
    expect(existsSync(path.join(root, pages[0] as string, 'admin'))).toBe(false);
  });
});
