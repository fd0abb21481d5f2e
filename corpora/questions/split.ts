import { type CandidateSeed, createStream } from '../../harness/secrets';
import { InternalError } from '../errors';
import { QUESTION_CATEGORIES, type QuestionCategory, type RagQuestion } from '../types';
import { questionFamily } from './build';

export const DEV_FAMILIES_PER_CATEGORY = 4;
export const HIDDEN_TARGET = 160;

function familiesByCategory(pool: readonly RagQuestion[]): Map<QuestionCategory, Map<string, RagQuestion[]>> {
  const out = new Map<QuestionCategory, Map<string, RagQuestion[]>>(QUESTION_CATEGORIES.map((c) => [c, new Map()]));
  for (const q of pool) {
    const fams = out.get(q.category) as Map<string, RagQuestion[]>;
    const family = questionFamily(q.id);
    fams.set(family, [...(fams.get(family) ?? []), q]);
  }
  return out;
}

/** Per-category quotas: an equal share each, capped by what a category holds, the rest spread over the larger ones. */
function quotas(available: Map<QuestionCategory, number>, target: number): Map<QuestionCategory, number> {
  const q = new Map<QuestionCategory, number>(QUESTION_CATEGORIES.map((c) => [c, 0]));
  let left = Math.min(target, [...available.values()].reduce((s, n) => s + n, 0));
  while (left > 0) {
    for (const c of QUESTION_CATEGORIES) {
      if (left > 0 && (q.get(c) as number) < (available.get(c) as number)) {
        q.set(c, (q.get(c) as number) + 1);
        left--;
      }
    }
  }
  return q;
}

/**
 * The public dev split is the same for every candidate: the first
 * DEV_FAMILIES_PER_CATEGORY families of each category, first paraphrase.
 * The hidden split is drawn per candidate from the other families (so no
 * paraphrase of a dev question is hidden), stratified by category, one
 * seeded paraphrase per family.
 */
export function splitQuestions(seed: CandidateSeed, pool: readonly RagQuestion[]): { dev: RagQuestion[]; hidden: RagQuestion[] } {
  const byCategory = familiesByCategory(pool);
  const dev: RagQuestion[] = [];
  const rest = new Map<QuestionCategory, [string, RagQuestion[]][]>();
  for (const c of QUESTION_CATEGORIES) {
    const families = [...(byCategory.get(c) as Map<string, RagQuestion[]>)];
    if (families.length <= DEV_FAMILIES_PER_CATEGORY) {
      throw new InternalError(`category ${c} has only ${families.length} question families; the dev split needs more than ${DEV_FAMILIES_PER_CATEGORY}`, { hint: 'add families to corpora/questions' });
    }
    for (const [, questions] of families.slice(0, DEV_FAMILIES_PER_CATEGORY)) dev.push(questions[0] as RagQuestion);
    rest.set(c, families.slice(DEV_FAMILIES_PER_CATEGORY));
  }
  const quota = quotas(new Map([...rest].map(([c, f]) => [c, f.length])), HIDDEN_TARGET);
  const root = createStream(seed, 'questions.hidden');
  const hidden: RagQuestion[] = [];
  for (const c of QUESTION_CATEGORIES) {
    const stream = root.fork(`category:${c}`);
    for (const [family, questions] of stream.sample(rest.get(c) as [string, RagQuestion[]][], quota.get(c) as number)) {
      hidden.push(root.fork(`variant:${family}`).pick(questions));
    }
  }
  return { dev, hidden };
}
