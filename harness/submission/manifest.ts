import { join } from 'node:path';
import { z } from 'zod';
import { InvalidSubmissionError } from '../errors';
import { readRegularFile, UnsafeFileError } from '../fs';

/** takehome.json is a few lines; anything bigger is not one. */
export const MANIFEST_MAX_BYTES = 64 * 1024;

/** A shell command in a manifest: what the harness runs in the sandbox. */
export const manifestCommand = z.string().trim().min(1, 'must be a non-empty shell command').max(1000);

/**
 * What an exercise says about its `takehome.json`: the strict schema, an
 * example to show when the file is missing, and where the protocol is
 * documented. Each exercise owns its spec (graders/<id>/manifest.ts); this
 * module only reads and validates.
 */
export interface ManifestSpec<T extends { exercise: string }> {
  exercise: string;
  schema: z.ZodType<T>;
  example: string;
  docs: string;
}

/**
 * Read SUBMISSION/takehome.json. Fails closed with the file, the field and the
 * next step; `optional` returns undefined when the file is absent (an ML
 * submission may hold only predictions.csv and report.json).
 */
export async function readManifest<T extends { exercise: string }>(dir: string, spec: ManifestSpec<T>, options: { optional?: boolean } = {}): Promise<T | undefined> {
  const path = join(dir, 'takehome.json');
  let text: string;
  try {
    // A regular file only: a FIFO would block forever, a link could point at /etc/passwd or /dev/zero.
    text = (await readRegularFile(path, MANIFEST_MAX_BYTES)).toString('utf8');
  } catch (cause) {
    if (!(cause instanceof UnsafeFileError)) throw new InvalidSubmissionError(`${path} cannot be read: ${(cause as Error).message}`, { cause, hint: `see ${spec.docs}` });
    if (cause.reason === 'missing' && options.optional) return undefined;
    if (cause.reason === 'missing') throw new InvalidSubmissionError(`no takehome.json in ${dir}`, { cause, hint: `a ${spec.exercise} submission needs one, e.g. ${spec.example}; see ${spec.docs}` });
    throw new InvalidSubmissionError(`${path} must be a regular file: ${cause.message.slice(path.length + 1)}`, { cause, hint: `replace it with a plain JSON file, e.g. ${spec.example}` });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new InvalidSubmissionError(`${path} is not valid JSON: ${(cause as Error).message}`, { cause, hint: `fix the JSON; see ${spec.docs}` });
  }
  const declared = z.object({ exercise: z.string() }).safeParse(raw);
  if (declared.success && declared.data.exercise !== spec.exercise) {
    throw new InvalidSubmissionError(`${path} declares exercise "${declared.data.exercise}", but it is being graded as "${spec.exercise}"`, {
      hint: `grade it with --exercise ${declared.data.exercise}, or fix takehome.json`,
    });
  }
  const parsed = spec.schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || '(root)';
    throw new InvalidSubmissionError(`${path}: field ${field}: ${issue?.message ?? 'invalid'}`, { cause: parsed.error, hint: `see the protocol in ${spec.docs}` });
  }
  return parsed.data;
}
