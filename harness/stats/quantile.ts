/**
 * Quantiles by linear interpolation between order statistics: the q-quantile
 * of n ascending values sits at position (n - 1) * q (numpy.percentile's
 * default "linear" method, type 7 of Hyndman and Fan).
 *
 * Two ways to do the last step, equal in exact arithmetic but not always in
 * the last bit of a double; both are kept because published scorecards rest
 * on each (changing one would change their bytes):
 * - 'linear': a + (b - a) * t. RAG metric intervals and latency percentiles,
 *   the ML calibration probe's null-ECE percentile, bench/ percentiles.
 * - 'numpy': numpy's own _lerp, computed from the nearer end
 *   (t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t), so it matches
 *   numpy.percentile bit for bit. ML metric intervals and ece_quantile's bin
 *   edges, which are checked against numpy and scikit-learn.
 */
export type QuantileInterpolation = 'linear' | 'numpy';

/** The value a fraction t of the way from a to b, by the given method (see QuantileInterpolation). */
export function interpolate(a: number, b: number, t: number, interpolation: QuantileInterpolation = 'linear'): number {
  if (interpolation === 'numpy') {
    const diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }
  return a + (b - a) * t;
}

/** The q-quantile (q in [0, 1]) of ascending values; NaN when there are none. */
export function quantileSorted(sorted: ArrayLike<number>, q: number, interpolation: QuantileInterpolation = 'linear'): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  if (interpolation === 'numpy') {
    if (pos >= n - 1) return sorted[n - 1] as number;
    return interpolate(sorted[lo] as number, sorted[lo + 1] as number, pos - lo, 'numpy');
  }
  return interpolate(sorted[lo] as number, sorted[Math.ceil(pos)] as number, pos - lo, 'linear');
}

/** The median (the 0.5-quantile, 'linear') of values in any order; NaN when there are none. */
export function median(values: ArrayLike<number>): number {
  return quantileSorted(Float64Array.from(values).sort(), 0.5);
}

/**
 * Quantiles of rows given as groups: distinct values, highest first (as in a
 * score table), the number of rows holding each (0 allowed) and their total
 * `rows`. Gives exactly quantileSorted(the rows in ascending order, q,
 * interpolation) for every q in `qs`, which must be ascending, in one pass
 * over the groups without expanding them. NaN for every q when rows is 0.
 */
export function quantilesOfGroups(
  valuesDescending: ArrayLike<number>,
  rowsIn: (group: number) => number,
  rows: number,
  qs: ArrayLike<number>,
  interpolation: QuantileInterpolation = 'linear',
): Float64Array {
  const out = new Float64Array(qs.length);
  const n = rows;
  if (n === 0) return out.fill(Number.NaN);
  // Ascending walk (lowest value first): g is the group holding row `lo`,
  // `below` the rows in the groups before it. Rows asked for never go down.
  let g = valuesDescending.length - 1;
  let below = 0;
  let size = rowsIn(g);
  for (let k = 0; k < qs.length; k++) {
    const pos = (n - 1) * (qs[k] as number);
    const atTop = interpolation === 'numpy' && pos >= n - 1;
    const lo = atTop ? n - 1 : Math.floor(pos);
    while (below + size <= lo) {
      below += size;
      g--;
      size = rowsIn(g);
    }
    const here = valuesDescending[g] as number;
    if (atTop) {
      out[k] = here;
      continue;
    }
    const hi = interpolation === 'numpy' ? lo + 1 : Math.ceil(pos);
    let next = g;
    if (below + size <= hi) {
      next = g - 1;
      while (rowsIn(next) === 0) next--;
    }
    out[k] = interpolate(here, valuesDescending[next] as number, pos - lo, interpolation);
  }
  return out;
}
