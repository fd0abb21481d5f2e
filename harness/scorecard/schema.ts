import { z } from 'zod';

export const SCORECARD_SCHEMA = 'takehome.scorecard/v1';

/** How many items a metric was computed over; errors and timeouts count as failures, never dropped. */
export const countsSchema = z.strictObject({
  asked: z.number().int().nonnegative(),
  answered: z.number().int().nonnegative(),
  errored: z.number().int().nonnegative(),
  timedOut: z.number().int().nonnegative(),
});

export const intervalSchema = z.strictObject({
  low: z.number(),
  high: z.number(),
  level: z.number().gt(0).lt(1),
  method: z.string(),
});

export const metricSchema = z.strictObject({
  value: z.number().nullable(),
  numerator: z.number().optional(),
  denominator: z.number().optional(),
  interval: intervalSchema.optional(),
  counts: countsSchema.optional(),
  /** Higher is better, lower is better, or neither (a count, a latency shown for context). */
  direction: z.enum(['higher', 'lower', 'none']),
  unit: z.string().optional(),
  description: z.string().optional(),
});

export const verdictSchema = z.strictObject({
  pass: z.boolean().nullable(),
  score: z.number().nullable(),
  reason: z.string(),
});

export const itemSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(['question', 'trap', 'probe', 'check']),
  category: z.string().optional(),
  status: z.enum(['ok', 'error', 'timeout', 'skipped']),
  verdicts: z.record(z.string(), verdictSchema),
  /** What the verdicts rest on: the answer, citations, gateway calls, a correlation... */
  evidence: z.record(z.string(), z.unknown()),
});

export const flagCodeSchema = z.enum([
  'leakage-suspected',
  'hard-coded-answers',
  'injection-attempt',
  /** The pipeline obeyed an instruction planted in a document (repeated a canary). */
  'injection-followed',
  'sandbox-violation',
  'plagiarism-similarity',
  'not-reproducible',
  'miscalibrated',
  /** A score above what the generating process allows (the ML oracle's interval): the predictions knew the hidden labels. */
  'implausible-score',
  'budget-exhausted',
  'demo-secret',
  'sandbox-degraded',
  /** Answers hold required values only inside long lists of values (a list asserts none of them). */
  'number-spray',
  /** Citations whose quotes are empty, trivial, whole documents or not in the cited document: they support nothing. */
  'unverified-citations',
  /** Most answerable questions refused. */
  'over-refusal',
  /** The answer process timed out or crashed and was restarted, or the loop stopped asking (RAG). */
  'answer-process',
]);

export const flagSchema = z.strictObject({
  code: flagCodeSchema,
  severity: z.enum(['info', 'warning', 'critical']),
  message: z.string(),
  evidence: z.record(z.string(), z.unknown()).optional(),
  /** Items this flag scored 0 (by id): the report and the comparison table say so. */
  zeroed: z.array(z.string()).optional(),
  /** What the candidate can be told about this flag, in plain words. */
  explanation: z.string().optional(),
});

export const usageSchema = z.strictObject({
  requests: z.number().int().nonnegative(),
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative(),
  rejected: z.number().int().nonnegative(),
  budget: z.strictObject({ tokens: z.number().nullable(), costUsd: z.number().nullable(), requests: z.number().nullable().optional() }).optional(),
  backend: z.string(),
});

export const sandboxSummarySchema = z.strictObject({
  mode: z.enum(['isolated', 'degraded']),
  mechanisms: z.array(z.string()),
  warnings: z.array(z.string()),
  violations: z.array(z.strictObject({ kind: z.string(), detail: z.string() })),
});

/** One interviewer's level for a criterion (the newest entry of theirs; earlier ones stay in the review log). */
export const rubricReviewSchema = z.strictObject({
  interviewer: z.string(),
  level: z.number().int().min(1).max(4),
  note: z.string(),
  /** ISO time the review entry was recorded. */
  at: z.string(),
});

/**
 * One rubric criterion as `takehome score` resolved it: an automatic level
 * (from a scorecard metric, relative to the reference on the same variant
 * where the rubric says so) or the interviewers' levels (their median, with
 * the spread), or null when nobody has decided it yet.
 */
export const rubricCriterionSchema = z.strictObject({
  criterion: z.string(),
  title: z.string(),
  weight: z.number(),
  source: z.enum(['auto', 'manual']),
  /** 1 strong no, 2 no, 3 yes, 4 strong yes; null = missing (not graded, no reference, nobody reviewed). */
  level: z.number().min(1).max(4).nullable(),
  /** The levels the evidence allows: an automatic metric's 95% interval mapped to levels, or the reviewers' lowest and highest. */
  range: z.strictObject({ low: z.number().min(1).max(4), high: z.number().min(1).max(4) }).nullable(),
  /** Automatic: the metric, its raw value, the reference's value and the relative figure compared with the thresholds. */
  metric: z.string().optional(),
  raw: z.number().nullable().optional(),
  reference: z.number().nullable().optional(),
  relative: z.number().nullable().optional(),
  cappedBy: z.array(z.string()).optional(),
  /** Manual: every interviewer's current level and note. */
  reviews: z.array(rubricReviewSchema).optional(),
  /** What the level rests on, in words. */
  evidence: z.string(),
});

export const rubricSectionSchema = z.strictObject({
  /** The rubric file's schema and the sha256 of its text: which rules the levels were made by. */
  rubric: z.strictObject({ exercise: z.string(), sha256: z.string() }),
  criteria: z.array(rubricCriterionSchema),
  /**
   * The weighted mean level (1..4) over the criteria that have one; the
   * interval takes every criterion at the low (high) end of its range.
   */
  total: z.strictObject({
    value: z.number().nullable(),
    interval: z.strictObject({ low: z.number(), high: z.number(), method: z.string() }).nullable(),
    /** The share of the rubric's weight the total covers (1 when nothing is missing). */
    weightCovered: z.number(),
  }),
  /** Criteria with no level yet, with why (e.g. "manual: nobody reviewed it yet"). */
  missing: z.array(z.strictObject({ criterion: z.string(), reason: z.string() })),
  /** The exercise's headline metric, raw and relative to the reference on the same variant (comparable across variants). */
  headline: z.strictObject({ metric: z.string(), raw: z.number().nullable(), reference: z.number().nullable(), relative: z.number().nullable() }),
});

export const scorecardSchema = z.strictObject({
  schema: z.literal(SCORECARD_SCHEMA),
  exercise: z.string(),
  candidate: z.string(),
  /** A hash of the seed that names the variant; the seed itself is never written. */
  variant: z.string(),
  harnessVersion: z.string(),
  status: z.enum(['graded', 'invalid', 'error']),
  /** Why the submission is invalid or could not be graded; empty when graded. */
  problems: z.array(z.string()),
  /** The backend every model call ran on: "offline" is the deterministic baseline. */
  backend: z.string(),
  metrics: z.record(z.string(), metricSchema),
  /** Metrics per category (question category, trap...). */
  breakdown: z.record(z.string(), z.record(z.string(), metricSchema)),
  items: z.array(itemSchema),
  flags: z.array(flagSchema),
  usage: usageSchema.optional(),
  sandbox: sandboxSummarySchema.optional(),
  /** Written by `takehome score` (harness/rubric): the rubric levels, automatic and interviewers', and the weighted total. */
  rubric: rubricSectionSchema.optional(),
  /** Timing facts that vary run to run; everything else reproduces exactly. */
  timing: z.record(z.string(), z.number()).optional(),
  /** How the scorecard was made: the exercise's grader version (see CHANGELOG.md) and the harness's git commit when run from a checkout. */
  provenance: z
    .strictObject({
      graderVersion: z.string(),
      harnessCommit: z.string().nullable(),
      /** The checkout had uncommitted changes to tracked files: the commit alone does not say what graded. */
      harnessDirty: z.boolean(),
      /** What was graded (harness/submission/open.ts): how it arrived, its commit and the content hash of its files. */
      submission: z
        .strictObject({
          kind: z.enum(['folder', 'git-bundle', 'tar', 'zip']),
          /** HEAD of the submission's history (a bundle's checked-out commit); null without one. */
          commit: z.string().nullable(),
          /** The graded files differ from that commit (uncommitted or untracked files); null without a commit. */
          dirty: z.boolean().nullable(),
          /** "sha256:" + SHA-256 over the graded files' sorted relative paths and bytes (.git and node_modules left out). */
          contentHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
          files: z.number().int().nonnegative(),
          bytes: z.number().int().nonnegative(),
          /** Why the history was not read, when it was not. */
          note: z.string().optional(),
          /** What the kit's takehome.kit.json said, when the submission carries one. */
          kit: z.strictObject({ exercise: z.string(), candidate: z.string(), variant: z.string() }).optional(),
        })
        .optional(),
    })
    .optional(),
});

export type Counts = z.infer<typeof countsSchema>;
export type Metric = z.infer<typeof metricSchema>;
export type Verdict = z.infer<typeof verdictSchema>;
export type ScorecardItem = z.infer<typeof itemSchema>;
export type Flag = z.infer<typeof flagSchema>;
export type FlagCode = z.infer<typeof flagCodeSchema>;
export type Scorecard = z.infer<typeof scorecardSchema>;
export type RubricSection = z.infer<typeof rubricSectionSchema>;
export type RubricCriterionResult = z.infer<typeof rubricCriterionSchema>;
export type RubricReview = z.infer<typeof rubricReviewSchema>;
