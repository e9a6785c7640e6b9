import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { LocalCloud } from '../../local/local-cloud';
import type { LocalAccount } from '../../local/local-oidc';
import { expectErrorShape } from '../fixtures/hostile-input';
import { api, startTestCloud } from '../fixtures/local-cloud';

/**
 * Admin sign-in on the local cloud, over HTTP as a browser does it: the admin app's authorization
 * code flow with PKCE against the local OpenID provider, the provider's own sign-in page, the code
 * exchanged at the token endpoint, and the access token on the admin API, where the local
 * authoriser checks it as API Gateway's JWT authoriser checks Cognito's and the shared handler
 * checks the route's role. No consent step anywhere.
 */
let cloud: LocalCloud;
let secretariat: LocalAccount;
let checkIn: LocalAccount;

beforeAll(async () => {
  cloud = await startTestCloud({ seed: false });
  const [first, second] = cloud.signIn.accounts as [LocalAccount, LocalAccount];
  secretariat = first;
  checkIn = second;
}, 60_000);
afterAll(async () => {
  await cloud?.stop();
});

/** The provider listens on 127.0.0.1; `localhost` may resolve to ::1 first. */
const loopback = (url: string) => url.replace(/^http:\/\/localhost:/, 'http://127.0.0.1:');

/** A browser's part of the flow: a cookie jar, redirects followed by hand so each step is seen. */
const browser = () => {
  const cookies = new Map<string, string>();
  const request = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(loopback(url), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: [...cookies.values()].join('; ') },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const pair = cookie.split(';')[0] as string;
      cookies.set(pair.slice(0, pair.indexOf('=')), pair);
    }
    return response;
  };
  return { request };
};

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  code_challenge_methods_supported: string[];
}

const discover = async (): Promise<Discovery> => {
  const response = await fetch(loopback(`${cloud.signIn.issuer}/.well-known/openid-configuration`));
  expect(response.status).toBe(200);
  return (await response.json()) as Discovery;
};

/** Starts the flow as the admin app does: to the provider's sign-in page, with a PKCE challenge. */
const startFlow = async () => {
  const discovery = await discover();
  const agent = browser();
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(8).toString('hex');
  const query = new URLSearchParams({
    client_id: cloud.signIn.clientId,
    response_type: 'code',
    scope: 'openid email profile',
    redirect_uri: cloud.signIn.redirectUri,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state,
  });
  const authorization = await agent.request(`${discovery.authorization_endpoint}?${query}`);
  expect(authorization.status).toBe(303);
  const loginUrl = new URL(authorization.headers.get('location') as string, cloud.signIn.issuer).href;
  const loginPage = await agent.request(loginUrl);
  const html = await loginPage.text();
  return { discovery, agent, verifier, state, loginUrl, loginPage, html };
};

const submit = async (flow: Awaited<ReturnType<typeof startFlow>>, username: string, password: string) => {
  const action = /<form method="post" action="([^"]+)"/.exec(flow.html)?.[1];
  expect(action).toBeDefined();
  return flow.agent.request(new URL(action as string, cloud.signIn.issuer).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
};

/** The whole flow for one account: the redirects after sign-in, the code, the token response. */
const signIn = async (account: LocalAccount) => {
  const flow = await startFlow();
  let response = await submit(flow, account.username, account.password);
  const visited: string[] = [];
  for (let hops = 0; hops < 5; hops += 1) {
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') as string, cloud.signIn.issuer).href;
    if (location.startsWith(cloud.signIn.redirectUri)) {
      const callback = new URL(location);
      expect(callback.searchParams.get('state')).toBe(flow.state);
      const code = callback.searchParams.get('code');
      expect(code).toBeTruthy();
      // From the browser: the admin app's origin calls the token endpoint.
      const tokenResponse = await fetch(loopback(flow.discovery.token_endpoint), {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: new URL(cloud.signIn.redirectUri).origin,
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: code as string,
          redirect_uri: cloud.signIn.redirectUri,
          client_id: cloud.signIn.clientId,
          code_verifier: flow.verifier,
        }).toString(),
      });
      return {
        flow,
        visited,
        code: code as string,
        allowedOrigin: tokenResponse.headers.get('access-control-allow-origin'),
        tokenStatus: tokenResponse.status,
        tokens: (await tokenResponse.json()) as Record<string, string>,
      };
    }
    visited.push(location);
    response = await flow.agent.request(location);
  }
  throw new Error(`No redirect to the admin app after ${visited.join(' → ')}`);
};

describe('admin sign-in on the local cloud (local/local-oidc.ts)', () => {
  it('signs the secretariat in with the authorization code flow and PKCE, without a consent step, and the access token opens the admin API', async () => {
    // Arrange + Act
    const { flow, visited, tokenStatus, tokens, allowedOrigin } = await signIn(secretariat);

    // Assert: the provider's own sign-in page, in Swedish, locked down by its CSP
    expect(flow.loginPage.status).toBe(200);
    expect(flow.html).toContain('<html lang="sv">');
    expect(flow.html).toMatch(/<label for="username">[^<]+<\/label>\s*<input id="username"/);
    expect(flow.html).toMatch(/<label for="password">Lösenord<\/label>/);
    expect(flow.html).not.toMatch(/<script|<style|style=/i);
    const csp = flow.loginPage.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`form-action 'self' ${new URL(cloud.signIn.redirectUri).origin}`);
    // No consent: after the form, the provider's own resume step and then straight to the app.
    expect(visited).toHaveLength(1);
    expect(visited.every((url) => !/consent|interaction/.test(new URL(url).pathname))).toBe(true);

    // The token endpoint answers with a JWT access token shaped as Cognito's
    expect(tokenStatus).toBe(200);
    expect(allowedOrigin).toBe(new URL(cloud.signIn.redirectUri).origin);
    expect(tokens).toMatchObject({ token_type: 'Bearer', scope: 'openid email profile' });
    expect(decodeProtectedHeader(tokens.access_token as string)).toMatchObject({
      alg: 'RS256',
      kid: 'local',
    });
    const claims = decodeJwt(tokens.access_token as string);
    expect(claims).toMatchObject({
      iss: cloud.signIn.issuer,
      client_id: cloud.signIn.clientId,
      sub: secretariat.sub,
      scope: 'openid email profile',
      token_use: 'access',
      'cognito:groups': ['secretariat'],
    });
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
    expect(decodeJwt(tokens.id_token as string)).toMatchObject({
      aud: cloud.signIn.clientId,
      email: secretariat.username,
      'cognito:groups': ['secretariat'],
    });

    // … and the admin API lets it in
    const answer = await api(cloud, 'GET', '/api/admin/municipalities', undefined, {
      authorization: `Bearer ${tokens.access_token}`,
    });
    expect(answer.status).toBe(200);
  });

  it('publishes the key its tokens are signed with, the one the admin token of scripts is signed with too', async () => {
    const discovery = await discover();
    expect(discovery.issuer).toBe(cloud.signIn.issuer);
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
    const jwks = (await (await fetch(loopback(discovery.jwks_uri))).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((key) => key.kid)).toEqual(['local']);
    expect(decodeProtectedHeader(cloud.adminToken).kid).toBe('local');
    expect(decodeJwt(cloud.adminToken)).toMatchObject({
      iss: cloud.signIn.issuer,
      client_id: cloud.signIn.clientId,
      token_use: 'access',
      'cognito:groups': ['secretariat'],
    });
  });

  it('says so on its own page after a wrong password, and gives no code', async () => {
    // Arrange
    const flow = await startFlow();
    // Act
    const wrong = await submit(flow, secretariat.username, `${secretariat.password}x`);
    const unknown = await submit(flow, 'nobody@network.local', secretariat.password);
    // Assert
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(200);
      expect(response.headers.get('location')).toBeNull();
      const html = await response.text();
      expect(html).toContain('role="alert"');
      expect(html).toContain('Fel användarnamn eller lösenord');
      expect(html).not.toContain('code=');
    }
  });

  it('refuses a code without its PKCE verifier', async () => {
    // Arrange
    const flow = await startFlow();
    const response = await submit(flow, secretariat.username, secretariat.password);
    let location = new URL(response.headers.get('location') as string, cloud.signIn.issuer).href;
    while (!location.startsWith(cloud.signIn.redirectUri)) {
      const next = await flow.agent.request(location);
      location = new URL(next.headers.get('location') as string, cloud.signIn.issuer).href;
    }
    // Act
    const tokenResponse = await fetch(loopback(flow.discovery.token_endpoint), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: new URL(location).searchParams.get('code') as string,
        redirect_uri: cloud.signIn.redirectUri,
        client_id: cloud.signIn.clientId,
        code_verifier: randomBytes(32).toString('base64url'),
      }).toString(),
    });
    // Assert
    expect(tokenResponse.status).toBe(400);
    expect(await tokenResponse.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('answers a check-in token 403 FORBIDDEN on a secretariat route and lets it log attendance', async () => {
    // Arrange
    const { tokens } = await signIn(checkIn);
    const authorization = `Bearer ${tokens.access_token}`;
    expect(decodeJwt(tokens.access_token as string)['cognito:groups']).toEqual(['check-in']);
    // Act
    const secretariatOnly = await api(cloud, 'GET', '/api/admin/municipalities', undefined, {
      authorization,
    });
    const attendance = await api(
      cloud,
      'POST',
      '/api/admin/meetings/no-such-meeting/attendance',
      { day: '2026-01-01', registrationIds: [] },
      { authorization },
    );
    // Assert
    expect(secretariatOnly.status).toBe(403);
    expectErrorShape(secretariatOnly.body);
    expect(secretariatOnly.body).toMatchObject({ error: 'FORBIDDEN' });
    // Past the gate: the handler itself answers (there is no such meeting).
    expect(attendance).toMatchObject({ status: 404, body: { error: 'MEETING_NOT_FOUND' } });
  });

  it('refuses tokens of another issuer, expired ones and none at all with 401', async () => {
    const other = await cloud.issueAdminToken({ issuer: 'https://cognito-idp.eu-north-1.amazonaws.com/x' });
    const expired = await cloud.issueAdminToken({ expiresIn: Math.floor(Date.now() / 1000) - 60 });
    for (const authorization of [`Bearer ${other}`, `Bearer ${expired}`, undefined]) {
      const answer = await api(
        cloud,
        'GET',
        '/api/admin/municipalities',
        undefined,
        authorization ? { authorization } : {},
      );
      expect(answer).toMatchObject({ status: 401, body: { error: 'UNAUTHORIZED' } });
    }
  });
});
