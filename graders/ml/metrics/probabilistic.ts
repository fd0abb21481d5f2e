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
  const eps = params.logLossEps;
  let total = 0;
  for (let g = 0; g < t.scores.length; g++) {
    const s = t.scores[g] as number;
    const c = s < eps ? eps : s > 1 - eps ? 1 - eps : s;
    const pos = t.pos[g] as number;
    const neg = t.neg[g] as number;
    if (pos > 0) total -= pos * Math.log(c);
    if (neg > 0) total -= neg * Math.log(1 - c);
  }
  return { value: total / t.n, numerator: total, denominator: t.n };
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
