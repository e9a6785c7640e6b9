/**
 * A small structured logger. Officials' data never reaches it: callers log ids, codes and
 * counts only, and any field whose name suggests personal data is masked as a second line of defence.
 */
const PERSONAL = /^(name|email|e-mail|to|dietaryNeeds|body|authorization)$/i;

type Fields = Record<string, unknown>;

const scrub = (fields: Fields): Fields =>
  Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [key, PERSONAL.test(key) ? '[redacted]' : value]),
  );

const write = (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields: Fields = {}) => {
  if (process.env.LOG_LEVEL === 'silent') return;
  if (level === 'debug' && process.env.LOG_LEVEL !== 'debug') return;
  const line = JSON.stringify({ level, message, time: new Date().toISOString(), ...scrub(fields) });
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
};

export const logger = {
  debug: (message: string, fields?: Fields) => write('debug', message, fields),
  info: (message: string, fields?: Fields) => write('info', message, fields),
  warn: (message: string, fields?: Fields) => write('warn', message, fields),
  error: (message: string, fields?: Fields) => write('error', message, fields),
};

/** Replaces every e-mail address in a text (an AWS error message can quote one) by `[e-mail]`. */
export const redactAddresses = (text: string): string =>
  text.replace(/[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+/g, '[e-mail]');

/** Error details for the log: name, message, code and the cause chain; never request data. */
export const describeError = (error: unknown): Fields => {
  if (!(error instanceof Error)) return { error: String(error) };
  return {
    errorName: error.name,
    // AWS error messages can quote an address (SES: "identities failed the check: …").
    errorMessage: redactAddresses(error.message),
    ...('code' in error ? { errorCode: (error as { code: unknown }).code } : {}),
    ...(error.cause ? { cause: describeError(error.cause) } : {}),
  };
};
