import { ApiRefusal, OpsFailure } from './ops-errors';
import type { Target } from './target';

/** An admin API answer: the status and the body (parsed when JSON, else text). */
export interface ApiAnswer<T = unknown> {
  status: number;
  contentType: string;
  body: T;
  text: string;
}

export interface AdminApi {
  /**
   * Calls one admin route with the target's bearer token. A 4xx/5xx becomes an ApiRefusal with
   * the API's error code; no answer at all an OpsFailure naming the address.
   */
  call<T = unknown>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: { json: unknown } | { raw: Buffer | string; contentType: string },
  ): Promise<ApiAnswer<T>>;
}

export const adminApi = (target: Target): AdminApi => ({
  async call<T>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: { json: unknown } | { raw: Buffer | string; contentType: string },
  ): Promise<ApiAnswer<T>> {
    const token = await target.token();
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    let payload: string | Buffer | undefined;
    if (body && 'json' in body) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body) {
      headers['content-type'] = body.contentType;
      payload = body.raw;
    }
    let response: Response;
    try {
      response = await fetch(`${target.apiUrl}${path}`, {
        method,
        headers,
        ...(payload === undefined ? {} : { body: payload }),
      });
    } catch (error) {
      throw new OpsFailure(
        target.kind === 'local'
          ? `The local cloud does not answer at ${target.apiUrl}: is npm start running?`
          : `The API of ${target.name} does not answer at ${target.apiUrl}`,
        'UNREACHABLE',
        { cause: error },
      );
    }
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    let parsed: unknown = text;
    if (contentType.includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        // left as text
      }
    }
    if (!response.ok) {
      const refusal = (typeof parsed === 'object' && parsed ? parsed : {}) as {
        error?: string;
        message?: string;
        issues?: unknown;
      };
      throw new ApiRefusal(
        response.status,
        refusal.error ?? (response.status === 401 ? 'UNAUTHORIZED' : `HTTP_${response.status}`),
        refusal.message ?? (response.status === 401 ? 'the admin token was refused' : text.slice(0, 200)),
        refusal.issues,
      );
    }
    return { status: response.status, contentType, body: parsed as T, text };
  },
});
