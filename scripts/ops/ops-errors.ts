/**
 * The two ways a command ends other than well: wrong usage (exit 2, with the command's help) and
 * a failed operation (exit 1). The dispatcher (scripts/ops.ts) is the one place they become exit codes.
 */
export class UsageError extends Error {
  readonly code = 'USAGE';
}

/** The operation could not be done: unreachable target, missing token, file not readable, … */
export class OpsFailure extends Error {
  readonly code: string;
  constructor(message: string, code = 'FAILED', options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** The API answered with an error: its status and its stable error code (e.g. YEAR_ALREADY_CLOSED). */
export class ApiRefusal extends OpsFailure {
  readonly status: number;
  readonly issues: unknown;
  constructor(status: number, code: string, message: string, issues?: unknown) {
    super(message, code);
    this.status = status;
    this.issues = issues;
  }
}
