import { groupByScore } from './groups';

/**
 * The Mann-Whitney count of a ranking: (positive, negative) pairs with the
 * positive scored higher, a tied pair counting a half. Input: per-group
 * positive and negative counts, groups in descending score order (as
 * ScoreGroups or a bootstrap replicate of it). Every term is a multiple of a
 * half, so the sum is exact below 2^52 pairs.
 */
export function mannWhitneyPairs(pos: ArrayLike<number>, neg: ArrayLike<number>, negatives: number): number {
  let negativesBelow = negatives;
  let pairs = 0;
  for (let g = 0; g < pos.length; g++) {
    const n = neg[g] as number;
    negativesBelow -= n;
    pairs += (pos[g] as number) * (negativesBelow + 0.5 * n);
  }
  return pairs;
}

/**
 * ROC AUC: the chance a random positive (label 1) scores above a random
 * negative (any other label), ties counting a half; the area under the
 * trapezoidal ROC curve, as scikit-learn's roc_auc_score. Null when either
 * class is empty. Exact: the pair count is an exact double, divided once.
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number | null {
  const g = groupByScore(labels, scores);
  if (g.positives === 0 || g.negatives === 0) return null;
  return mannWhitneyPairs(g.pos, g.neg, g.negatives) / (g.positives * g.negatives);
}
