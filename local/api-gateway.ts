import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { ADMIN_PREFIX, type RouteDefinition } from '../functions/http/routes';
import { describeError, logger } from '../functions/shared/logger';
import { adminSecurityHeaders, SECURITY_HEADERS } from '../functions/shared/web-security-headers';
import { gatewayClaims, type LocalIssuer } from './local-auth';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

/** API Gateway HTTP APIs accept bodies up to 10 MB; the handlers apply the contract's own limit. */
const GATEWAY_MAX_BODY = 10 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** The headers CloudFront adds to the web pages in AWS (one definition for both). */
export { SECURITY_HEADERS };

interface CompiledRoute {
  route: RouteDefinition;
  pattern: RegExp;
  params: string[];
}

const compile = (route: RouteDefinition): CompiledRoute => {
  const params: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const match = /^\{(\w+)\}$/.exec(segment);
      if (!match) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(match[1] as string);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), params };
};

export const errorJson = (res: ServerResponse, status: number, error: string, message: string) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ error, message }));
};

class BodyTooLarge extends Error {}

export const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > GATEWAY_MAX_BODY) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

const utf8 = new TextDecoder('utf-8', { fatal: true });
const isUtf8 = (bytes: Buffer): boolean => {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
};

const isTextual = (contentType: string) =>
  /^(text\/|application\/([a-z0-9.+-]*\+)?(json|xml)|application\/x-www-form-urlencoded)/i.test(contentType);

/**
 * The local API Gateway: an HTTP server that turns each request into an APIGatewayProxyEventV2
 * (payload format 2.0), calls the route's own handler module, and writes its result back. Admin
 * routes are refused with 401 unless the bearer token passes the same checks as the deployed JWT
 * authoriser. Everything outside /api/ is served from web/ as CloudFront would.
 */
export const startApiGateway = async (options: {
  port: number;
  routes: readonly RouteDefinition[];
  load: (entry: string) => Promise<Handler>;
  issuer: LocalIssuer;
  webRoot: string;
  /**
   * The admin app under /admin/: its built files (web/admin/build.ts) and its `config.json`, with
   * the sign-in provider's origins for its CSP. Without it /admin/ is not served (web/admin/ holds
   * the app's sources, not pages).
   */
  admin?: {
    files: ReadonlyMap<string, Uint8Array>;
    config: () => Record<string, unknown>;
    signInOrigins: () => readonly string[];
  };
  host?: string;
  /** Local-only controls under `/_local/` (the simulated clock); never part of the deployed API. */
  control?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;
}): Promise<{ server: Server; url: string; stop(): Promise<void> }> => {
  const compiled = options.routes.map(compile);
  const handlers = new Map<string, Promise<Handler>>();
  const handlerFor = (route: RouteDefinition) => {
    let handler = handlers.get(route.entry);
    if (!handler) {
      handler = options.load(route.entry);
      handlers.set(route.entry, handler);
    }
    return handler;
  };

  const serveApi = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const method = (req.method ?? 'GET').toUpperCase();
    let matched: { route: RouteDefinition; pathParameters: Record<string, string> } | undefined;
    for (const candidate of compiled) {
      const match = candidate.pattern.exec(url.pathname);
      if (!match || candidate.route.method !== method) continue;
      const pathParameters: Record<string, string> = {};
      try {
        candidate.params.forEach((name, i) => {
          pathParameters[name] = decodeURIComponent(match[i + 1] as string);
        });
      } catch {
        return errorJson(res, 400, 'VALIDATION_FAILED', 'Malformed percent-encoding in the path');
      }
      matched = { route: candidate.route, pathParameters };
      break;
    }
    if (!matched) return errorJson(res, 404, 'NOT_FOUND', 'No such route');

    let claims: Record<string, string> | undefined;
    if (matched.route.access === 'admin' || url.pathname.startsWith(ADMIN_PREFIX)) {
      const header = req.headers.authorization ?? '';
      const token = /^Bearer (\S+)$/i.exec(header)?.[1];
      try {
        if (!token) throw new Error('no bearer token');
        // Handed on as API Gateway does: all strings, arrays as "[a b]".
        claims = gatewayClaims(await options.issuer.verify(token));
      } catch {
        return errorJson(res, 401, 'UNAUTHORIZED', 'A valid admin bearer token is required');
      }
    }

    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLarge)
        return errorJson(res, 413, 'PAYLOAD_TOO_LARGE', 'The body is too large');
      throw error;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
    }
    // Like API Gateway: text stays text only if it is valid UTF-8; anything else is base64.
    const textual = isTextual(headers['content-type'] ?? 'application/json') && isUtf8(body);
    const now = new Date();
    const requestId = randomUUID();
    const routeKey = `${matched.route.method} ${matched.route.path}`;
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      ...(url.search ? { queryStringParameters: Object.fromEntries(url.searchParams) } : {}),
      ...(Object.keys(matched.pathParameters).length > 0 ? { pathParameters: matched.pathParameters } : {}),
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'localhost',
        http: {
          method: matched.route.method,
          path: url.pathname,
          protocol: `HTTP/${req.httpVersion}`,
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId,
        routeKey,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
        ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
      } as APIGatewayProxyEventV2['requestContext'],
      ...(body.length > 0
        ? { body: textual ? body.toString('utf8') : body.toString('base64'), isBase64Encoded: !textual }
        : { isBase64Encoded: false }),
    };

    const context = {
      functionName: matched.route.name,
      awsRequestId: requestId,
      getRemainingTimeInMillis: () => 10_000,
    } as Context;
    let result: APIGatewayProxyResultV2;
    try {
      result = await (await handlerFor(matched.route))(event, context);
    } catch (error) {
      // What API Gateway answers when the integration itself fails.
      logger.error('local gateway: handler threw', { route: routeKey, ...describeError(error) });
      return errorJson(res, 500, 'INTERNAL_ERROR', 'Internal Server Error');
    }
    if (typeof result === 'string' || result === undefined || result === null) {
      res.writeHead(200, { 'content-type': 'application/json', 'apigw-requestid': requestId });
      return res.end(typeof result === 'string' ? result : JSON.stringify(result ?? null));
    }
    const structured = result as Exclude<APIGatewayProxyResultV2, string>;
    if (!('statusCode' in structured)) {
      res.writeHead(200, { 'content-type': 'application/json', 'apigw-requestid': requestId });
      return res.end(JSON.stringify(structured));
    }
    res.writeHead(structured.statusCode ?? 200, {
      ...(structured.headers ?? {}),
      'apigw-requestid': requestId,
    });
    res.end(
      structured.isBase64Encoded ? Buffer.from(structured.body ?? '', 'base64') : (structured.body ?? ''),
    );
  };

  const serveStatic = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return errorJson(res, 405, 'METHOD_NOT_ALLOWED', 'Use GET');
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return errorJson(res, 400, 'BAD_PATH', 'Malformed path');
    }
    const relative = normalize(pathname).replace(/^([/\\])+/, '');
    let file = join(options.webRoot, relative);
    if (!file.startsWith(options.webRoot + sep) && file !== options.webRoot) {
      return errorJson(res, 404, 'NOT_FOUND', 'Not found');
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    } catch {
      // `/cancel` is `cancel.html`: pretty URLs for the pages linked from e-mail, as CloudFront will serve them.
      if (!extname(file)) file = `${file}.html`;
    }
    try {
      const content = await readFile(file);
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
        ...SECURITY_HEADERS,
      });
      res.end(req.method === 'HEAD' ? undefined : content);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
      res.end('Not found');
    }
  };

  const serveAdmin = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const admin = options.admin;
    if (!admin) return errorJson(res, 404, 'NOT_FOUND', 'Not found');
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return errorJson(res, 405, 'METHOD_NOT_ALLOWED', 'Use GET');
    const headers = adminSecurityHeaders(admin.signInOrigins());
    const name = url.pathname.slice('/admin/'.length) || 'index.html';
    const content =
      name === 'config.json' ? Buffer.from(JSON.stringify(admin.config())) : admin.files.get(name);
    if (!content) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...headers });
      return res.end('Not found');
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(name)] ?? 'application/octet-stream',
      'cache-control': name === 'config.json' ? 'no-store' : 'no-cache',
      ...headers,
    });
    res.end(req.method === 'HEAD' ? undefined : content);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/admin') {
      // As CloudFront: the app lives at /admin/ (its redirect URI).
      res.writeHead(301, { location: `/admin/${url.search}`, ...SECURITY_HEADERS });
      res.end();
      return;
    }
    const work = url.pathname.startsWith('/api/')
      ? serveApi(req, res, url)
      : url.pathname.startsWith('/_local/') && options.control
        ? options.control(req, res, url)
        : url.pathname.startsWith('/admin/')
          ? serveAdmin(req, res, url)
          : serveStatic(req, res, url);
    work.catch((error) => {
      logger.error('local gateway: request failed', describeError(error));
      if (!res.headersSent) errorJson(res, 500, 'INTERNAL_ERROR', 'Internal Server Error');
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://localhost:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
