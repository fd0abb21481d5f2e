import { randomBytes } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../fs';

export const REVIEW_SCHEMA = 'takehome.review/v1';
export const REVIEW_LOG = 'reviews.jsonl';

/**
 * One line of a review log: one interviewer's level and note on one criterion
 * of one (pseudonymous) candidate. The log is append-only: a change is a new
 * entry that names the one it supersedes; nothing is ever rewritten.
 */
export const reviewEntrySchema = z.strictObject({
  schema: z.literal(REVIEW_SCHEMA),
  id: z.string().regex(/^[0-9a-f]{16}$/),
  at: z.iso.datetime(),
  exercise: z.string().min(1),
  /** The candidate's pseudonym: the log never holds the candidate's id. */
  pseudonym: z.string().min(1),
  interviewer: z.string().min(1),
  criterion: z.string().min(1),
  level: z.number().int().min(1).max(4),
  note: z.string(),
  /** The id of this interviewer's previous entry on this criterion, or null for the first. */
  supersedes: z.string().nullable(),
  /** The interviewer saw the pseudonym and the anonymised copy, not the candidate's id. */
  blind: z.boolean(),
  /** sha256 of the rubric text the review was made against. */
  rubricSha256: z.string(),
});

export type ReviewEntry = z.infer<typeof reviewEntrySchema>;

/** Every entry of the log at FILE, in order (none when the file does not exist). A damaged line names the file, the line and the field. */
export async function readReviewLog(file: string): Promise<ReviewEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ConfigError(`cannot read the review log ${file}`, { cause: error, hint: 'check its permissions' });
  }
  const entries: ReviewEntry[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new ConfigError(`${file}:${i + 1}: not valid JSON`, { hint: 'the review log is append-only JSONL written by takehome review; restore the line from version control' });
    }
    const parsed = reviewEntrySchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ConfigError(`${file}:${i + 1}: field ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`, {
        hint: 'the review log is append-only JSONL written by takehome review; restore the line from version control',
      });
    }
    entries.push(parsed.data);
  });
  return entries;
}

/**
 * The entries in force: each interviewer's newest entry per criterion (by
 * time, then by line: a later line supersedes an earlier one of the same
 * time). Time first, so a log whose lines a git union merge interleaved still
 * resolves the same way.
 */
export function currentEntries(entries: readonly ReviewEntry[]): ReviewEntry[] {
  const latest = new Map<string, ReviewEntry>();
  for (const e of entries) {
    const key = JSON.stringify([e.interviewer, e.criterion]);
    const held = latest.get(key);
    if (!held || e.at >= held.at) latest.set(key, e);
  }
  return [...latest.values()];
}

export interface NewReview {
  criterion: string;
  level: number;
  note: string;
}

/**
 * Append one entry per review to the log at FILE in one write (0600, in a
 * 0700 folder), each superseding the interviewer's previous entry on that
 * criterion. Returns the entries written.
 */
export async function appendReviews(
  file: string,
  base: { exercise: string; pseudonym: string; interviewer: string; blind: boolean; rubricSha256: string; at: Date },
  reviews: readonly NewReview[],
): Promise<ReviewEntry[]> {
  const previous = currentEntries(await readReviewLog(file));
  const entries = reviews.map((r) =>
    reviewEntrySchema.parse({
      schema: REVIEW_SCHEMA,
      id: randomBytes(8).toString('hex'),
      at: base.at.toISOString(),
      exercise: base.exercise,
      pseudonym: base.pseudonym,
      interviewer: base.interviewer,
      criterion: r.criterion,
      level: r.level,
      note: r.note,
      supersedes: previous.find((p) => p.interviewer === base.interviewer && p.criterion === r.criterion)?.id ?? null,
      blind: base.blind,
      rubricSha256: base.rubricSha256,
    }),
  );
  if (entries.length === 0) return [];
  await makePrivateDir(dirname(file));
  await appendFile(file, entries.map((e) => `${JSON.stringify(e)}\n`).join(''), { mode: PRIVATE_FILE_MODE });
  return entries;
}
