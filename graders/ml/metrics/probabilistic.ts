import { missingClass } from './ranking';
import type { BrierSkillDetails, MetricParams, MetricResult, ScoreTable } from './types';

/**
 * Mean negative log-likelihood with p clipped to [eps, 1 - eps] first, as
 * scikit-learn does (clip p, then use 1 - clipped p for the negative class).
 * eps is 1e-15, scikit-learn's default before 1.2 (1.2 defaults to "auto",
 * float64 machine epsilon); a wrong answer at p = 0 or 1 costs -ln(1e-15) = 34.5.
 */
export function logLoss(t: ScoreTable, params: MetricParams): MetricResult {
  if (t.n === 0) return { value: null, reason: 'no rows' };
  const { ifPositive, ifNegative } = logTerms(t.scores, params.logLossEps);
  let total = 0;
  for (let g = 0; g < t.scores.length; g++) {
    total += (t.pos[g] as number) * (ifPositive[g] as number) + (t.neg[g] as number) * (ifNegative[g] as number);
  }
  return { value: total / t.n, numerator: total, denominator: t.n };
}

interface LogTerms {
  eps: number;
  ifPositive: Float64Array;
  ifNegative: Float64Array;
}

/**
 * -ln(clipped p) and -ln(1 - clipped p) per score. Bootstrap replicates share
 * the data's scores array, so the logarithms are taken once per data set, not
 * once per replicate (a third of a replicate's time at 1,000,000 distinct
 * scores). Keyed weakly by the array, which tables never modify.
 */
const logTermCache = new WeakMap<Float64Array, LogTerms>();

function logTerms(scores: Float64Array, eps: number): LogTerms {
  const cached = logTermCache.get(scores);
  if (cached !== undefined && cached.eps === eps) return cached;
  const ifPositive = new Float64Array(scores.length);
  const ifNegative = new Float64Array(scores.length);
  for (let g = 0; g < scores.length; g++) {
    const s = scores[g] as number;
    const c = Math.min(Math.max(s, eps), 1 - eps);
    ifPositive[g] = -Math.log(c);
    ifNegative[g] = -Math.log(1 - c);
  }
  const terms = { eps, ifPositive, ifNegative };
  logTermCache.set(scores, terms);
  return terms;
}

function brierSum(t: ScoreTable): number {
  let total = 0;
  for (let g = 0; g < t.scores.length; g++) {
    const s = t.scores[g] as number;
    total += (t.pos[g] as number) * (1 - s) * (1 - s) + (t.neg[g] as number) * s * s;
  }
  return total;
}

/** Mean squared error of the probability against the 0/1 label. */
export function brier(t: ScoreTable): MetricResult {
  if (t.n === 0) return { value: null, reason: 'no rows' };
  const total = brierSum(t);
  return { value: total / t.n, numerator: total, denominator: t.n };
}

/**
 * 1 - brier / (prev * (1 - prev)): the share of the Brier score of always
 * predicting the prevalence that the model removes (0 = no better, 1 = perfect).
 */
export function brierSkill(t: ScoreTable): MetricResult<BrierSkillDetails> {
  const reason = missingClass(t, true);
  if (reason !== undefined) return { value: null, reason: `${reason}; the reference Brier score prev * (1 - prev) is 0` };
  const score = brierSum(t) / t.n;
  const prevalence = t.positives / t.n;
  const reference = prevalence * (1 - prevalence);
  return { value: 1 - score / reference, numerator: score, denominator: reference, details: { brier: score, reference } };
}
