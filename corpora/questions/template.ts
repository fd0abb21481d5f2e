import type { FactValue, QuestionCategory, RagQuestion } from '../types';

export type Facts = Readonly<Record<string, FactValue>>;
export type ForbiddenReason = RagQuestion['forbiddenFacts'][number]['reason'];
export type RequiredFact = RagQuestion['requiredFacts'][number];

/**
 * One question family. Each paraphrase in `variants` becomes one question with
 * id `${family}-NN`; paraphrases of one family are never split between the
 * dev and hidden sets. Strings are mustache templates over the same view as
 * the corpus (`{{facts.NAME}}`, `{{n.NAME}}`).
 */
export interface QuestionTemplate {
  family: string;
  category: QuestionCategory;
  variants: string[];
  /** Mustache template, or a function of the facts for computed answers. */
  answer: string | ((facts: Facts) => string);
  /** Fact names whose values a correct answer must state. */
  required?: string[];
  /** Values computed from facts (numeric reasoning); names start with "computed:". */
  computed?: (facts: Facts) => RequiredFact[];
  forbidden?: [name: string, reason: ForbiddenReason][];
  /** Doc ids, most relevant first. */
  docs: string[];
  expected?: 'answer' | 'refuse';
}

/** A fact question in one line: the answer states the required facts. */
export function factQuestion(
  family: string,
  category: QuestionCategory,
  required: string[],
  variants: string[],
  answer: string,
  docs: string[],
  forbidden: [string, ForbiddenReason][] = [],
): QuestionTemplate {
  return { family, category, required, variants, answer, docs, forbidden };
}

export const REGION_NAMES = { us: 'United States', eu: 'European', apac: 'Asia-Pacific' } as const;
export type RegionKey = keyof typeof REGION_NAMES;
export const REGION_KEYS: RegionKey[] = ['us', 'eu', 'apac'];

/** The other regions' variants of a regional fact, as forbidden facts. */
export function otherRegions(base: string, region: RegionKey): [string, ForbiddenReason][] {
  return REGION_KEYS.filter((r) => r !== region).map((r) => [`${base}_${r}`, 'other-region']);
}
