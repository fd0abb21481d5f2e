import { z } from 'zod';

/** One seeded fact as the corpus states it and as a grader may accept it. */
export const NumericSpecSchema = z.strictObject({
  value: z.number(),
  tolerance: z.number().nonnegative(),
  unit: z.string().optional(),
});

export const FactValueSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/),
  /** The exact string the corpus prints for `{{facts.NAME}}`. */
  value: z.string().min(1),
  /** Other ways a correct answer may write the same value. */
  aliases: z.array(z.string()),
  numeric: NumericSpecSchema.optional(),
  /** Bare number as printed by `{{n.NAME}}` (tables, "45-day window"). */
  bare: z.string().optional(),
  /** ISO date as printed by `{{iso.NAME}}` (front matter). */
  iso: z.string().optional(),
});
export type FactValue = z.infer<typeof FactValueSchema>;

export const REGIONS = ['global', 'US', 'EU', 'APAC'] as const;
export const SOURCES = ['official', 'forum', 'changelog', 'api'] as const;

/** Front matter of a rendered document, in the key order it is written. */
export const FrontMatterSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  title: z.string().min(1),
  area: z.string().min(1),
  region: z.enum(REGIONS),
  status: z.enum(['current', 'superseded']),
  effective_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  source: z.enum(SOURCES),
});
export type FrontMatter = z.infer<typeof FrontMatterSchema>;

/**
 * Grader-only markers of the difficulties a document plants. They live in the
 * template's front matter and are stripped from the rendered file, so a
 * candidate's corpus never says which page is the trap.
 */
export const PLANTED = ['long', 'near-duplicate', 'forum-contradiction', 'injection', 'table-facts'] as const;

export const TemplateFrontMatterSchema = FrontMatterSchema.extend({
  planted: z.array(z.enum(PLANTED)).optional(),
  /** For a near-duplicate: the id of the page it nearly copies. */
  duplicate_of: z.string().optional(),
  /** For a superseded page: the id of the page that replaces it. */
  superseded_by: z.string().optional(),
});

export const RenderedDocSchema = z.strictObject({
  id: z.string(),
  /** Relative to the corpus root, e.g. "claims/filing-a-claim-eu.md". */
  path: z.string(),
  frontMatter: FrontMatterSchema,
  /** The full file text, front matter included. */
  markdown: z.string(),
  /** Grader-only: what the page plants (never written into the file). */
  planted: z.array(z.enum(PLANTED)),
  duplicateOf: z.string().optional(),
  supersededBy: z.string().optional(),
});
export type RenderedDoc = z.infer<typeof RenderedDocSchema>;

export const QUESTION_CATEGORIES = [
  'single-fact',
  'table-lookup',
  'multi-hop',
  'version-sensitive',
  'region-sensitive',
  'deep-in-long-page',
  'numeric-reasoning',
  'unanswerable-on-topic',
  'off-topic',
  'injection-bait',
] as const;
export const QuestionCategorySchema = z.enum(QUESTION_CATEGORIES);
export type QuestionCategory = z.infer<typeof QuestionCategorySchema>;

export const RequiredFactSchema = z.strictObject({
  /** A fact name, or "computed:<what>" for a value the question computes from facts. */
  name: z.string(),
  value: z.string(),
  aliases: z.array(z.string()),
  numeric: NumericSpecSchema.optional(),
});

export const ForbiddenFactSchema = z.strictObject({
  name: z.string(),
  value: z.string(),
  aliases: z.array(z.string()),
  /** Optional extension: lets a grader spot the forbidden number however it is written. */
  numeric: NumericSpecSchema.optional(),
  reason: z.enum(['superseded', 'contradicted', 'canary', 'other-region']),
});

export const RagQuestionSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+-\d{2}$/),
  category: QuestionCategorySchema,
  question: z.string().min(1),
  referenceAnswer: z.string().min(1),
  requiredFacts: z.array(RequiredFactSchema),
  forbiddenFacts: z.array(ForbiddenFactSchema),
  supportingDocs: z.array(z.string()),
  expected: z.enum(['answer', 'refuse']),
});
export type RagQuestion = z.infer<typeof RagQuestionSchema>;

export interface RenderedCorpus {
  docs: RenderedDoc[];
  facts: Record<string, FactValue>;
}
