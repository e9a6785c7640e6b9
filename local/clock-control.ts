import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorJson, readBody } from './api-gateway';
import type { LocalIssuer } from './local-auth';
import { type LocalClock, parseDuration } from './local-clock';

/**
 * `GET /_local/clock` shows the local cloud's time; `POST /_local/clock {"advance":"7d"}` moves it
 * forward and fires the timers that fell due (reminders, meeting ends), then answers when the bus
 * has delivered what they caused. Admin token required, like the admin API. Local only: the
 * deployed stack has no such route.
 */
export const clockControl =
  (deps: { clock: LocalClock; issuer: LocalIssuer; fireDue: () => Promise<number> }) =>
  async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (url.pathname !== '/_local/clock') return errorJson(res, 404, 'NOT_FOUND', 'Not found');
    if (!(await deps.issuer.isAdmin(req.headers.authorization)))
      return errorJson(res, 401, 'UNAUTHORIZED', 'Send the admin token as a bearer token');
    let fired = 0;
    if (req.method === 'POST') {
      let advance: unknown;
      try {
        advance = (JSON.parse((await readBody(req)).toString('utf8')) as { advance?: unknown }).advance;
      } catch {
        return errorJson(res, 400, 'VALIDATION_FAILED', 'Send {"advance":"<n>d|h|m|s"}');
      }
      const ms = typeof advance === 'string' ? parseDuration(advance) : undefined;
      if (ms === undefined)
        return errorJson(res, 400, 'VALIDATION_FAILED', 'Send {"advance":"<n>d|h|m|s"}, e.g. "7d"');
      deps.clock.advance(ms);
      fired = await deps.fireDue();
    } else if (req.method !== 'GET') {
      return errorJson(res, 405, 'METHOD_NOT_ALLOWED', 'Use GET or POST');
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(
      JSON.stringify({
        now: deps.clock.now().toISOString(),
        offsetMs: deps.clock.offset,
        timersFired: fired,
      }),
    );
  };
