import { mannWhitneyPairs } from '../../../harness/stats';
import type { BestF1Details, F1RegretDetails, MetricParams, MetricResult, PrevalenceDetails, ScoreTable, ThresholdDetails, TopDetails } from './types';

const EMPTY = 'no rows';
const NO_POSITIVES = 'no positives (y = 1): the metric needs at least one';
const NO_NEGATIVES = 'no negatives (y = 0): the metric needs at least one';

/** Why a metric that needs both classes is undefined, or undefined if it is defined. */
export function missingClass(t: ScoreTable, needNegatives: boolean): string | undefined {
  if (t.n === 0) return EMPTY;
  if (t.positives === 0) return NO_POSITIVES;
  if (needNegatives && t.negatives === 0) return NO_NEGATIVES;
  return undefined;
}

/**
 * ROC-AUC as the Mann-Whitney statistic: the share of (positive, negative)
 * pairs ranked correctly, a tie counting a half. Equal to the area under the
 * trapezoidal ROC curve (scikit-learn's roc_auc_score). The pair count is
 * harness/stats' mannWhitneyPairs, as is rocAuc there for plain arrays.
 */
export function rocAuc(t: ScoreTable): MetricResult {
  const reason = missingClass(t, true);
  if (reason !== undefined) return { value: null, reason };
  const pairs = mannWhitneyPairs(t.pos, t.neg, t.negatives);
  const denominator = t.positives * t.negatives;
  return { value: pairs / denominator, numerator: pairs, denominator };
}

/**
 * Average precision, scikit-learn's step-wise definition: sum over distinct
 * thresholds of (R_n - R_(n-1)) * P_n. Only thresholds that add positives
 * move recall, so AP = sum_g pos_g * precision_g / positives.
 */
export function averagePrecision(t: ScoreTable): MetricResult<PrevalenceDetails> {
  const reason = missingClass(t, false);
  if (reason !== undefined) return { value: null, reason };
  let tp = 0;
  let fp = 0;
  let weighted = 0;
  for (let g = 0; g < t.scores.length; g++) {
    const pos = t.pos[g] as number;
    tp += pos;
    fp += t.neg[g] as number;
    if (pos > 0) weighted += (pos * tp) / (tp + fp);
  }
  return { value: weighted / t.positives, numerator: weighted, denominator: t.positives, details: { prevalence: t.positives / t.n } };
}

/** Average precision over prevalence (the AP of a random ranking): 1 means no better than chance. */
export function averagePrecisionLift(t: ScoreTable): MetricResult<PrevalenceDetails & { averagePrecision: number }> {
  const ap = averagePrecision(t);
  if (ap.value === null) return { value: null, reason: ap.reason ?? NO_POSITIVES };
  const prevalence = t.positives / t.n;
  return { value: ap.value / prevalence, numerator: ap.value, denominator: prevalence, details: { prevalence, averagePrecision: ap.value } };
}

/** Counts when predicting positive for p >= threshold. */
function confusionAt(t: ScoreTable, threshold: number): { tp: number; fp: number } {
  let tp = 0;
  let fp = 0;
  for (let g = 0; g < t.scores.length && (t.scores[g] as number) >= threshold; g++) {
    tp += t.pos[g] as number;
    fp += t.neg[g] as number;
  }
  return { tp, fp };
}

/** F1 = 2TP / (2TP + FP + FN), predicting positive when p >= params.threshold. */
export function f1AtThreshold(t: ScoreTable, params: MetricParams): MetricResult<ThresholdDetails> {
  const reason = missingClass(t, false) ?? badThreshold(params.threshold);
  if (reason !== undefined) return { value: null, reason };
  const { tp, fp } = confusionAt(t, params.threshold);
  const fn = t.positives - tp;
  const denominator = 2 * tp + fp + fn;
  return {
    value: (2 * tp) / denominator,
    numerator: 2 * tp,
    denominator,
    details: { threshold: params.threshold, truePositives: tp, falsePositives: fp, falseNegatives: fn },
  };
}

function badThreshold(threshold: number): string | undefined {
  return Number.isFinite(threshold) ? undefined : `the decision threshold is ${threshold}, not a finite number`;
}

/**
 * The best F1 over every distinct probability used as threshold (p >= it).
 * F1 at a group is 2TP / (TP + FP + positives); fractions are compared by
 * cross-multiplication (exact for integer counts), and among equal F1 the
 * highest threshold wins (fewest rows flagged).
 */
export function bestF1(t: ScoreTable): MetricResult<BestF1Details> {
  const reason = missingClass(t, false);
  if (reason !== undefined) return { value: null, reason };
  let tp = 0;
  let fp = 0;
  let bestNum = 0;
  let bestDen = 1;
  let bestThreshold = Number.POSITIVE_INFINITY;
  for (let g = 0; g < t.scores.length; g++) {
    const pos = t.pos[g] as number;
    fp += t.neg[g] as number;
    // A group without positives only adds false positives, so its F1 is below
    // the previous group's: never the best. This also skips the empty groups
    // of a bootstrap replicate, which are no threshold at all.
    if (pos === 0) continue;
    tp += pos;
    const num = 2 * tp;
    const den = tp + fp + t.positives;
    if (num * bestDen > bestNum * den) {
      bestNum = num;
      bestDen = den;
      bestThreshold = t.scores[g] as number;
    }
  }
  return { value: bestNum / bestDen, numerator: bestNum, denominator: bestDen, details: { bestThreshold } };
}

/** Best F1 minus F1 at the given threshold: what the chosen threshold costs (>= 0). */
export function f1Regret(t: ScoreTable, params: MetricParams): MetricResult<F1RegretDetails> {
  const at = f1AtThreshold(t, params);
  if (at.value === null) return { value: null, reason: at.reason ?? NO_POSITIVES };
  const best = bestF1(t);
  if (best.value === null || best.details === undefined) return { value: null, reason: best.reason ?? NO_POSITIVES };
  return {
    value: best.value - at.value,
    details: { threshold: params.threshold, f1AtThreshold: at.value, bestF1: best.value, bestThreshold: best.details.bestThreshold },
  };
}

/** ceil(n * percent / 100) in integer arithmetic, so 5% of 100 is exactly 5. */
export function reviewBudget(n: number, percent: number): number {
  return Math.ceil((n * percent) / 100);
}

/**
 * Precision in the top ceil(n * topPercent / 100) rows by probability. Rows
 * tied at the cut share the places left pro rata, i.e. the expected precision
 * when ties are broken uniformly at random. This does not depend on row or id
 * order, which a dataset may correlate with the label.
 */
export function precisionAtTop(t: ScoreTable, params: MetricParams): MetricResult<TopDetails> {
  if (t.n === 0) return { value: null, reason: EMPTY };
  if (!(params.topPercent > 0 && params.topPercent <= 100)) return { value: null, reason: `topPercent is ${params.topPercent}; it must be in (0, 100]` };
  const k = reviewBudget(t.n, params.topPercent);
  let taken = 0;
  let hits = 0;
  let cutoff = Number.NaN;
  let tied = 0;
  for (let g = 0; g < t.scores.length && taken < k; g++) {
    const pos = t.pos[g] as number;
    const size = pos + (t.neg[g] as number);
    if (size === 0) continue;
    const room = k - taken;
    if (size <= room) {
      taken += size;
      hits += pos;
    } else {
      hits += (pos * room) / size;
      taken = k;
    }
    cutoff = t.scores[g] as number;
    tied = size;
  }
  return { value: hits / k, numerator: hits, denominator: k, details: { k, cutoff, tiedAtCutoff: tied } };
}
