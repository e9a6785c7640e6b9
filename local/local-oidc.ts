import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { JWK } from 'jose';
import Provider, {
  type Adapter,
  type AdapterPayload,
  type Configuration,
  errors,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import { type AdminRole, GROUPS_CLAIM } from '../functions/shared/admin-roles';
import { describeError, logger } from '../functions/shared/logger';
import { ADMIN_CLIENT_ID } from './local-auth';

/** A seeded account of the local provider: signs in with its username (an e-mail address) and password. */
export interface LocalAccount {
  readonly sub: string;
  readonly username: string;
  readonly password: string;
  readonly name: string;
  readonly groups: readonly AdminRole[];
}

/** The scopes of the admin app, as on the user pool client in AWS. */
export const ADMIN_SCOPES = 'openid email profile';

/**
 * The resource the admin app's access tokens are for. Every authorization request gets it (the
 * app names none), so the access token is a JWT (RFC 9068) with `aud` = the app's client id: the
 * local authoriser's audience, as the user pool client's id is in AWS.
 */
const ADMIN_API_RESOURCE = 'urn:municipal-network:admin-api';

/** The sign-in page allows nothing but its own form (and posting it on to the admin app). */
const contentSecurityPolicy = (formTargets: readonly string[]) =>
  [
    "default-src 'none'",
    `form-action 'self' ${formTargets.join(' ')}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string,
  );

const page = (title: string, body: string) => `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Kommunnätverket</title>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;

/** The provider's own sign-in page: no script, no style, every field labelled. */
export const loginPage = (uid: string, options: { username?: string; failed?: boolean } = {}) =>
  page(
    'Logga in',
    `<h1>Logga in</h1>
<p>Kommunnätverkets administration (lokal inloggning).</p>
${options.failed ? '<p id="fel" role="alert">Fel användarnamn eller lösenord. Försök igen.</p>\n' : ''}<form method="post" action="/interaction/${encodeURIComponent(uid)}/login">
<p>
<label for="username">Användarnamn (e-postadress)</label>
<input id="username" name="username" type="email" autocomplete="username" required${options.username ? ` value="${escapeHtml(options.username)}"` : ''}${options.failed ? ' aria-describedby="fel" aria-invalid="true"' : ''}>
</p>
<p>
<label for="password">Lösenord</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${options.failed ? ' aria-describedby="fel" aria-invalid="true"' : ''}>
</p>
<p><button type="submit">Logga in</button></p>
</form>`,
  );

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
const passwordMatches = (given: string, expected: string) => timingSafeEqual(digest(given), digest(expected));

const readForm = (req: IncomingMessage): Promise<URLSearchParams> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 16 * 1024) {
        reject(new Error('form too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });

const newPassword = () => randomBytes(18).toString('base64url');

const SEEDED = [
  {
    key: 'admin',
    sub: 'local-secretariat',
    username: 'sekretariatet@network.local',
    name: 'Sekretariatet',
    groups: ['secretariat'],
  },
  {
    key: 'check-in',
    sub: 'local-check-in',
    username: 'incheckning@network.local',
    name: 'Incheckning',
    groups: ['check-in'],
  },
] as const;

/**
 * The seeded accounts: one of the secretariat and one for check-in. Their passwords are made at the
 * first start (crypto random) and kept in `<stateDir>/admin-login.json` and
 * `<stateDir>/check-in-login.json` (mode 0600), so they stay the same across restarts; without a
 * state folder (tests) they are new on every start.
 */
export const seededAccounts = (stateDir?: string): LocalAccount[] =>
  SEEDED.map((seed) => {
    const file = stateDir ? join(stateDir, `${seed.key}-login.json`) : undefined;
    let password: string | undefined;
    if (file && existsSync(file)) {
      try {
        const stored = JSON.parse(readFileSync(file, 'utf8')) as { username?: unknown; password?: unknown };
        if (
          stored.username === seed.username &&
          typeof stored.password === 'string' &&
          stored.password.length >= 16
        )
          password = stored.password;
      } catch {
        // unreadable: a new password below
      }
    }
    if (password === undefined) {
      password = newPassword();
      if (file && stateDir) {
        mkdirSync(stateDir, { recursive: true });
        writeFileSync(file, `${JSON.stringify({ username: seed.username, password }, null, 2)}\n`, {
          mode: 0o600,
        });
      }
    }
    return { sub: seed.sub, username: seed.username, password, name: seed.name, groups: [...seed.groups] };
  });

export interface LocalOidcSettings {
  /** The key the provider signs with (the local authoriser's, local/local-auth.ts). */
  signingKey: JWK;
  accounts: readonly LocalAccount[];
  /** The admin app's redirect (and post-logout) URIs. */
  redirectUris: readonly string[];
}

export interface LocalOidc {
  /** The issuer URL (loopback), known as soon as the server listens. */
  issuer: string;
  /** Sets the provider up: until then its server answers 503 (the admin app's URL comes later). */
  configure(settings: LocalOidcSettings): void;
  server: Server;
  stop(): Promise<void>;
}

/**
 * Sessions, codes and grants in memory, per model: a restart signs everyone out, which is what a
 * local cloud wants (the provider's own in-memory default says the same, with a warning).
 */
const memoryAdapter = () => {
  const store = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const live = (key: string) => {
    const entry = store.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      store.delete(key);
      return undefined;
    }
    return entry.payload;
  };
  return class MemoryAdapter implements Adapter {
    constructor(readonly model: string) {}
    private key(id: string) {
      return `${this.model}:${id}`;
    }
    async upsert(id: string, payload: AdapterPayload, expiresIn = 3600) {
      store.set(this.key(id), { payload, expiresAt: Date.now() + expiresIn * 1000 });
    }
    async find(id: string) {
      return live(this.key(id));
    }
    async findByUid(uid: string) {
      for (const key of store.keys())
        if (key.startsWith(`${this.model}:`) && store.get(key)?.payload.uid === uid) return live(key);
      return undefined;
    }
    async findByUserCode(userCode: string) {
      for (const key of store.keys())
        if (key.startsWith(`${this.model}:`) && store.get(key)?.payload.userCode === userCode)
          return live(key);
      return undefined;
    }
    async consume(id: string) {
      const entry = store.get(this.key(id));
      if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string) {
      store.delete(this.key(id));
    }
    async revokeByGrantId(grantId: string) {
      for (const [key, entry] of store) if (entry.payload.grantId === grantId) store.delete(key);
    }
  };
};

const providerConfiguration = (settings: LocalOidcSettings): Configuration => {
  const bySub = new Map(settings.accounts.map((account) => [account.sub, account]));
  return {
    adapter: memoryAdapter(),
    clients: [
      {
        client_id: ADMIN_CLIENT_ID,
        // A public client, as the app runs in the browser: no secret, so PKCE is required.
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [...settings.redirectUris],
        post_logout_redirect_uris: [...settings.redirectUris],
      },
    ],
    jwks: { keys: [settings.signingKey as never] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    // The app exchanges the code from the browser: CORS for its own origin only, as Cognito's
    // token endpoint answers the app's origin.
    clientBasedCORS: (_ctx, origin, client) =>
      client.redirectUris?.some((uri) => new URL(uri).origin === origin) ?? false,
    responseTypes: ['code'],
    scopes: ADMIN_SCOPES.split(' '),
    claims: {
      openid: ['sub', GROUPS_CLAIM, 'cognito:username'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    // End-user claims in the ID token, as Cognito's ID tokens carry them.
    conformIdTokenClaims: false,
    findAccount: async (_ctx, sub) => {
      const account = bySub.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: account.username,
          email_verified: true,
          name: account.name,
          [GROUPS_CLAIM]: [...account.groups],
          'cognito:username': account.username,
        }),
      };
    },
    // As in Cognito's access tokens: what the app is, the user's groups and `token_use`.
    extraTokenClaims: async (_ctx, token) => {
      const account = 'accountId' in token ? bySub.get(token.accountId) : undefined;
      if (!account) return undefined;
      return { token_use: 'access', [GROUPS_CLAIM]: [...account.groups], username: account.username };
    },
    // No consent screen: the admin app is the provider's own, as the user pool's client is.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const client = ctx.oidc.client;
      const accountId = ctx.oidc.session?.accountId;
      if (!client || !accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(client.clientId);
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing) return existing;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId });
      grant.addOIDCScope(ADMIN_SCOPES);
      grant.addResourceScope(ADMIN_API_RESOURCE, ADMIN_SCOPES);
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          // The provider's form (a hidden xsrf field), confirmed with a button: no script.
          ctx.type = 'html';
          ctx.body = page(
            'Logga ut',
            `<h1>Logga ut</h1>\n${form.replace(/<script[\s\S]*?<\/script>/gi, '')}\n<p><button type="submit" form="op.logoutForm" name="logout" value="yes">Logga ut</button></p>`,
          );
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => ADMIN_API_RESOURCE,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resourceIndicator) => {
          if (resourceIndicator !== ADMIN_API_RESOURCE) throw new errors.InvalidTarget();
          return {
            scope: ADMIN_SCOPES,
            audience: ADMIN_CLIENT_ID,
            accessTokenFormat: 'jwt',
            accessTokenTTL: 3600,
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page(
        'Inloggningen misslyckades',
        `<h1>Inloggningen misslyckades</h1>\n<p>${escapeHtml(String(out.error))}: ${escapeHtml(String(out.error_description ?? ''))}</p>`,
      );
    },
    // As the user pool client: one hour.
    ttl: {
      AccessToken: 3600,
      IdToken: 3600,
      AuthorizationCode: 300,
      Interaction: 900,
      Session: 8 * 3600,
      Grant: 8 * 3600,
    },
  };
};

/**
 * The local cloud's sign-in: a real OpenID Connect provider (oidc-provider) on its own loopback
 * port, as Cognito's managed login is on a domain of its own. Authorization code with PKCE for
 * the admin app (a public client), no consent screen, the seeded accounts, tokens signed with the
 * local authoriser's key, access tokens as JWTs carrying `cognito:groups`.
 */
export const startLocalOidc = async (options: { port: number; host?: string }): Promise<LocalOidc> => {
  let provider: Provider | undefined;
  let callback: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  let accounts: readonly LocalAccount[] = [];
  let csp = contentSecurityPolicy([]);

  const interaction = async (req: IncomingMessage, res: ServerResponse, uid: string, login: boolean) => {
    const oidc = provider as Provider;
    const details = await oidc.interactionDetails(req, res);
    if (details.uid !== uid || details.prompt.name !== 'login') {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Ingen pågående inloggning');
      return;
    }
    const html = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(body);
    };
    if (!login) return html(200, loginPage(uid));
    if (req.method !== 'POST') return html(405, loginPage(uid));
    const form = await readForm(req);
    const username = (form.get('username') ?? '').trim();
    const password = form.get('password') ?? '';
    const account = accounts.find((candidate) => candidate.username.toLowerCase() === username.toLowerCase());
    // The same answer for an unknown user and a wrong password (as Cognito's preventUserExistenceErrors).
    if (!account || !passwordMatches(password, account.password))
      return html(200, loginPage(uid, { username, failed: true }));
    await oidc.interactionFinished(
      req,
      res,
      { login: { accountId: account.sub } },
      { mergeWithLastSubmission: false },
    );
  };

  const server = createServer((req, res) => {
    res.setHeader('content-security-policy', csp);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    if (!callback) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The local OpenID provider is starting');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const match = /^\/interaction\/([^/]+)(\/login)?$/.exec(path);
    if (!match) return callback(req, res);
    interaction(req, res, decodeURIComponent(match[1] as string), match[2] !== undefined).catch((error) => {
      logger.info('local sign-in: interaction refused', describeError(error));
      if (res.headersSent) return res.end();
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        page('Inloggningen misslyckades', '<h1>Inloggningen misslyckades</h1>\n<p>Börja om från appen.</p>'),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const issuer = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    server,
    configure: (settings) => {
      accounts = settings.accounts;
      csp = contentSecurityPolicy([...new Set(settings.redirectUris.map((uri) => new URL(uri).origin))]);
      provider = new Provider(issuer, providerConfiguration(settings));
      callback = provider.callback();
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
