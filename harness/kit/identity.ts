import { join } from 'node:path';
import { InvalidSubmissionError, UsageError } from '../errors';
import { readRegularFile, UnsafeFileError } from '../fs';
import type { CandidateSeed } from '../secrets';
import { validateCandidateId, validateExerciseId } from '../secrets/seed';
import type { KitFiles } from './repo';

/**
 * Every kit names whom it was made for in one small file at its root,
 * committed with the rest: the exercise, the candidate id and the variant's
 * public fingerprint (never the seed). `grade` reads it back from the
 * submission, so a kit graded under a mistyped candidate id is refused instead
 * of being scored silently against another candidate's variant.
 */
export const KIT_IDENTITY_FILE = 'takehome.kit.json';
export const KIT_IDENTITY_SCHEMA = 'takehome.kit/v1';
const MAX_BYTES = 4096;
const FINGERPRINT = /^[0-9a-f]{12}$/;

export interface KitIdentity {
  exercise: string;
  candidate: string;
  /** The variant's public fingerprint (CandidateSeed.fingerprint). */
  variant: string;
}

/** The file's text for a seed: fixed key order and layout, so the same seed gives the same bytes (and the kit the same commit). */
export function kitIdentityText(seed: CandidateSeed): string {
  const file = {
    schema: KIT_IDENTITY_SCHEMA,
    exercise: seed.exercise,
    candidate: seed.candidate,
    variant: seed.fingerprint,
    note: 'Leave this file as it is: the grader reads it to know whose kit this is.',
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** FILES with the identity file added: every exercise's kit builder calls this. */
export function withKitIdentity(files: KitFiles, seed: CandidateSeed): KitFiles {
  return new Map([...files, [KIT_IDENTITY_FILE, kitIdentityText(seed)]]);
}

/**
 * Read DIR/takehome.kit.json: undefined when there is none (a submission made
 * without a kit, a calibration project). A file that is there but is not one
 * (a link, a FIFO, too big, not JSON, a field missing or malformed) is an
 * invalid submission naming the file and the field.
 *
 * Checked by hand rather than with zod: `grade` reads this before its first
 * line of output, and loading zod costs more than the rest of that path.
 */
export async function readKitIdentity(dir: string): Promise<KitIdentity | undefined> {
  const path = join(dir, KIT_IDENTITY_FILE);
  const invalid = (what: string, cause?: unknown) =>
    new InvalidSubmissionError(`${path}: ${what}`, {
      cause,
      hint: `restore ${KIT_IDENTITY_FILE} from the kit's first commit (git show $(git rev-list --max-parents=0 HEAD):${KIT_IDENTITY_FILE}), or delete it and grade with --candidate`,
    });
  let text: string;
  try {
    text = (await readRegularFile(path, MAX_BYTES)).toString('utf8');
  } catch (cause) {
    if (cause instanceof UnsafeFileError && cause.reason === 'missing') return undefined;
    throw invalid(cause instanceof UnsafeFileError ? `must be a regular file of at most ${MAX_BYTES} bytes: ${cause.message.slice(path.length + 1)}` : (cause as Error).message, cause);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw invalid(`not valid JSON: ${(cause as Error).message}`, cause);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid('must be a JSON object');
  const record = raw as Record<string, unknown>;
  if (record.schema !== KIT_IDENTITY_SCHEMA) throw invalid(`field schema: must be "${KIT_IDENTITY_SCHEMA}"`);
  const field = (name: 'exercise' | 'candidate' | 'variant', check: (value: string) => unknown): string => {
    const value = record[name];
    if (typeof value !== 'string') throw invalid(`field ${name}: must be a string`);
    try {
      check(value);
    } catch (cause) {
      throw invalid(`field ${name}: ${(cause as Error).message}`, cause);
    }
    return value;
  };
  return {
    exercise: field('exercise', validateExerciseId),
    candidate: field('candidate', validateCandidateId),
    variant: field('variant', (v) => {
      if (!FINGERPRINT.test(v)) throw new Error(`${JSON.stringify(v)} is not a 12-hex-digit variant fingerprint`);
    }),
  };
}

/**
 * Which exercise and candidate to grade as: the flags, else what the kit says,
 * else the loop's only exercise. A flag that contradicts the kit is refused
 * (exit 2), naming what the kit was made for; so is a grade with neither a
 * flag nor a kit to say who the candidate is.
 */
export function resolveGradeTarget(input: {
  kit: KitIdentity | undefined;
  /** Where the kit was read from, for messages. */
  submission: string;
  exercise?: string | undefined;
  candidate?: string | undefined;
  /** The loop's exercise when it has only one. */
  loopExercise?: string | undefined;
  knownExercises: readonly string[];
}): { exercise: string; candidate: string } {
  const { kit, submission } = input;
  const made = kit && `${submission} is the ${kit.exercise} kit made for candidate "${kit.candidate}" (variant ${kit.variant}; ${KIT_IDENTITY_FILE})`;
  if (kit && input.candidate !== undefined && input.candidate !== kit.candidate) {
    throw new UsageError(`${made}, not for "${input.candidate}": nothing was graded`, {
      hint: `grade it as --candidate ${kit.candidate} (or leave --candidate out: the kit names its candidate); if "${input.candidate}" really sent ${kit.candidate}'s kit, that is for the hiring team to look into, not a grade`,
    });
  }
  if (kit && input.exercise !== undefined && input.exercise !== kit.exercise) {
    throw new UsageError(`${made}, not a ${input.exercise} submission: nothing was graded`, { hint: `grade it with --exercise ${kit.exercise}, or leave --exercise out` });
  }
  const exercise = input.exercise ?? kit?.exercise ?? input.loopExercise;
  if (exercise === undefined) throw new UsageError('--exercise is required', { hint: `the exercises: ${input.knownExercises.join(', ')}` });
  if (!input.knownExercises.includes(exercise)) {
    throw new UsageError(`${made ?? submission} names exercise "${exercise}", which this harness does not offer`, { hint: `the exercises: ${input.knownExercises.join(', ')}` });
  }
  const candidate = input.candidate ?? kit?.candidate;
  if (candidate === undefined) {
    throw new UsageError(`--candidate is required: ${submission} holds no ${KIT_IDENTITY_FILE} naming its candidate`, {
      hint: 'pass --candidate ID (the id the kit was made for); kits made by takehome kit carry the file',
    });
  }
  return { exercise, candidate };
}

/**
 * The kit's fingerprint must be the one the secret in use makes for its
 * candidate: otherwise the kit was made with another secret (another loop, the
 * demo secret) or its identity file was edited. Either way no grade is right.
 */
export function checkKitVariant(kit: KitIdentity | undefined, seed: CandidateSeed, submission: string): void {
  if (!kit || kit.variant === seed.fingerprint) return;
  throw new UsageError(
    `${submission}: ${KIT_IDENTITY_FILE} says variant ${kit.variant} for ${kit.exercise}/${kit.candidate}, but the secret in use makes variant ${seed.fingerprint}: nothing was graded`,
    {
      hint: `grade with the secret the kit was made with (--secret-file, TAKEHOME_SECRET or the loop's); \`takehome variant --exercise ${kit.exercise} --candidate ${kit.candidate}\` prints the variant a secret makes. If the file was edited, compare it with the kit's first commit`,
    },
  );
}
