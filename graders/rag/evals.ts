import { z } from 'zod';
import { ForbiddenFactSchema, RequiredFactSchema } from '../../corpora/types';
import type { Metric } from '../../harness/scorecard';
import type { RandomStream } from '../../harness/secrets';
import { fieldPath, type FileProblem } from '../../harness/submission/json-report';
import { ragMetrics } from './aggregate';
import { CLAIMED_METRICS, EVALS_DIR, evalQuestionId, FAILURE_MODE_CATEGORIES, type ClaimedMetric } from './report';
import type { GoldQuestion, QuestionScore } from './score';

/**
 * The candidate's own eval sets: evals/NAME.jsonl, one question a line in the
 * format of dev/questions.jsonl (ids of their own; a category of the kit or
 * "other"). The kit's `npm run check` and the grader ask them through the
 * same question loop and score them with the same scorer, so the figures a
 * report claims for them can be recomputed by the interviewer.
 *
 * Imported by the kit's check bundle: nothing here may know a seed or the
 * question pool.
 */

/** At most this many eval sets, questions in all, and bytes per file: the grader asks them after the hidden set. */
export const MAX_EVAL_SETS = 20;
export const MAX_EVAL_QUESTIONS = 300;
export const MAX_EVAL_FILE_BYTES = 1024 * 1024;
/** An eval file's name inside evals/. */
export const EVAL_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.jsonl$/;

export const evalQuestionSchema = z.strictObject({
  id: evalQuestionId,
  category: z.enum(FAILURE_MODE_CATEGORIES),
  question: z.string().trim().min(1, 'must not be empty').max(2000, 'at most 2000 characters'),
  referenceAnswer: z.string().min(1, 'must not be empty').max(4000, 'at most 4000 characters'),
  requiredFacts: z.array(RequiredFactSchema).max(20, 'at most 20 facts'),
  forbiddenFacts: z.array(ForbiddenFactSchema).max(20, 'at most 20 facts'),
  supportingDocs: z.array(z.string().min(1).max(200)).max(20, 'at most 20 documents'),
  expected: z.enum(['answer', 'refuse']),
});
export type EvalQuestion = z.infer<typeof evalQuestionSchema>;

export interface EvalSet {
  /** As the report names it: evals/NAME.jsonl. */
  file: string;
  questions: EvalQuestion[];
}

/** Parse one eval file's text; every problem names the file, the line and the field. Never throws. */
export function parseEvalSet(text: string, file: string): { set: EvalSet; problems: FileProblem[] } {
  const problems: FileProblem[] = [];
  const questions: EvalQuestion[] = [];
  const seen = new Map<string, number>();
  const fix = 'one JSON object a line, in the format of dev/questions.jsonl (see README.md, "Your report and your evals")';
  text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .forEach((raw, i) => {
      const line = i + 1;
      if (!raw.trim()) return;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (error) {
        problems.push({ file, where: `line ${line}`, message: `not valid JSON: ${(error as Error).message}`, fix });
        return;
      }
      const parsed = evalQuestionSchema.safeParse(value);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) problems.push({ file, where: `line ${line}, field ${fieldPath(issue.path)}`, message: issue.message, fix });
        return;
      }
      const first = seen.get(parsed.data.id);
      if (first !== undefined) {
        problems.push({ file, where: `line ${line}, field id`, message: `duplicate id "${parsed.data.id}" (first on line ${first})`, fix: 'give each question of a set its own id' });
        return;
      }
      seen.set(parsed.data.id, line);
      questions.push(parsed.data);
    });
  if (questions.length === 0 && problems.length === 0) problems.push({ file, message: 'holds no question', fix });
  return { set: { file, questions }, problems };
}

/** Cap the sets at MAX_EVAL_SETS and MAX_EVAL_QUESTIONS in all (in file order), with a problem naming what was left out. */
export function capEvalSets(sets: readonly EvalSet[]): { sets: EvalSet[]; problems: FileProblem[] } {
  const problems: FileProblem[] = [];
  const kept: EvalSet[] = [];
  let room = MAX_EVAL_QUESTIONS;
  for (const [i, s] of sets.entries()) {
    if (i >= MAX_EVAL_SETS) {
      problems.push({ file: s.file, message: `not run: at most ${MAX_EVAL_SETS} eval sets`, fix: 'merge your eval sets into fewer files' });
      continue;
    }
    if (s.questions.length > room)
      problems.push({
        file: s.file,
        message: `only the first ${room} of its ${s.questions.length} questions run: at most ${MAX_EVAL_QUESTIONS} eval questions in all`,
        fix: 'keep your eval sets smaller',
      });
    kept.push({ file: s.file, questions: s.questions.slice(0, room) });
    room -= Math.min(room, s.questions.length);
  }
  return { sets: kept.filter((s) => s.questions.length > 0), problems };
}

/** The id an eval question is asked with: `evals/NAME.jsonl#id`, never the id of a dev or hidden question. */
export function evalWireId(file: string, id: string): string {
  return `${file}#${id}`;
}

/** The questions of the sets as the loop asks them. */
export function evalLoopQuestions(sets: readonly EvalSet[]): GoldQuestion[] {
  return sets.flatMap((s) => s.questions.map((q) => ({ ...q, id: evalWireId(s.file, q.id) })));
}

export interface EvalSetResult {
  file: string;
  questions: number;
  /** Questions answered (or refused) in time, without a protocol error. */
  answered: number;
  metrics: Record<ClaimedMetric, Metric>;
}

/** Figures of one set of scores: the metrics a report may claim, computed as the check prints them. */
export function claimedFigures(scores: readonly QuestionScore[], options: { k: number; stream: RandomStream; backend: string }): Record<ClaimedMetric, Metric> {
  const all = ragMetrics(scores, options) as Record<string, Metric>;
  return Object.fromEntries(CLAIMED_METRICS.map((m) => [m, all[m] ?? { value: null, direction: 'higher' }])) as Record<ClaimedMetric, Metric>;
}

/** Each set's figures from the loop's scores (their ids are evalWireId's). */
export function evalSetResults(sets: readonly EvalSet[], scores: readonly QuestionScore[], options: { k: number; stream: RandomStream; backend: string }): EvalSetResult[] {
  return sets.map((s) => {
    const prefix = `${s.file}#`;
    const own = scores.filter((q) => q.id.startsWith(prefix));
    return {
      file: s.file,
      questions: s.questions.length,
      answered: own.filter((q) => q.status === 'ok').length,
      metrics: claimedFigures(own, { ...options, stream: options.stream.fork(`eval:${s.file}`) }),
    };
  });
}

/** evals/NAME.jsonl for a file name in the evals folder. */
export function evalFilePath(name: string): string {
  return `${EVALS_DIR}/${name}`;
}
