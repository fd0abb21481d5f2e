import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../harness/secrets';
import { drawIntoGroups, quantileSorted } from '../../../harness/stats';
import { bootstrapMetrics, METRIC_NAMES, prepareScores, resampleInto, type PreparedScores } from './index';

/** The interval's percentile: harness/stats' quantile with numpy's interpolation. */
const percentileOfSorted = (sorted: Float64Array, q: number) => quantileSorted(sorted, q, 'numpy');

/** n rows, a logistic score with rounding to two decimals (many ties). */
function synthetic(n: number, prevalence: number, name: string): PreparedScores {
  const s = new RandomStream(Buffer.from('bootstrap-test-data'), name);
  const y = new Uint8Array(n);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = s.bernoulli(prevalence) ? 1 : 0;
    const logit = Math.log(prevalence / (1 - prevalence)) + 1.4 * (y[i] === 1 ? 1 : -0.1) + s.normal(0, 1);
    p[i] = Math.round(100 / (1 + Math.exp(-logit))) / 100;
  }
  return prepareScores(y, p);
}

const stream = (name = 'bootstrap') => new RandomStream(Buffer.from('bootstrap-test-key'), name);

describe('resampleInto', () => {
  it('keeps both class counts in every replicate and draws each class only from its own rows', () => {
    const data = synthetic(3000, 0.1, 'counts');
    const pos = new Float64Array(data.scores.length);
    const neg = new Float64Array(data.scores.length);
    for (let b = 0; b < 20; b++) {
      const t = resampleInto(data, stream().fork(`r${b}`), pos, neg);
      expect(pos.reduce((a, x) => a + x, 0)).toBe(data.positives);
      expect(neg.reduce((a, x) => a + x, 0)).toBe(data.negatives);
      expect(t.n).toBe(data.n);
      for (let g = 0; g < data.scores.length; g++) {
        if (data.pos[g] === 0) expect(pos[g]).toBe(0);
        if (data.neg[g] === 0) expect(neg[g]).toBe(0);
      }
    }
  });

  it('gives the stratified variance of mean p: (P var_pos + N var_neg) / n^2', () => {
    const data = synthetic(4000, 0.2, 'variance');
    const moments = (counts: Float64Array, total: number) => {
      let m = 0;
      let m2 = 0;
      for (let g = 0; g < data.scores.length; g++) {
        const s = data.scores[g] as number;
        m += ((counts[g] as number) * s) / total;
        m2 += ((counts[g] as number) * s * s) / total;
      }
      return m2 - m * m;
    };
    const expectedSd = Math.sqrt(data.positives * moments(data.pos, data.positives) + data.negatives * moments(data.neg, data.negatives)) / data.n;
    const r = bootstrapMetrics(data, { stream: stream('variance'), replicates: 2000, metrics: ['calibration_in_the_large'], keepReplicates: true });
    const values = r.metrics.calibration_in_the_large!.values!;
    const mean = values.reduce((a, x) => a + x, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, x) => a + (x - mean) ** 2, 0) / (values.length - 1));
    // The SD of 2000 replicates is within about 1.6% of the truth (1 sigma); allow 8%.
    expect(Math.abs(sd / expectedSd - 1)).toBeLessThan(0.08);
    expect(Math.abs(mean - (r.metrics.calibration_in_the_large!.estimate.value as number))).toBeLessThan((4 * expectedSd) / Math.sqrt(2000));
  });
});

describe('drawIntoGroups', () => {
  it.each(['auto', 'float53'] as const)('draws rows uniformly (%s): chi-square over 1000 rows is within 5 sd of its 999 df', (method) => {
    const rows = 1000;
    const identity = Int32Array.from({ length: rows }, (_, i) => i);
    const counts = new Float64Array(rows);
    const s = stream(`uniform-${method}`);
    for (let b = 0; b < 400; b++) drawIntoGroups(s.fork(`b${b}`), identity, counts, method);
    expect(counts.reduce((a, x) => a + x, 0)).toBe(400 * rows);
    const chi2 = counts.reduce((a, x) => a + (x - 400) ** 2 / 400, 0);
    expect(Math.abs(chi2 - 999)).toBeLessThan(5 * Math.sqrt(2 * 999));
  });

  it('is a pure function of the stream', () => {
    const groups = Int32Array.from({ length: 777 }, (_, i) => i % 7);
    const one = new Float64Array(7);
    const two = new Float64Array(7);
    drawIntoGroups(stream('pure'), groups, one);
    drawIntoGroups(stream('pure'), groups, two);
    expect(Array.from(one)).toEqual(Array.from(two));
    drawIntoGroups(stream('other'), groups, two.fill(0));
    expect(Array.from(one)).not.toEqual(Array.from(two));
  });
});

describe('bootstrapMetrics', () => {
  const data = synthetic(2000, 0.25, 'main');
  const result = bootstrapMetrics(data, { stream: stream(), replicates: 300, params: { threshold: 0.3 }, keepReplicates: true });

  it.each([...METRIC_NAMES])('the %s interval holds the point estimate', (name) => {
    const m = result.metrics[name]!;
    expect(m.defined).toBe(300);
    expect(m.interval).not.toBeNull();
    const { low, high } = m.interval!;
    expect(low).toBeLessThan(high);
    expect(m.estimate.value).toBeGreaterThanOrEqual(low);
    expect(m.estimate.value).toBeLessThanOrEqual(high);
    expect(m.interval!.method).toBe('stratified percentile bootstrap, 300 replicates');
  });

  it('is deterministic for a stream, differs for another, and B = 50 is a prefix of B = 300', () => {
    const again = bootstrapMetrics(data, { stream: stream(), replicates: 300, params: { threshold: 0.3 }, metrics: ['roc_auc', 'ece_quantile'], keepReplicates: true });
    expect(again.metrics.roc_auc!.values).toEqual(result.metrics.roc_auc!.values);
    expect(again.metrics.ece_quantile!.interval).toEqual(result.metrics.ece_quantile!.interval);
    const other = bootstrapMetrics(data, { stream: stream('other'), replicates: 300, metrics: ['roc_auc'] });
    expect(other.metrics.roc_auc!.interval).not.toEqual(result.metrics.roc_auc!.interval);
    const short = bootstrapMetrics(data, { stream: stream(), replicates: 50, metrics: ['roc_auc'], keepReplicates: true });
    expect(Array.from(short.metrics.roc_auc!.values!)).toEqual(Array.from(result.metrics.roc_auc!.values!.subarray(0, 50)));
  });

  it('narrows with more data (about 1/sqrt(n))', () => {
    const big = bootstrapMetrics(synthetic(20_000, 0.25, 'main-big'), { stream: stream(), replicates: 300, metrics: ['roc_auc', 'average_precision', 'log_loss'] });
    for (const name of ['roc_auc', 'average_precision', 'log_loss'] as const) {
      const small = result.metrics[name]!.interval!;
      const large = big.metrics[name]!.interval!;
      expect(large.high - large.low, name).toBeLessThan(0.6 * (small.high - small.low));
    }
  });

  it('a lower level gives a narrower interval', () => {
    const half = bootstrapMetrics(data, { stream: stream(), replicates: 300, level: 0.5, metrics: ['roc_auc'] });
    const w95 = result.metrics.roc_auc!.interval!;
    const w50 = half.metrics.roc_auc!.interval!;
    expect(w50.high - w50.low).toBeLessThan(w95.high - w95.low);
    expect(w50.level).toBe(0.5);
  });

  it('gives no interval, with a reason, for a metric undefined on the data', () => {
    const noPositives = prepareScores(Uint8Array.from([0, 0, 0]), Float64Array.from([0.1, 0.4, 0.3]));
    const r = bootstrapMetrics(noPositives, { stream: stream(), replicates: 20, metrics: ['roc_auc', 'brier'] });
    expect(r.metrics.roc_auc).toMatchObject({ interval: null, defined: 0 });
    expect(r.metrics.roc_auc!.reason).toMatch(/20 of 20 replicates: no positives/);
    expect(r.metrics.brier!.interval).not.toBeNull();
    const empty = bootstrapMetrics(prepareScores(new Uint8Array(0), new Float64Array(0)), { stream: stream(), replicates: 20 });
    expect(empty.metrics.brier).toMatchObject({ interval: null, reason: 'no rows' });
  });

  it('rejects a bad replicate count or level', () => {
    expect(() => bootstrapMetrics(data, { stream: stream(), replicates: 0 })).toThrow(/replicates/);
    expect(() => bootstrapMetrics(data, { stream: stream(), level: 95 })).toThrow(/level/);
  });
});

describe('percentileOfSorted', () => {
  it.each([
    [0, 1],
    [0.5, 2.5],
    [0.25, 1.75],
    [1, 4],
    [0.975, 3.925],
  ])('q = %s of [1, 2, 3, 4] is %s (numpy linear)', (q, expected) => {
    expect(percentileOfSorted(Float64Array.from([1, 2, 3, 4]), q)).toBeCloseTo(expected, 14);
  });
});
