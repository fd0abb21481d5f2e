import { pearson as pearsonOrNull, rocAuc } from '../../harness/stats';

/**
 * Small statistics used to measure the traps on the generated data (recorded in
 * the hidden catalog) and by the tests. Pure functions over plain arrays.
 */

/** ROC AUC (harness/stats' rocAuc: label 1 positive, ties count a half); NaN if one class is empty, as the measurements here expect. */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  return rocAuc(labels, scores) ?? Number.NaN;
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
