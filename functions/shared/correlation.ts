import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The correlation id of the work in progress: set at the edge (HTTP request header or API Gateway
 * request id) and at the consumer (the `correlationId` of the outbox item that caused the event),
 * read by the logger (every line) and by the outbox (the event item), so one id follows a request
 * through its events to their consumers.
 *
 * An AsyncLocalStorage scope rather than a module variable, because the local cloud serves many
 * requests and events concurrently in one process; a Lambda container serves one at a time.
 */
interface Scope {
  correlationId?: string;
}

const storage = new AsyncLocalStorage<Scope>();

/** Ids we accept from a client: a short token, so a header cannot smuggle data or log injection. */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id if it is a safe token, otherwise undefined. */
export const safeCorrelationId = (candidate: unknown): string | undefined =>
  typeof candidate === 'string' && SAFE_ID.test(candidate) ? candidate : undefined;

/** The correlation id of the current scope, if any. */
export const currentCorrelationId = (): string | undefined => storage.getStore()?.correlationId;

/**
 * Runs `fn` in a fresh scope carrying `id` (ignored unless a safe token). The consumer side calls
 * this around the handling of one event: `withCorrelationId(item.correlationId, () => handle(event))`.
 */
export const withCorrelationId = <T>(id: string | undefined, fn: () => T): T =>
  storage.run({ correlationId: safeCorrelationId(id) }, fn);

/**
 * Sets the id of the scope already open (see `withCorrelationId`); a middleware that cannot wrap
 * the handler opens the scope outside and sets the id in its `before`. Outside any scope it does nothing.
 */
export const setCorrelationId = (id: string | undefined): void => {
  const scope = storage.getStore();
  if (scope) scope.correlationId = safeCorrelationId(id);
};
