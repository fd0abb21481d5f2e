import type { RandomStream } from '../../harness/secrets';
import { pearson } from '../../harness/stats';

/** Average ranks (1-based; ties share the mean of their positions), as scipy.stats.rankdata. */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const v = Float64Array.from(values);
  order.sort((a, b) => v[a]! - v[b]!);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && v[order[j]!] === v[order[i]!]) j++;
    const rank = (i + 1 + j) / 2; // mean of positions i+1 .. j
    for (let k = i; k < j; k++) ranks[order[k]!] = rank;
    i = j;
  }
  return ranks;
}

export interface SpearmanResult {
  rho: number | null;
  /** Two-sided permutation p-value, (1 + #{|rho*| >= |rho|}) / (1 + permutations); null when rho is. */
  pValue: number | null;
  permutations: number;
  n: number;
}

/** Residuals of y after least squares on z (with an intercept), in place. */
function residualise(y: Float64Array, z: Float64Array): void {
  const n = y.length;
  let mz = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mz += z[i]!;
    my += y[i]!;
  }
  mz /= n;
  my /= n;
  let szz = 0;
  let szy = 0;
  for (let i = 0; i < n; i++) {
    szz += (z[i]! - mz) * (z[i]! - mz);
    szy += (z[i]! - mz) * (y[i]! - my);
  }
  const beta = szz === 0 ? 0 : szy / szz;
  for (let i = 0; i < n; i++) y[i] = y[i]! - my - beta * (z[i]! - mz);
}

/**
 * Spearman's rho (Pearson of average ranks) with a two-sided permutation
 * p-value: one side is shuffled with the given stream. With `control`, the
 * semi-partial rank correlation: y's ranks are first residualised on the
 * control's ranks, so only the part of y the control does not explain counts,
 * on the scale of x's whole ranking.
 */
export function spearmanPermutation(x: ArrayLike<number>, y: ArrayLike<number>, stream: RandomStream, permutations = 999, control?: ArrayLike<number>): SpearmanResult {
  const n = x.length;
  const rx = averageRanks(x);
  const ry = averageRanks(y);
  if (control !== undefined && n >= 3) {
    residualise(ry, averageRanks(control));
  }
  const rho = pearson(rx, ry);
  if (rho === null) return { rho: null, pValue: null, permutations: 0, n };
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += rx[i]!;
    my += ry[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    rx[i] = rx[i]! - mx;
    ry[i] = ry[i]! - my;
    sxx += rx[i]! * rx[i]!;
    syy += ry[i]! * ry[i]!;
  }
  const denom = Math.sqrt(sxx * syy);
  const target = Math.abs(rho) - 1e-12;
  const perm = Float64Array.from(ry);
  const words = new Uint32Array(n);
  let extreme = 0;
  for (let b = 0; b < permutations; b++) {
    stream.fillUint32(words);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor((words[i]! / 4294967296) * (i + 1));
      const t = perm[i]!;
      perm[i] = perm[j]!;
      perm[j] = t;
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += rx[i]! * perm[i]!;
    if (Math.abs(s / denom) >= target) extreme++;
  }
  return { rho, pValue: (1 + extreme) / (1 + permutations), permutations, n };
}

export function logit(p: number): number {
  const c = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return Math.log(c / (1 - c));
}

/** numpy.percentile (linear) of an ascending array. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
