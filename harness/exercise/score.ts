import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Loop } from '../loop';
import { writeGradeOutputs } from '../report';
import { currentEntries, pseudonymFor, REVIEW_LOG, readReviewLog } from '../review';
import { type CurrentReview, scoreRubric } from '../rubric';
import { type RubricSection, readScorecard, type Scorecard, stableStringify } from '../scorecard';
import type { Exercise } from './contract';
import { appendHistory } from './results';
import { type LoadedRubric, loadExerciseRubric, needsReference } from './rubric';

export interface ScoreOptions {
  loop: Loop;
  secret: string;
  candidate: string;
  env: Readonly<Record<string, string | undefined>>;
  log?: ((line: string) => void) | undefined;
  now?: () => Date;
}

export type ScoreOutcome =
  | { exercise: string; candidate: string; status: 'not-graded'; dir: string }
  | { exercise: string; candidate: string; status: 'scored' | 'unchanged'; dir: string; scorecardStatus: Scorecard['status']; rubric: RubricSection };

/** The review log of one candidate on one exercise, in the loop's reviews/ (kept under the pseudonym: the folder names nobody). */
export function reviewLogPath(loop: Loop, exercise: string, secret: string, candidate: string): string {
  return join(loop.reviewsDir(exercise, pseudonymFor(secret, candidate)), REVIEW_LOG);
}

/** Every interviewer's current level per criterion, as the rubric merge takes them. */
export async function currentReviews(loop: Loop, exercise: string, secret: string, candidate: string): Promise<CurrentReview[]> {
  return currentEntries(await readReviewLog(reviewLogPath(loop, exercise, secret, candidate))).map((e) => ({
    criterion: e.criterion,
    interviewer: e.interviewer,
    level: e.level,
    note: e.note,
    at: e.at,
  }));
}

/**
 * The reference's scorecard on SCORECARD's variant when the rubric takes a
 * metric relative to it (exercise.referenceScorecard: cached per variant,
 * graded once when missing), or why there is none.
 */
export async function referenceFor(exercise: Exercise, loaded: LoadedRubric, scorecard: Scorecard, options: Omit<ScoreOptions, 'now'>): Promise<{ reference?: Scorecard; missing?: string }> {
  if (!needsReference(loaded.rubric) || scorecard.status !== 'graded') return {};
  if (!exercise.referenceScorecard) return { missing: `the ${exercise.id} exercise offers no reference scorecard` };
  const reference = await exercise.referenceScorecard({
    secret: options.secret,
    candidate: options.candidate,
    scorecard,
    sandboxMode: 'auto',
    hidePaths: [join(options.loop.dir, 'results'), dirname(options.loop.secretFile)],
    env: options.env,
    log: options.log,
  });
  if (!reference) return { missing: 'the reference could not be graded on this variant' };
  if (reference.variant !== scorecard.variant) return { missing: `the reference scorecard is for variant ${reference.variant}, not ${scorecard.variant}` };
  return { reference };
}

/**
 * `takehome score` for one candidate and exercise of a loop: merge the
 * automatic levels and every interviewer's current review into the
 * scorecard's rubric section, rewrite the scorecard and its reports
 * (atomically) and log the change in the results' history.jsonl. Nothing is
 * written when the section is unchanged.
 */
export async function scoreResult(exercise: Exercise, options: ScoreOptions): Promise<ScoreOutcome> {
  const dir = options.loop.resultsDir(exercise.id, options.candidate);
  const base = { exercise: exercise.id, candidate: options.candidate, dir };
  if (!existsSync(join(dir, 'scorecard.json'))) return { ...base, status: 'not-graded' };
  const scorecard = await readScorecard(join(dir, 'scorecard.json'));
  const loaded = await loadExerciseRubric(exercise);
  const { reference, missing } = await referenceFor(exercise, loaded, scorecard, options);
  const rubric = scoreRubric({
    rubric: loaded.rubric,
    rubricSha256: loaded.sha256,
    scorecard,
    reference,
    referenceMissing: missing,
    reviews: await currentReviews(options.loop, exercise.id, options.secret, options.candidate),
    headline: exercise.headline,
  });
  if (scorecard.rubric && stableStringify(scorecard.rubric) === stableStringify(rubric)) return { ...base, status: 'unchanged', scorecardStatus: scorecard.status, rubric };
  await writeGradeOutputs(dir, { ...scorecard, rubric });
  await appendHistory(dir, {
    at: (options.now?.() ?? new Date()).toISOString(),
    event: 'scored',
    exercise: exercise.id,
    candidate: options.candidate,
    variant: scorecard.variant,
    total: rubric.total.value,
    interval: rubric.total.interval ? [rubric.total.interval.low, rubric.total.interval.high] : null,
    missing: rubric.missing.map((m) => m.criterion),
    reviews: rubric.criteria.reduce((n, c) => n + (c.reviews?.length ?? 0), 0),
    rubricSha256: loaded.sha256,
  });
  return { ...base, status: 'scored', scorecardStatus: scorecard.status, rubric };
}

const f2 = (x: number) => x.toFixed(2);

/** One line per candidate: the weighted total with its interval, and what is missing. */
export function formatScoreLine(outcome: ScoreOutcome): string {
  const who = `${outcome.exercise.padEnd(4)} ${outcome.candidate.padEnd(20)}`;
  if (outcome.status === 'not-graded') return `${who} not graded yet`;
  const { total, missing } = outcome.rubric;
  const value = total.value === null ? 'no total yet' : `${f2(total.value)}${total.interval ? ` [${f2(total.interval.low)}, ${f2(total.interval.high)}]` : ''} of 4`;
  const status = outcome.scorecardStatus === 'graded' ? '' : ` (submission ${outcome.scorecardStatus})`;
  return `${who} ${value}; ${missing.length} missing${missing.length ? ` (${missing.map((m) => m.criterion).join(', ')})` : ''}${status}`;
}
