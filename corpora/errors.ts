import { TakehomeError } from '../harness/errors';

/** A bug in the corpus sources (bad template, fact or question): exit code 2, like a config error. */
export class InternalError extends TakehomeError {
  constructor(message: string, options?: { cause?: unknown; hint?: string }) {
    super('internal', 2, message, options);
  }
}
