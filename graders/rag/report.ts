import { z } from 'zod';
import { QUESTION_CATEGORIES } from '../../corpora/types';

/**
 * report.json of a RAG submission: the candidate's structured self-assessment
 * beside NOTES.md. How they evaluated (their own eval sets under evals/, the
 * metrics they watched), their `npm run check` figures before and after, an
 * estimate of their hidden `overall` with an interval, the failure modes they
 * found (worst first), and their chunking choice. The grader compares it with
 * what the pipeline does on the hidden set (graders/rag/self-assessment.ts);
 * the kit's `npm run check` validates it with the same schema.
 *
 * Imported by the kit's check bundle: nothing here may know a seed or the
 * question pool (corpora/types holds only schemas).
 */

export const RAG_REPORT_SCHEMA_ID = 'takehome.rag-report/v1';
export const RAG_REPORT_FILE = 'report.json';
/** The folder of the candidate's own eval sets, one JSON question a line in the dev set's format. */
export const EVALS_DIR = 'evals';
/** A failure mode outside the kit's question categories. */
export const OTHER_CATEGORY = 'other';
export const FAILURE_MODE_CATEGORIES = [...QUESTION_CATEGORIES, OTHER_CATEGORY] as const;

const text = z.string().trim().min(1, 'must not be empty').max(2000, 'at most 2000 characters');
const title = z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters');
const score = z.number().min(0, 'must be in [0, 1]').max(1, 'must be in [0, 1]');
/** A question id of dev/questions.jsonl or of one of the candidate's eval sets. */
export const evalQuestionId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'a question id is lower-case letters, digits and dashes (at most 100)');
const evalFile = z.string().regex(/^evals\/[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.jsonl$/, 'an eval set is a file evals/NAME.jsonl');

/** Figures as `npm run check` prints them: overall, and any of the other score metrics you watched. */
export const CLAIMED_METRICS = ['overall', 'answerQuality', 'refusalDiscrimination', 'factCoverage', 'citationPrecision', 'citationRecall', 'hit@5'] as const;
export type ClaimedMetric = (typeof CLAIMED_METRICS)[number];

const figures = z.strictObject({
  overall: score,
  answerQuality: score.optional(),
  refusalDiscrimination: score.optional(),
  factCoverage: score.optional(),
  citationPrecision: score.optional(),
  citationRecall: score.optional(),
  'hit@5': score.optional(),
});
export type Figures = z.infer<typeof figures>;

export const ragReportSchema = z
  .strictObject({
    schema: z.literal(RAG_REPORT_SCHEMA_ID),
    evaluation: z.strictObject({
      /** How you evaluated: what you ran, how often, what you looked at beyond averages. */
      description: text,
      /** The metrics you watched (names from the check's table or your own). */
      metrics: z.array(title).max(30, 'at most 30 metrics'),
      /** `npm run check` on the dev set: v0 as given, and your final pipeline. */
      dev: z.strictObject({ before: figures, after: figures }),
      /** Your own eval sets (evals/*.jsonl), with the figures `npm run check` printed for each. */
      eval_sets: z
        .array(
          z.strictObject({
            file: evalFile,
            questions: z.number().int('a whole number').min(1, 'at least 1').max(10_000, 'at most 10000'),
            how_built: text,
            figures,
          }),
        )
        .max(20, 'at most 20 eval sets'),
    }),
    /** Your estimate of the hidden `overall`, with the interval you believe it falls in. */
    estimate: z
      .strictObject({ overall: score, low: score, high: score, reason: text })
      .refine((e) => e.low <= e.overall && e.overall <= e.high, { message: 'low <= overall <= high', path: ['overall'] }),
    /** The failure modes you found, worst first. */
    failure_modes: z
      .array(
        z.strictObject({
          /** A question category of the kit (README.md, "How you are graded"), or "other" for one of your own. */
          category: z.enum(FAILURE_MODE_CATEGORIES),
          title,
          /** Question ids from dev/questions.jsonl or your eval sets that show it. */
          examples: z.array(evalQuestionId).max(20, 'at most 20 examples'),
          /** What you did about it. */
          action: text,
          /** What is left. */
          remaining: text,
        }),
      )
      .max(20, 'at most 20 failure modes'),
    chunking: z.strictObject({ strategy: text, reason: text }),
  })
  .meta({ title: 'takehome RAG report', description: 'report.json of the takehome RAG exercise: a self-assessment beside NOTES.md' });

export type RagReport = z.infer<typeof ragReportSchema>;

/** JSON Schema of report.json (draft 2020-12), for the kit and editors. */
export function ragReportJsonSchema(): Record<string, unknown> {
  return { $id: RAG_REPORT_SCHEMA_ID, ...(z.toJSONSchema(ragReportSchema) as Record<string, unknown>) };
}

/** Where the candidate reads the rules, for the fix of each problem. */
export const RAG_REPORT_DOCS = { schema: 'report.schema.json', example: 'report.example.json' } as const;
