/** The demo's own failures (a bad argument, an unexpected answer), told apart from crashes. */
export class DemoError extends Error {
  override readonly name = 'DemoError';
}
