import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONTENT_SECURITY_POLICY } from '../../../functions/shared/web-security-headers';
import { startApiGateway } from '../../../local/api-gateway';
import { createLocalIssuer } from '../../../local/local-auth';
import { repoRoot } from '../../../local/local-cloud';
import { buildAdminFiles } from '../../../web/admin/build';

/**
 * The local gateway's /admin/: the built app (not web/admin/'s sources), its config.json, and a
 * CSP of its own that adds the sign-in origin to connect-src while the pages keep theirs.
 */
const SIGN_IN = 'http://localhost:8007';
let gateway: Awaited<ReturnType<typeof startApiGateway>>;

beforeAll(async () => {
  gateway = await startApiGateway({
    port: 0,
    routes: [],
    issuer: await createLocalIssuer(SIGN_IN),
    webRoot: join(repoRoot, 'web'),
    load: async () => {
      throw new Error('no routes here');
    },
    admin: {
      files: buildAdminFiles(),
      config: () => ({ issuer: SIGN_IN, clientId: 'municipal-network-admin', redirectUri: 'x/admin/' }),
      signInOrigins: () => [SIGN_IN],
    },
  });
});

afterAll(() => gateway.stop());

describe('the local gateway’s /admin/', () => {
  it('serves the built app with the pages’ CSP plus the sign-in origin in connect-src', async () => {
    // Act
    const page = await fetch(`${gateway.url}/admin/`);
    const script = await fetch(`${gateway.url}/admin/app.js`);
    // Assert
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script src="/admin/app.js" type="module"></script>');
    expect(script.headers.get('content-type')).toContain('text/javascript');
    const csp = page.headers.get('content-security-policy');
    expect(csp).toBe(CONTENT_SECURITY_POLICY.replace("connect-src 'self'", `connect-src 'self' ${SIGN_IN}`));
    expect(csp).not.toContain('unsafe-inline');
  });

  it('serves config.json from the local cloud’s sign-in, never cached', async () => {
    const response = await fetch(`${gateway.url}/admin/config.json`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      issuer: SIGN_IN,
      clientId: 'municipal-network-admin',
      redirectUri: 'x/admin/',
    });
  });

  it('does not serve the app’s sources, and sends /admin to /admin/', async () => {
    expect((await fetch(`${gateway.url}/admin/src/main.tsx`)).status).toBe(404);
    expect((await fetch(`${gateway.url}/admin/build.ts`)).status).toBe(404);
    const bare = await fetch(`${gateway.url}/admin?lang=en`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/admin/?lang=en');
  });

  it('keeps the public pages’ CSP as it is', async () => {
    const response = await fetch(`${gateway.url}/`);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });
});
