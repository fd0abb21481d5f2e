import { createHash, createHmac } from 'node:crypto';
import { UsageError } from '../errors';

const CANDIDATE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const EXERCISE_ID = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * A per-candidate seed. The bytes are private and the object refuses to be
 * serialised or printed, so a seed cannot leak into a scorecard, a log line or
 * a kit by accident: JSON.stringify throws, String() gives a placeholder.
 */
export class CandidateSeed {
  readonly #bytes: Buffer;
  readonly exercise: string;
  readonly candidate: string;

  constructor(bytes: Buffer, exercise: string, candidate: string) {
    this.#bytes = Buffer.from(bytes);
    this.exercise = exercise;
    this.candidate = candidate;
  }

  /** A keyed sub-key for one purpose; the seed itself never leaves this object. */
  derive(purpose: string): Buffer {
    return createHmac('sha256', this.#bytes).update(purpose).digest();
  }

  /** Short public identifier of the variant: a hash of the seed, never the seed. */
  get fingerprint(): string {
    return createHash('sha256').update('takehome.variant-fingerprint:').update(this.#bytes).digest('hex').slice(0, 12);
  }

  /** True when the seed's bytes appear in the text (hex or base64): the kit leak scan uses it. */
  appearsIn(text: string): boolean {
    const lower = text.toLowerCase();
    return lower.includes(this.#bytes.toString('hex')) || text.includes(this.#bytes.toString('base64')) || text.includes(this.#bytes.toString('base64url'));
  }

  toJSON(): never {
    throw new Error('refusing to serialise a candidate seed');
  }

  toString(): string {
    return `[seed ${this.exercise}/${this.candidate} ${this.fingerprint}]`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

export function validateCandidateId(candidate: string): string {
  if (!CANDIDATE_ID.test(candidate)) {
    throw new UsageError(`invalid candidate id ${JSON.stringify(candidate)}`, {
      hint: 'a candidate id is 1-64 characters of letters, digits, ".", "_" or "-", starting with a letter or digit (e.g. "ada-lovelace")',
    });
  }
  return candidate;
}

export function validateExerciseId(exercise: string): string {
  if (!EXERCISE_ID.test(exercise)) {
    throw new UsageError(`invalid exercise id ${JSON.stringify(exercise)}`, { hint: 'valid exercises: rag, ml' });
  }
  return exercise;
}

/** seed = HMAC-SHA256(secret, exercise + ":" + candidate), as in shared/DESIGN.md. */
export function deriveCandidateSeed(secret: string, exercise: string, candidate: string): CandidateSeed {
  validateExerciseId(exercise);
  validateCandidateId(candidate);
  const bytes = createHmac('sha256', secret).update(`${exercise}:${candidate}`).digest();
  return new CandidateSeed(bytes, exercise, candidate);
}
