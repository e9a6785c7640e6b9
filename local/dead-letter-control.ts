import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorJson, readBody } from './api-gateway';
import { type DeadLetter, type LocalEventBus, letterSummary, readDeadLetters } from './event-bus';
import type { LocalIssuer } from './local-auth';

/**
 * `GET /_local/dlq` lists the local bus's dead letters; `POST /_local/dlq/redrive` (optionally
 * `{"rule":"<consumer>"}`) delivers them again, each to its own consumer, and removes each one
 * from the dead-letter file only once it was handled. Admin token required. The local stand-in
 * for redriving the SQS dead-letter queues in AWS; the deployed stack has no such route.
 */
export const deadLetterControl =
  (deps: { bus: LocalEventBus; issuer: LocalIssuer }) =>
  async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (!(await deps.issuer.isAdmin(req.headers.authorization)))
      return errorJson(res, 401, 'UNAUTHORIZED', 'Send the admin token as a bearer token');
    const letters = (): DeadLetter[] =>
      deps.bus.deadLetterFile ? readDeadLetters(deps.bus.deadLetterFile) : [...deps.bus.deadLetters];
    const answer = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };

    if (url.pathname === '/_local/dlq' && req.method === 'GET')
      return answer({ deadLetters: letters().map(letterSummary) });
    if (url.pathname !== '/_local/dlq/redrive') return errorJson(res, 404, 'NOT_FOUND', 'Not found');
    if (req.method !== 'POST') return errorJson(res, 405, 'METHOD_NOT_ALLOWED', 'Use POST');

    let rule: string | undefined;
    try {
      const text = (await readBody(req)).toString('utf8').trim();
      const parsed = text === '' ? {} : (JSON.parse(text) as { rule?: unknown });
      if (parsed.rule !== undefined && typeof parsed.rule !== 'string') throw new Error('rule');
      rule = parsed.rule;
    } catch {
      return errorJson(res, 400, 'VALIDATION_FAILED', 'Send nothing or {"rule":"<consumer name>"}');
    }
    const chosen = letters().filter((letter) => rule === undefined || letter.rule === rule);
    const { handled, failed } = await deps.bus.redrive(chosen);
    deps.bus.forget(handled);
    answer({
      redriven: handled.map(letterSummary),
      failedAgain: failed.map(letterSummary),
      remaining: letters().length,
    });
  };
