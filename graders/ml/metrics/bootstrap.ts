import type { RandomStream } from '../../../harness/secrets';
import { percentileInterval, resampleStrata, stratifiedBootstrap, type PercentileInterval } from '../../../harness/stats';
import type { PreparedScores } from './prepare';
import { METRICS } from './registry';
import { DEFAULT_PARAMS, METRIC_NAMES, type MetricName, type MetricParams, type MetricResult, type ScoreTable } from './types';

/** The scorecard's interval.method, in the wording of harness/stats. */
export function bootstrapMethod(replicates: number): string {
  return `stratified percentile bootstrap, ${replicates} replicates`;
}

export interface BootstrapOptions {
  /** The randomness, e.g. createStream(seed, 'ml.bootstrap'); replicate b draws from stream.fork(`replicate:${b}`). */
  stream: RandomStream;
  /** B, the number of replicates (default 1000). */
  replicates?: number;
  /** Coverage of the percentile interval (default 0.95). */
  level?: number;
  metrics?: readonly MetricName[];
  params?: Partial<MetricParams>;
  /** Return every replicate's value (for tests and plots); off by default to keep results small. */
  keepReplicates?: boolean;
}

/** low, high, level, method: numpy-interpolated percentiles of the replicates (harness/stats' percentileInterval). */
export type BootstrapInterval = PercentileInterval;

export interface BootstrapMetric {
  /** The metric on the data as given. */
  estimate: MetricResult<unknown>;
  /** Null when the metric is undefined in any replicate (then `reason` says why). */
  interval: BootstrapInterval | null;
  /** Replicates in which the metric had a value. */
  defined: number;
  reason?: string;
  values?: Float64Array;
}

export interface BootstrapResult {
  replicates: number;
  level: number;
  method: string;
  positives: number;
  negatives: number;
  metrics: Partial<Record<MetricName, BootstrapMetric>>;
}

/**
 * Draw one stratified replicate into `pos`/`neg` (overwritten): `positives`
 * positives drawn with replacement from the positive rows and `negatives`
 * negatives from the negative rows, counted per score group (harness/stats'
 * resampleStrata). The scores are the original ones, so no replicate is ever
 * re-sorted.
 */
export function resampleInto(data: PreparedScores, stream: RandomStream, pos: Float64Array, neg: Float64Array): ScoreTable {
  resampleStrata(stream, [data.positiveGroups, data.negativeGroups], [pos, neg]);
  return replicateTable(data, pos, neg);
}

function replicateTable(data: PreparedScores, pos: Float64Array, neg: Float64Array): ScoreTable {
  return { scores: data.scores, pos, neg, positives: data.positives, negatives: data.negatives, n: data.n };
}

/**
 * Stratified bootstrap with percentile intervals for the named metrics (all by
 * default). Resampling each class with its own count keeps the prevalence of
 * every replicate equal to the data's, so AUC, AP and the Brier skill stay
 * defined in every replicate whenever they are defined on the data.
 */
export function bootstrapMetrics(data: PreparedScores, options: BootstrapOptions): BootstrapResult {
  const B = options.replicates ?? 1000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(B) || B < 1) throw new RangeError(`bootstrapMetrics: replicates is ${B}; it must be a positive integer`);
  if (!(level > 0 && level < 1)) throw new RangeError(`bootstrapMetrics: level is ${level}; it must be in (0, 1), e.g. 0.95`);
  const names = options.metrics ?? METRIC_NAMES;
  const params = { ...DEFAULT_PARAMS, ...options.params };
  const compute = (name: MetricName, table: ScoreTable): MetricResult<unknown> => METRICS[name].compute(table, params);

  const values = names.map(() => new Float64Array(B));
  const defined = names.map(() => 0);
  const reasons = names.map((): string | undefined => undefined);
  const result: BootstrapResult = { replicates: B, level, method: bootstrapMethod(B), positives: data.positives, negatives: data.negatives, metrics: {} };
  if (data.n === 0) {
    names.forEach((name) => (result.metrics[name] = { estimate: compute(name, data), interval: null, defined: 0, reason: 'no rows' }));
    return result;
  }
  // Replicate b draws from options.stream.fork(`replicate:${b}`) (harness/stats' stratifiedBootstrap).
  stratifiedBootstrap(options.stream, [data.positiveGroups, data.negativeGroups], data.scores.length, B, ([pos, neg], b) => {
    const table = replicateTable(data, pos as Float64Array, neg as Float64Array);
    for (let m = 0; m < names.length; m++) {
      const r = compute(names[m] as MetricName, table);
      if (r.value === null) {
        values[m]![b] = Number.NaN;
        reasons[m] ??= r.reason;
      } else {
        values[m]![b] = r.value;
        defined[m]! += 1;
      }
    }
  });
  names.forEach((name, m) => {
    const estimate = compute(name, data);
    const vals = values[m] as Float64Array;
    const ok = defined[m] as number;
    const entry: BootstrapMetric = { estimate, interval: null, defined: ok };
    if (ok < B) {
      entry.reason = `undefined in ${B - ok} of ${B} replicates: ${reasons[m] ?? 'no value'}`;
    } else {
      entry.interval = { ...percentileInterval(vals, level, 'numpy'), level, method: result.method };
    }
    if (options.keepReplicates) entry.values = vals;
    result.metrics[name] = entry;
  });
  return result;
}
