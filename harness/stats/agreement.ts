/**
 * Inter-rater agreement: Krippendorff's alpha and weighted Cohen's kappa.
 * Pure functions over plain arrays; no randomness.
 */

export type AlphaLevel = 'nominal' | 'ordinal' | 'interval';

export interface AlphaResult {
  /** null when alpha is undefined: fewer than two pairable values, or no variation at all (expected disagreement 0). */
  alpha: number | null;
  /** Pairable values: values in units that at least two coders rated (Krippendorff's n). */
  pairable: number;
  /** Units with at least two values. */
  units: number;
  reason?: string;
}

/**
 * Krippendorff's alpha of reliability data given as units, each the values the
 * coders gave it (missing values left out, or null/undefined): the
 * coincidence-matrix computation of Krippendorff, "Computing Krippendorff's
 * Alpha-Reliability" (2011). alpha = 1 - (n - 1) * sum o_ck d2_ck / sum n_c n_k d2_ck,
 * over ordered pairs of values c, k; d2 is the level's difference function:
 * nominal (c != k), ordinal ((sum of n_g for g from c to k) - (n_c + n_k) / 2)^2,
 * interval (c - k)^2. Units with a single value are not pairable and do not count.
 */
export function krippendorffAlpha(units: readonly (readonly (number | null | undefined)[])[], level: AlphaLevel): AlphaResult {
  const rated = units.map((u) => u.filter((v): v is number => v !== null && v !== undefined && Number.isFinite(v))).filter((u) => u.length >= 2);
  const values = [...new Set(rated.flat())].sort((a, b) => a - b);
  const index = new Map(values.map((v, i) => [v, i]));
  const k = values.length;
  // Coincidence matrix: each unit's ordered pairs of values from different coders, weighted 1 / (m_u - 1).
  const o = Array.from({ length: k }, () => new Float64Array(k));
  for (const unit of rated) {
    const counts = new Float64Array(k);
    for (const v of unit) counts[index.get(v) as number]! += 1;
    const w = 1 / (unit.length - 1);
    for (let c = 0; c < k; c++) {
      const nc = counts[c] as number;
      if (nc === 0) continue;
      for (let d = 0; d < k; d++) {
        const nd = counts[d] as number;
        if (nd === 0) continue;
        o[c]![d]! += (c === d ? nc * (nc - 1) : nc * nd) * w;
      }
    }
  }
  const marginals = o.map((row) => row.reduce((a, b) => a + b, 0));
  const n = marginals.reduce((a, b) => a + b, 0);
  const base = { pairable: Math.round(n), units: rated.length };
  if (n < 2) return { alpha: null, ...base, reason: 'fewer than two pairable values (a unit needs two or more ratings)' };
  const delta2 = differenceFunction(values, marginals, level);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < k; c++) {
    for (let d = 0; d < k; d++) {
      const w = delta2(c, d);
      if (w === 0) continue;
      observed += (o[c]![d] as number) * w;
      expected += (marginals[c] as number) * (marginals[d] as number) * w;
    }
  }
  if (expected === 0) return { alpha: null, ...base, reason: 'every pairable value is the same: no variation, so agreement is undefined' };
  return { alpha: 1 - ((n - 1) * observed) / expected, ...base };
}

function differenceFunction(values: readonly number[], marginals: readonly number[], level: AlphaLevel): (c: number, d: number) => number {
  if (level === 'nominal') return (c, d) => (c === d ? 0 : 1);
  if (level === 'interval') return (c, d) => ((values[c] as number) - (values[d] as number)) ** 2;
  // Ordinal: the distance is the number of values between the two ranks, half of each end's.
  const cumulative = [0];
  for (const m of marginals) cumulative.push((cumulative.at(-1) as number) + m);
  return (c, d) => {
    if (c === d) return 0;
    const lo = Math.min(c, d);
    const hi = Math.max(c, d);
    const between = (cumulative[hi + 1] as number) - (cumulative[lo] as number);
    return (between - ((marginals[lo] as number) + (marginals[hi] as number)) / 2) ** 2;
  };
}

export type KappaWeights = 'none' | 'linear' | 'quadratic';

export interface KappaResult {
  /** null when undefined: no paired ratings, or chance agreement is total (both raters used one and the same category). */
  kappa: number | null;
  /** Units both raters rated. */
  n: number;
  reason?: string;
}

/**
 * Cohen's kappa of two raters over the same units (pairs where either is
 * missing are left out), unweighted or with linear |i - j| or quadratic
 * (i - j)^2 disagreement weights over the ordered CATEGORIES (Cohen 1968):
 * kappa = 1 - sum w_ij o_ij / sum w_ij e_ij, e the product of the marginals.
 * Weights use category positions, as scikit-learn's cohen_kappa_score with
 * labels=CATEGORIES does.
 */
export function cohenKappa(a: readonly (number | null | undefined)[], b: readonly (number | null | undefined)[], categories: readonly number[], weights: KappaWeights): KappaResult {
  if (a.length !== b.length) throw new RangeError(`cohenKappa: ${a.length} ratings against ${b.length}`);
  const index = new Map(categories.map((c, i) => [c, i]));
  const k = categories.length;
  const o = Array.from({ length: k }, () => new Float64Array(k));
  let n = 0;
  for (let u = 0; u < a.length; u++) {
    const x = a[u];
    const y = b[u];
    if (x === null || x === undefined || y === null || y === undefined) continue;
    const i = index.get(x);
    const j = index.get(y);
    if (i === undefined || j === undefined) throw new RangeError(`cohenKappa: rating ${i === undefined ? x : y} at unit ${u} is not one of the categories ${categories.join(', ')}`);
    o[i]![j]! += 1;
    n++;
  }
  if (n === 0) return { kappa: null, n, reason: 'no unit rated by both' };
  const rows = o.map((r) => r.reduce((s, v) => s + v, 0));
  const cols = categories.map((_, j) => o.reduce((s, r) => s + (r[j] as number), 0));
  const w = (i: number, j: number) => (weights === 'none' ? (i === j ? 0 : 1) : weights === 'linear' ? Math.abs(i - j) : (i - j) ** 2);
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      observed += w(i, j) * (o[i]![j] as number);
      expected += (w(i, j) * (rows[i] as number) * (cols[j] as number)) / n;
    }
  }
  if (expected === 0) return { kappa: null, n, reason: 'both raters gave one and the same level every time: chance agreement is total, so kappa is undefined' };
  return { kappa: 1 - observed / expected, n };
}
