import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ADMIN_ROLES } from '../../functions/shared/admin-roles';
import { buildApp } from '../../infra/app';

/**
 * Admin sign-in in AWS, read off the synthesized API stack: Cognito's managed login with the
 * authorization code flow and PKCE for a public client, MFA required, the roles as groups. The
 * local cloud's OpenID provider (local/local-oidc.ts) offers the same flow.
 */
let template: Template;
let api: Stack & { userPool: { node: { defaultChild?: unknown } } };

const SITE = 'https://kommunnatverket.example';

beforeAll(() => {
  // No bundling: nothing here reads the function code (infra.test.ts checks the bundles). No
  // app.synth() either: cdk-nag's findings are test/infra/infra.test.ts's to report.
  const built = buildApp({ 'aws:cdk:bundling-stacks': [], siteUrl: SITE });
  api = built.api;
  template = Template.fromStack(built.api);
}, 240_000);

type Resource = { Properties: Record<string, unknown> };

const logicalIdOf = (construct: { node: { defaultChild?: unknown } }): string =>
  api.getLogicalId((construct.node.defaultChild ?? construct) as Parameters<Stack['getLogicalId']>[0]);

describe('admin sign-in in the template', () => {
  it('has one app client: authorization code grant only, PKCE as a public client (no secret), back to the site’s /admin/', () => {
    // Arrange
    const clients = Object.values(template.findResources('AWS::Cognito::UserPoolClient')) as Resource[];
    // Assert
    expect(clients).toHaveLength(1);
    const client = (clients[0] as Resource).Properties;
    expect(client).toMatchObject({
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: expect.arrayContaining(['openid', 'email', 'profile']),
      CallbackURLs: [`${SITE}/admin/`],
      LogoutURLs: [`${SITE}/admin/`],
      SupportedIdentityProviders: ['COGNITO'],
      GenerateSecret: false,
      PreventUserExistenceErrors: 'ENABLED',
    });
    expect(client.AllowedOAuthScopes).toHaveLength(3);
    expect(client.AllowedOAuthFlows).not.toContain('implicit');
    expect(client.AllowedOAuthFlows).not.toContain('client_credentials');
    // No password (or SRP) sign-in from the app itself: only managed login, then refresh.
    expect(client.ExplicitAuthFlows ?? []).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
  });

  it('keeps MFA required and sign-up closed on the user pool', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
  });

  it('serves managed login (v2) on a Cognito prefix domain of the stage, with Cognito’s branding', () => {
    const poolId = logicalIdOf(api.userPool);
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'municipal-network-dev',
      ManagedLoginVersion: 2,
      UserPoolId: { Ref: poolId },
    });
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      UseCognitoProvidedValues: true,
      UserPoolId: { Ref: poolId },
      ClientId: Match.anyValue(),
    });
  });

  it('has one group per admin role', () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')) as Resource[];
    expect(groups.map((group) => group.Properties.GroupName).sort()).toEqual([...ADMIN_ROLES].sort());
    for (const group of groups)
      expect(group.Properties.UserPoolId).toEqual({ Ref: logicalIdOf(api.userPool) });
  });

  it('outputs what the admin app needs: the issuer, the managed-login domain and the client id', () => {
    for (const name of ['SignInIssuer', 'SignInDomain', 'UserPoolClientId']) template.hasOutput(name, {});
    expect(JSON.stringify(template.findOutputs('SignInIssuer'))).toContain('cognito-idp.');
  });

  it('uses a domain prefix of its own in prod', () => {
    const prod = Template.fromStack(buildApp({ stage: 'prod', 'aws:cdk:bundling-stacks': [] }).api);
    prod.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'municipal-network' });
  });
});
