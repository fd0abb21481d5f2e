import type { RandomStream } from '../secrets';
import { quantileSorted, type QuantileInterpolation } from './quantile';
import { resampleStrata } from './resample';

export interface PercentileInterval {
  low: number;
  high: number;
  level: number;
  method: string;
}

/**
 * The percentile interval of bootstrap replicate values (any order; not
 * modified): their (1 - level)/2 and (1 + level)/2 quantiles.
 */
export function percentileInterval(values: ArrayLike<number>, level: number, interpolation: QuantileInterpolation = 'linear'): { low: number; high: number } {
  const sorted = Float64Array.from(values).sort();
  return { low: quantileSorted(sorted, (1 - level) / 2, interpolation), high: quantileSorted(sorted, (1 + level) / 2, interpolation) };
}

/**
 * Percentile bootstrap interval for the mean of per-item scores. Items are
 * resampled with replacement B times from one seeded stream (an index is
 * floor(stream.next() * n), items summed in draw order), so the interval
 * reproduces exactly for the same scores and stream. 'linear' interpolation.
 */
export function bootstrapMeanInterval(values: readonly number[], stream: RandomStream, options: { replicates?: number; level?: number } = {}): PercentileInterval | undefined {
  const n = values.length;
  if (n === 0) return undefined;
  const replicates = options.replicates ?? 1000;
  const level = options.level ?? 0.95;
  const means = new Float64Array(replicates);
  for (let b = 0; b < replicates; b++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(stream.next() * n)] as number;
    means[b] = sum / n;
  }
  return { ...percentileInterval(means, level, 'linear'), level, method: `percentile bootstrap, ${replicates} replicates` };
}

/**
 * Percentile bootstrap interval of any statistic of n items: each replicate
 * draws n item indices with replacement from one seeded stream (an index is
 * floor(stream.next() * n), as bootstrapMeanInterval) and hands them to
 * STATISTIC; replicates where it returns null are left out. For statistics
 * that are not a mean of per-item values (the RAG overall score).
 */
export function bootstrapStatisticInterval(
  n: number,
  statistic: (indices: Int32Array) => number | null,
  stream: RandomStream,
  options: { replicates?: number; level?: number } = {},
): PercentileInterval | undefined {
  if (n === 0) return undefined;
  const replicates = options.replicates ?? 1000;
  const level = options.level ?? 0.95;
  const values: number[] = [];
  const indices = new Int32Array(n);
  for (let b = 0; b < replicates; b++) {
    for (let i = 0; i < n; i++) indices[i] = Math.floor(stream.next() * n);
    const v = statistic(indices);
    if (v !== null) values.push(v);
  }
  if (values.length === 0) return undefined;
  return { ...percentileInterval(values, level, 'linear'), level, method: `percentile bootstrap, ${replicates} replicates` };
}

/**
 * Stratified bootstrap of grouped rows: replicate b (0 .. replicates - 1)
 * draws every stratum with replacement, as many rows as it has
 * (resampleStrata), from stream.fork(`replicate:${b}`), and hands the
 * per-group counts to `visit` (the same arrays each time, overwritten). So a
 * replicate is a pure function of the stream and its index, and B = 100
 * gives the first 100 replicates of B = 1000.
 */
export function stratifiedBootstrap(
  stream: RandomStream,
  strata: readonly Int32Array[],
  groups: number,
  replicates: number,
  visit: (counts: readonly Float64Array[], replicate: number) => void,
): void {
  const counts = strata.map(() => new Float64Array(groups));
  for (let b = 0; b < replicates; b++) {
    resampleStrata(stream.fork(`replicate:${b}`), strata, counts);
    visit(counts, b);
  }
}
