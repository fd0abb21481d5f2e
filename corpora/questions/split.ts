import { type CandidateSeed, createStream } from '../../harness/secrets';
import { InternalError } from '../../harness/errors';
import { QUESTION_CATEGORIES, type QuestionCategory, type RagQuestion } from '../types';
import { questionFamily } from './build';

export const DEV_FAMILIES_PER_CATEGORY = 4;

/**
 * The public dev families, named so that the dev set never moves when the pool
 * grows, and spread over different pages and regions within each category.
 */
export const DEV_FAMILIES: Readonly<Record<QuestionCategory, readonly string[]>> = {
  'single-fact': ['claim-acknowledgement', 'hazmat-fee', 'token-lifetime', 'pod-availability'],
  'table-lookup': ['base-rate-us-z3-b2', 'accessorial-liftgate-fee-eu', 'transit-zone-2', 'api-error-weight-limit'],
  'region-sensitive': ['claim-window-eu', 'minimum-charge-us', 'payment-terms-apac', 'pickup-cutoff-eu'],
  'version-sensitive': ['current-fuel-surcharge', 'current-dim-divisor', 'current-dispute-window', 'current-sla-credit-2day'],
  'deep-in-long-page': ['claim-appeal-window', 'hazmat-placard-fee', 'pars-lead-time', 'msa-termination-notice'],
  'multi-hop': ['concealed-then-claim', 'expired-quote', 'hazmat-cost-and-contact', 'refused-code-and-cost'],
  'numeric-reasoning': ['calc-linehaul-us-z2-750lb', 'calc-linehaul-fuel-eu-z4-1200kg', 'calc-detention-3h', 'calc-claim-deadline-apac'],
  'unanswerable-on-topic': ['unknown-white-glove-price', 'unknown-eu-storage', 'unknown-ceo', 'unknown-sandbox-limit'],
  'off-topic': ['offtopic-capital-australia', 'offtopic-linked-list', 'offtopic-stock-tip', 'offtopic-haiku'],
  'injection-bait': ['bait-locked-out', 'bait-v2-auth', 'bait-email-password', 'bait-password-rules'],
};
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
  let left = Math.min(
    target,
    [...available.values()].reduce((s, n) => s + n, 0),
  );
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
 * The public dev split is the same for every candidate: the DEV_FAMILIES,
 * first paraphrase each.
 * The hidden split is drawn per candidate from the other families (so no
 * paraphrase of a dev question is hidden), stratified by category, one
 * seeded paraphrase per family.
 */
export function splitQuestions(seed: CandidateSeed, pool: readonly RagQuestion[]): { dev: RagQuestion[]; hidden: RagQuestion[] } {
  const byCategory = familiesByCategory(pool);
  const dev: RagQuestion[] = [];
  const rest = new Map<QuestionCategory, [string, RagQuestion[]][]>();
  for (const c of QUESTION_CATEGORIES) {
    const families = byCategory.get(c) as Map<string, RagQuestion[]>;
    const devFamilies = DEV_FAMILIES[c];
    for (const family of devFamilies) {
      const questions = families.get(family);
      if (!questions) throw new InternalError(`dev family ${family} is not a ${c} family of the pool`, { hint: 'fix DEV_FAMILIES in corpora/questions/split.ts' });
      dev.push(questions[0] as RagQuestion);
    }
    rest.set(
      c,
      [...families].filter(([family]) => !devFamilies.includes(family)),
    );
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
