/**
 * The measurements' HTTP client for the local API: JSON in and out, the admin token on request.
 * One client, so that every measurement sends the same headers the same way (what the API sees
 * is part of what is measured).
 */
import type { LocalCloud } from '../../local/local-cloud';

/** A request's body and headers. */
export interface SendOptions {
  /** JSON-encoded (with `content-type: application/json`) unless a string, sent as it is. */
  body?: unknown;
  /** Adds `authorization: Bearer <admin token>`. */
  admin?: boolean;
  /** Extra headers (e.g. `content-type: text/csv` for a string body); they win over the defaults. */
  headers?: Record<string, string>;
}

/** The client `benchHttp` returns. */
export interface BenchHttp {
  /** The API's base address (127.0.0.1, not localhost: no name lookup inside a timing). */
  readonly base: string;
  /** `authorization: Bearer <admin token>`, for callers that pass headers themselves. */
  readonly adminHeaders: Readonly<Record<string, string>>;
  /** The raw answer of `method path`; nothing checked. */
  send(method: string, path: string, options?: SendOptions): Promise<Response>;
  /** `POST path` with a JSON body; the status and the JSON answer, whatever the status. */
  post(
    path: string,
    body: unknown,
    options?: { admin?: boolean },
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  /** `method path`, throwing on a status ≥ 300; the JSON answer, `{}` when it is not JSON. */
  json(method: string, path: string, options?: SendOptions): Promise<Record<string, unknown>>;
}

/** The HTTP client of `cloud`'s local API. */
export const benchHttp = (cloud: Pick<LocalCloud, 'apiUrl' | 'adminToken'>): BenchHttp => {
  const base = cloud.apiUrl.replace('localhost', '127.0.0.1');
  const adminHeaders = { authorization: `Bearer ${cloud.adminToken}` };
  const send = (method: string, path: string, options: SendOptions = {}) => {
    const { body } = options;
    return fetch(base + path, {
      method,
      headers: {
        ...(body === undefined || typeof body === 'string' ? {} : { 'content-type': 'application/json' }),
        ...(options.admin ? adminHeaders : {}),
        ...options.headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  };
  return {
    base,
    adminHeaders,
    send,
    post: async (path, body, options = {}) => {
      const response = await send('POST', path, { body, ...options });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    json: async (method, path, options = {}) => {
      const response = await send(method, path, options);
      const text = await response.text();
      if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
      try {
        return JSON.parse(text) as Record<string, unknown>;
      } catch {
        return {};
      }
    },
  };
};
