import { pearson as pearsonOrNull } from '../../harness/stats';

/**
 * Small statistics used to measure the traps on the generated data (recorded in
 * the hidden catalog) and by the tests. Pure functions over plain arrays.
 */

/**
 * Area under the ROC curve: the chance a random positive scores above a random
 * negative, ties counted as half; NaN if one class is empty. Both classes' scores
 * are sorted natively (typed arrays), then merged, which is fast on 100k rows.
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  let nPos = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) nPos++;
  const nNeg = scores.length - nPos;
  if (nPos === 0 || nNeg === 0) return Number.NaN;
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(nNeg);
  let p = 0;
  let q = 0;
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] === 1) pos[p++] = scores[i] as number;
    else neg[q++] = scores[i] as number;
  }
  pos.sort();
  neg.sort();
  let wins = 0;
  let below = 0; // negatives strictly below the current positive score
  let upTo = 0; // negatives at or below it
  for (let i = 0; i < nPos; i++) {
    const s = pos[i] as number;
    while (below < nNeg && (neg[below] as number) < s) below++;
    if (upTo < below) upTo = below;
    while (upTo < nNeg && (neg[upTo] as number) <= s) upTo++;
    wins += below + (upTo - below) / 2;
  }
  return wins / (nPos * nNeg);
}

/** Pearson correlation (harness/stats); NaN when either side is constant, as the measurements here expect. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return pearsonOrNull(x, y) ?? Number.NaN;
}

export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  return x.length === 0 ? Number.NaN : s / x.length;
}

export function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
