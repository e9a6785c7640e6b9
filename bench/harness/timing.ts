/** Timing and pacing helpers of the measurements: wall time of an action, waiting, bounded concurrency. */

/** The wall time of `action` in milliseconds (`performance.now()`, so not moved by clock changes). */
export const elapsedMs = async (action: () => Promise<unknown>): Promise<number> => {
  const started = performance.now();
  await action();
  return performance.now() - started;
};

/** The wall time of `action` in milliseconds, with its result. */
export const timed = async <T>(action: () => Promise<T>): Promise<[number, T]> => {
  const started = performance.now();
  const result = await action();
  return [performance.now() - started, result];
};

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 5 ms; throws after `timeoutMs`, naming `what` it waited for. */
export const waitUntil = async (condition: () => boolean, timeoutMs: number, what: string): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(5);
  }
};

/** Runs `work` over `items`, at most `limit` at a time. */
export const eachLimit = async <T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
};
