import type { RandomStream } from '../secrets';
import { percentileInterval } from './bootstrap';

/** How sure a difference A - B is: the estimate, its interval and the share of replicates above 0. */
export interface DifferenceEstimate {
  /** A - B. */
  difference: number;
  interval: { low: number; high: number; level: number };
  /** The share of replicates where A - B > 0, ties counted half: "the probability that A is better" when higher is better. */
  pAbove: number;
  replicates: number;
  method: string;
}

/**
 * A paired percentile bootstrap of mean(A - B) over items both were scored on
 * (A[i] and B[i] are the same item): each replicate draws the items with
 * replacement (a block of words from the stream per replicate, each made an
 * index by Lemire's exact method, as drawIntoGroups does) and takes the mean
 * difference. Pairing removes the items' own
 * difficulty from the comparison. undefined without items.
 */
export function pairedBootstrapDifference(a: readonly number[], b: readonly number[], stream: RandomStream, options: { replicates?: number; level?: number } = {}): DifferenceEstimate | undefined {
  if (a.length !== b.length) throw new RangeError(`pairedBootstrapDifference: ${a.length} scores against ${b.length}`);
  const n = a.length;
  if (n === 0) return undefined;
  const replicates = options.replicates ?? 1000;
  const level = options.level ?? 0.95;
  const d = a.map((x, i) => x - (b[i] as number));
  const difference = d.reduce((s, x) => s + x, 0) / n;
  // Replicate r: n item indices drawn with replacement from n words of the stream, each by Lemire's
  // multiply-and-reject (exactly uniform, as drawIntoGroups draws), a rejected word replaced by the next one.
  const reject = 4294967296 % n;
  const words = new Uint32Array(n);
  const values = new Float64Array(replicates);
  for (let r = 0; r < replicates; r++) {
    stream.fillUint32(words);
    let s = 0;
    for (let i = 0; i < n; i++) {
      let x = words[i] as number;
      while (Math.imul(x, n) >>> 0 < reject) x = stream.nextUint32();
      s += d[Math.floor((x * n) / 4294967296)] as number;
    }
    values[r] = s / n;
  }
  return {
    difference,
    interval: { ...percentileInterval(values, level, 'linear'), level },
    pAbove: shareAbove(values),
    replicates,
    method: `paired percentile bootstrap over ${n} shared items, ${replicates} replicates`,
  };
}

/** A value with a (possibly asymmetric) interval of a known level, e.g. a metric and its 95% bootstrap interval. */
export interface ValueWithInterval {
  value: number;
  low: number;
  high: number;
  /** The interval's level (0.95 for the scorecards' intervals). */
  level: number;
}

/**
 * A parametric bootstrap of A - B for two independent estimates known only by
 * a value and an interval (different variants: nothing is paired). Each side
 * is drawn from a split normal whose lower and upper halves reach the
 * interval's ends at its level (so a skewed bootstrap interval stays skewed);
 * an estimate without width is drawn as its value.
 */
export function independentDifference(a: ValueWithInterval, b: ValueWithInterval, stream: RandomStream, options: { replicates?: number; level?: number } = {}): DifferenceEstimate {
  const replicates = options.replicates ?? 4000;
  const level = options.level ?? 0.95;
  const draw = splitNormal(a, stream.fork('a'));
  const drawB = splitNormal(b, stream.fork('b'));
  const values = new Float64Array(replicates);
  for (let r = 0; r < replicates; r++) values[r] = draw() - drawB();
  return {
    difference: a.value - b.value,
    interval: { ...percentileInterval(values, level, 'linear'), level },
    pAbove: shareAbove(values),
    replicates,
    method: `independent estimates: split-normal draws from each 95% interval, ${replicates} replicates`,
  };
}

function splitNormal(x: ValueWithInterval, stream: RandomStream): () => number {
  const z = normalQuantile((1 + x.level) / 2);
  const below = Math.max(0, x.value - x.low) / z;
  const above = Math.max(0, x.high - x.value) / z;
  return () => {
    const e = stream.normal();
    return x.value + e * (e < 0 ? below : above);
  };
}

function shareAbove(values: ArrayLike<number>): number {
  if (values.length === 0) return Number.NaN;
  let above = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    above += v > 0 ? 1 : v === 0 ? 0.5 : 0;
  }
  return above / values.length;
}

/**
 * The standard normal quantile (inverse CDF) for p in (0, 1), by Acklam's
 * rational approximation (relative error under 1.2e-9): enough to turn an
 * interval's level into its width in standard deviations.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  const poly = (k: number[], x: number) => k.reduce((acc, v) => acc * x + v, 0);
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -poly(c, q) / (poly(d, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}
