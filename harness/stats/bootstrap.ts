import type { RandomStream } from '../secrets';

export interface PercentileInterval {
  low: number;
  high: number;
  level: number;
  method: string;
}

/** The q-quantile of sorted values, linear between order statistics (numpy's default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

/**
 * Percentile bootstrap interval for the mean of per-item scores. Items are
 * resampled with replacement B times from a seeded stream, so the interval
 * reproduces exactly for the same scores and stream name.
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
  means.sort();
  const alpha = (1 - level) / 2;
  return { low: quantileSorted(means, alpha), high: quantileSorted(means, 1 - alpha), level, method: `percentile bootstrap, ${replicates} replicates` };
}
