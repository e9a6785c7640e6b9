import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { handler as openApiHandler } from '../../functions/http/get-openapi';
import { ADMIN_PREFIX, routes } from '../../functions/http/routes';
import { startApiGateway } from '../../local/api-gateway';
import { createLocalIssuer, type LocalIssuer } from '../../local/local-auth';
import { repoRoot } from '../../local/local-cloud';
import { because } from '../fixtures/because';
import { expectErrorShape } from '../fixtures/hostile-input';

/**
 * Every admin operation of the OpenAPI document (read from GET /api/openapi.json, never listed
 * here) refuses a request without a valid admin token: missing, malformed, expired, not yet valid,
 * for another audience, from another issuer, signed with another key or not signed at all. The
 * gate is the local API Gateway, which applies the deployed JWT authoriser's checks (signature,
 * issuer, audience, exp, nbf); test/infra/access.test.ts proves that every admin route in AWS has
 * that authoriser. Behind the gate sits a stand-in handler that records who reached it, so a
 * valid token must get through: a gate that refused everything would fail this test too.
 */
const ISSUER = 'https://issuer.access-test.invalid';
let issuer: LocalIssuer;
let impostor: LocalIssuer;
let gateway: Awaited<ReturnType<typeof startApiGateway>>;
const reached: string[] = [];

beforeAll(async () => {
  issuer = await createLocalIssuer(ISSUER);
  // Same issuer name and audience, its own key: what a forger would mint.
  impostor = await createLocalIssuer(ISSUER);
  gateway = await startApiGateway({
    port: 0,
    routes,
    issuer,
    webRoot: join(repoRoot, 'web'),
    load: async (entry) =>
      entry === 'functions/http/get-openapi.ts'
        ? (openApiHandler as never)
        : async (event): Promise<APIGatewayProxyResultV2> => {
            reached.push(`${event.requestContext.http.method} ${event.rawPath}`);
            return { statusCode: 200, body: JSON.stringify({ reached: true }) };
          },
  });
});
afterAll(async () => {
  await gateway?.stop();
});

interface Operation {
  method: string;
  path: string;
  secured: boolean;
}

const operations = async (): Promise<Operation[]> => {
  const response = await fetch(`${gateway.url.replace('localhost', '127.0.0.1')}/api/openapi.json`);
  expect(response.status).toBe(200);
  const document = (await response.json()) as {
    paths: Record<string, Record<string, { security?: unknown[] }>>;
  };
  return Object.entries(document.paths).flatMap(([path, items]) =>
    Object.entries(items)
      .filter(([method]) => ['get', 'post', 'put', 'delete', 'patch'].includes(method))
      .map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        secured: (operation.security ?? []).length > 0,
      })),
  );
};

/** A concrete URL for a templated path: any well-formed value will do, the gate comes first. */
const concrete = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => `sample-${name}`);

const call = async (operation: Operation, authorization?: string) => {
  const response = await fetch(gateway.url.replace('localhost', '127.0.0.1') + concrete(operation.path), {
    method: operation.method,
    headers: {
      'content-type': 'application/json',
      ...(authorization === undefined ? {} : { authorization }),
    },
    ...(operation.method === 'GET' ? {} : { body: '{}' }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
};

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** Every way a bearer token can be wrong, each as the Authorization header it arrives in. */
const badCredentials = async (): Promise<Record<string, string | undefined>> => {
  const valid = await issuer.issueAdminToken();
  const [header, payload] = valid.split('.') as [string, string, string];
  return {
    missing: undefined,
    'empty header': '',
    'no scheme': valid,
    'Basic scheme': `Basic ${Buffer.from('admin:admin').toString('base64')}`,
    'Bearer without token': 'Bearer ',
    'not a JWT': 'Bearer not-a-token',
    'two parts': `Bearer ${header}.${payload}`,
    'payload swapped, signature kept': `Bearer ${header}.${base64url({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'mallory', exp: now() + 10 ** 6 })}.${valid.split('.')[2]}`,
    'alg none': `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${payload}.`,
    expired: `Bearer ${await issuer.issueAdminToken({ expiresIn: now() - 60 })}`,
    'not yet valid': `Bearer ${await issuer.issueAdminToken({ notBefore: now() + 3600 })}`,
    'wrong audience': `Bearer ${await issuer.issueAdminToken({ audience: 'some-other-app' })}`,
    'wrong issuer': `Bearer ${await issuer.issueAdminToken({ issuer: 'https://evil.example' })}`,
    'wrongly signed': `Bearer ${await impostor.issueAdminToken()}`,
  };
};

describe('access to the admin API', () => {
  it('lists the same admin operations in the OpenAPI document as the route table, all under /api/admin/', async () => {
    // Arrange + Act
    const secured = (await operations()).filter((operation) => operation.secured);
    // Assert: the document cannot drop a route's security requirement unnoticed, nor the reverse.
    expect(secured.map((operation) => `${operation.method} ${operation.path}`).sort()).toEqual(
      routes
        .filter((route) => route.access === 'admin')
        .map((route) => `${route.method} ${route.path}`)
        .sort(),
    );
    expect(secured.length).toBeGreaterThan(10);
    for (const operation of await operations())
      because(operation.path, () => expect(operation.secured).toBe(operation.path.startsWith(ADMIN_PREFIX)));
  });

  it('refuses every admin operation with 401 and the documented body for each bad token, and lets a valid one through', async () => {
    // Arrange
    const secured = (await operations()).filter((operation) => operation.secured);
    const credentials = await badCredentials();
    const valid = `Bearer ${await issuer.issueAdminToken()}`;
    const refusals: string[] = [];
    for (const operation of secured) {
      for (const [kind, authorization] of Object.entries(credentials)) {
        reached.length = 0;
        // Act
        const answer = await call(operation, authorization);
        // Assert
        because(`${operation.method} ${operation.path} with ${kind}`, () => expect(answer.status).toBe(401));
        expectErrorShape(answer.body);
        expect(answer.body).toMatchObject({ error: 'UNAUTHORIZED' });
        because(`${kind} reached ${operation.path}`, () => expect(reached).toEqual([]));
        refusals.push(kind);
      }
      // The same operation with a valid token reaches the handler: the gate is not just shut.
      const through = await call(operation, valid);
      because(`${operation.method} ${operation.path} with a valid token`, () =>
        expect(through.status).toBe(200),
      );
      expect(reached).toEqual([`${operation.method} ${concrete(operation.path)}`]);
    }
    expect(refusals.length).toBe(secured.length * Object.keys(credentials).length);
  });
});
