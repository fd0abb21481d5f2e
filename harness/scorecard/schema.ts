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

export const rubricLevelSchema = z.strictObject({
  criterion: z.string(),
  level: z.number().nullable(),
  maxLevel: z.number(),
  weight: z.number(),
  source: z.enum(['auto', 'manual']),
  reviewer: z.string().optional(),
  reason: z.string(),
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
  rubric: z.array(rubricLevelSchema).optional(),
  /** Timing facts that vary run to run; everything else reproduces exactly. */
  timing: z.record(z.string(), z.number()).optional(),
  /** How the scorecard was made: the exercise's grader version (see CHANGELOG.md) and the harness's git commit when run from a checkout. */
  provenance: z
    .strictObject({
      graderVersion: z.string(),
      harnessCommit: z.string().nullable(),
      /** The checkout had uncommitted changes to tracked files: the commit alone does not say what graded. */
      harnessDirty: z.boolean(),
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
