import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { currentCorrelationId } from './correlation';

/**
 * The structured logger: Powertools for AWS Lambda underneath. Officials' data never reaches it:
 * callers log ids, codes and counts only. As a second line of defence the formatter masks any
 * field, at any depth, whose name suggests personal data, and any e-mail address in a text.
 */
const PERSONAL = /^(name|email|e-mail|to|dietaryNeeds|body|authorization)$/i;
const ADDRESS = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+/g;

type Fields = Record<string, unknown>;
type Level = 'debug' | 'info' | 'warn' | 'error';

/** Replaces every e-mail address in a text (an AWS error message can quote one) by `[e-mail]`. */
export const redactAddresses = (text: string): string => text.replace(ADDRESS, '[e-mail]');

/** Masks personal fields at any depth and addresses in every text; `seen` guards against cycles. */
export const redactDeep = (value: unknown, seen = new WeakSet<object>()): unknown => {
  if (typeof value === 'string') return redactAddresses(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((entry) => redactDeep(entry, seen));
  if (value instanceof Error) return redactDeep(describeError(value), seen);
  if (value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, entry]) => [
      key,
      PERSONAL.test(key) ? '[redacted]' : redactDeep(entry, seen),
    ]),
  );
};

/** The Powertools layout (level, message, timestamp, service, Lambda context, keys) after redaction. */
export class RedactingLogFormatter extends LogFormatter {
  public formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    return new LogItem({
      attributes: {
        level: attributes.logLevel.toLowerCase(),
        message: redactAddresses(attributes.message),
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: attributes.lambdaContext?.coldStart,
        function_name: attributes.lambdaContext?.functionName,
        function_request_id: attributes.lambdaContext?.awsRequestId,
        xray_trace_id: attributes.xRayTraceId,
      },
    }).addAttributes(redactDeep(additional) as LogAttributes);
  }

  public override formatError(error: Error): LogAttributes {
    return redactDeep(super.formatError(error)) as LogAttributes;
  }
}

/** `LOG_LEVEL=silent` (tests) and the Powertools variables both work, and may change at run time. */
const configuredLevel = (): string =>
  (process.env.POWERTOOLS_LOG_LEVEL ?? process.env.LOG_LEVEL ?? 'info').toUpperCase();

const LEVELS = new Set(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT']);
const initialLevel = () => {
  const level = configuredLevel();
  return (LEVELS.has(level) ? level : 'INFO') as 'INFO';
};

/** The one Powertools logger of the process; `observability()` injects the Lambda context into it. */
export const powertoolsLogger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'municipal-network',
  // The level at start; Powertools returns to it on every warm invocation (its debug sampling).
  logLevel: initialLevel(),
  logFormatter: new RedactingLogFormatter(),
});

// Tests switch LOG_LEVEL between files and cases; read it on every line, apply it when it differs.
// Compared with the logger's own level, not with the last one set: injectLambdaContext resets the
// level to the constructor's on every warm invocation (refreshSampleRateCalculation).
const syncLevel = () => {
  const level = configuredLevel();
  if (level === powertoolsLogger.getLevelName() || !LEVELS.has(level)) return;
  powertoolsLogger.setLogLevel(level as 'INFO');
};

const write = (level: Level, message: string, fields: Fields = {}) => {
  syncLevel();
  const correlationId = currentCorrelationId();
  powertoolsLogger[level](message, correlationId ? { correlationId, ...fields } : fields);
};

export const logger = {
  debug: (message: string, fields?: Fields) => write('debug', message, fields),
  info: (message: string, fields?: Fields) => write('info', message, fields),
  warn: (message: string, fields?: Fields) => write('warn', message, fields),
  error: (message: string, fields?: Fields) => write('error', message, fields),
};

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
