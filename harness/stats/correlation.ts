import type { RandomStream } from '../secrets';
import { averageRanks } from './ranks';

/** Pearson correlation (two-pass: means first); null when either side is constant or there are fewer than 3 pairs. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const n = x.length;
  if (n < 3) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** Spearman's rho: Pearson of the average ranks; null as pearson is (a constant side, fewer than 3 pairs). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  return pearson(averageRanks(x), averageRanks(y));
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
 * p-value: one side is shuffled (Fisher-Yates, one 32-bit word per swap from
 * stream.fillUint32) `permutations` times. With `control`, the semi-partial
 * rank correlation: y's ranks are first residualised on the control's ranks,
 * so only the part of y the control does not explain counts, on the scale of
 * x's whole ranking. With permutations = 0 the stream is not used.
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
