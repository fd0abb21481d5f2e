/**
 * The harness's small error hierarchy. Each kind maps to one exit code at the
 * entry point (harness/cli/main.ts), the only place that catches them.
 *
 *   0  done
 *   1  the submission is invalid or could not be graded
 *   2  usage or configuration error
 */
export type ErrorCode = 'usage' | 'config' | 'invalid-submission' | 'grading-failed' | 'internal';

export class TakehomeError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;
  /** The next step for the user, printed under the message. */
  readonly hint: string | undefined;

  constructor(code: ErrorCode, exitCode: number, message: string, options?: { cause?: unknown; hint?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
    this.hint = options?.hint;
  }
}

/** Wrong flags or arguments. */
export class UsageError extends TakehomeError {
  constructor(message: string, options?: { cause?: unknown; hint?: string }) {
    super('usage', 2, message, options);
  }
}

/** A config file, secret, rubric or price table that cannot be used. */
export class ConfigError extends TakehomeError {
  constructor(message: string, options?: { cause?: unknown; hint?: string }) {
    super('config', 2, message, options);
  }
}

/** The candidate's submission is malformed: the candidate's problem, not ours. */
export class InvalidSubmissionError extends TakehomeError {
  constructor(message: string, options?: { cause?: unknown; hint?: string }) {
    super('invalid-submission', 1, message, options);
  }
}

/** Grading started but could not finish (sandbox could not start, gateway died, ...). */
export class GradingError extends TakehomeError {
  constructor(message: string, options?: { cause?: unknown; hint?: string }) {
    super('grading-failed', 1, message, options);
  }
}

export function isTakehomeError(error: unknown): error is TakehomeError {
  return error instanceof TakehomeError;
}

/** A bug in takehome's own material or code (a bad template, fact or question): not the user's doing. */
export class InternalError extends TakehomeError {
  constructor(message: string, options?: { cause?: unknown; hint?: string }) {
    super('internal', 1, message, options);
  }
}
