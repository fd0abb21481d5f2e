import { describe, expect, it } from 'vitest';
import { InvalidSubmissionError } from '../../../harness/errors';
import { RandomStream } from '../../../harness/secrets';
import { computeMetric, computeMetrics, METRIC_NAMES, METRICS, prepareScores, reviewBudget, type MetricName } from './index';

const table = (y: number[], p: number[]) => prepareScores(Uint8Array.from(y), Float64Array.from(p));

const NEEDS_POSITIVES: MetricName[] = ['roc_auc', 'average_precision', 'average_precision_lift', 'brier_skill', 'f1_at_threshold', 'best_f1', 'f1_regret'];
const NEEDS_NEGATIVES: MetricName[] = ['roc_auc', 'brier_skill'];

describe('registry', () => {
  it('has a function, a direction and a description for every metric name', () => {
    for (const name of METRIC_NAMES) {
      expect(typeof METRICS[name].compute).toBe('function');
      expect(['higher', 'lower', 'none']).toContain(METRICS[name].direction);
      expect(METRICS[name].description.length).toBeGreaterThan(5);
    }
    expect(Object.keys(computeMetrics(table([0, 1], [0.2, 0.8]))).sort()).toEqual([...METRIC_NAMES].sort());
  });
});

describe('undefined metrics give null with a reason, never NaN', () => {
  const cases = [
    { label: 'empty input', y: [], p: [], undefinedNames: [...METRIC_NAMES], reason: /no rows/ },
    { label: 'no positives', y: [0, 0, 0], p: [0.2, 0.5, 0.9], undefinedNames: NEEDS_POSITIVES, reason: /no positives/ },
    { label: 'no negatives', y: [1, 1], p: [0.2, 0.9], undefinedNames: NEEDS_NEGATIVES, reason: /no negatives/ },
    { label: 'one positive row', y: [1], p: [0.7], undefinedNames: NEEDS_NEGATIVES, reason: /no negatives/ },
  ];
  describe.each(cases)('$label', ({ y, p, undefinedNames, reason }) => {
    const results = computeMetrics(table(y, p));
    it.each([...METRIC_NAMES])('%s', (name) => {
      const r = results[name];
      if (undefinedNames.includes(name)) {
        expect(r.value).toBeNull();
        expect(r.reason).toMatch(reason);
      } else {
        expect(r.value).not.toBeNull();
        expect(Number.isFinite(r.value)).toBe(true);
        expect(r.reason).toBeUndefined();
      }
    });
  });
});

describe('input validation', () => {
  it.each([Number.NaN, -0.1, 1.5, Number.POSITIVE_INFINITY])('rejects probability %s as an invalid submission naming the row', (bad) => {
    expect(() => table([0, 1, 0], [0.1, bad, 0.2])).toThrow(InvalidSubmissionError);
    expect(() => table([0, 1, 0], [0.1, bad, 0.2])).toThrow(/row 1/);
  });
  it('rejects labels other than 0/1 and mismatched lengths', () => {
    expect(() => table([0, 2], [0.1, 0.2])).toThrow(/label at row 1 is 2/);
    expect(() => prepareScores(Uint8Array.from([0, 1]), Float64Array.from([0.1]))).toThrow(RangeError);
  });
  it('groups -0 with 0', () => {
    const t = table([0, 1, 0], [-0, 0, 0.5]);
    expect(Array.from(t.scores)).toEqual([0.5, 0]);
    expect(Array.from(t.pos)).toEqual([0, 1]);
    expect(Array.from(t.neg)).toEqual([1, 1]);
  });
});

describe('definitions on hand-checked cases', () => {
  it('AUC counts a tie as half a pair', () => {
    // pairs (pos, neg): (0.8, 0.8) tie = 0.5, (0.8, 0.3) = 1, (0.3, 0.8) = 0, (0.3, 0.3) tie = 0.5
    const r = computeMetric('roc_auc', table([1, 0, 1, 0], [0.8, 0.8, 0.3, 0.3]));
    expect(r).toMatchObject({ value: 0.5, numerator: 2, denominator: 4 });
  });
  it('AP groups tied scores into one threshold', () => {
    // one threshold holding 1 positive and 1 negative: precision 1/2 at recall 1
    expect(computeMetric('average_precision', table([1, 0], [0.5, 0.5])).value).toBe(0.5);
    // 0.9 (pos) then 0.5 (pos, neg): 1/2 * 1 + 1/2 * 2/3
    expect(computeMetric('average_precision', table([1, 1, 0], [0.9, 0.5, 0.5])).value).toBeCloseTo(5 / 6, 15);
  });
  it('log loss clips p = 0 and p = 1 at 1e-15', () => {
    // as scikit-learn: clip p, then 1 - clipped p for a negative, so 1 - (1 - 1e-15) is 9.992e-16, not 1e-15
    const r = computeMetric('log_loss', table([1, 0], [0, 1]));
    expect(r.value).toBeCloseTo((-Math.log(1e-15) - Math.log(1 - (1 - 1e-15))) / 2, 12);
    expect(r.value).toBeGreaterThan(34.5);
    expect(computeMetric('log_loss', table([1, 0], [1, 0])).value).toBeLessThan(1e-14);
  });
  it('Brier skill is 0 for always predicting the prevalence', () => {
    expect(computeMetric('brier_skill', table([1, 0, 0, 0], [0.25, 0.25, 0.25, 0.25])).value).toBeCloseTo(0, 15);
  });
  it('ECE bins are (lower, upper]: 0.1 sits in the first bin, 0 in the first, 1.0 in the last', () => {
    const bins = computeMetric('ece_uniform', table([1, 0, 1], [0, 0.1, 1])).details!.bins;
    expect(bins[0]!.count).toBe(2);
    expect(bins[9]!.count).toBe(1);
    expect(bins[1]!.count).toBe(0);
    expect(bins[0]!.lower).toBe(0);
    expect(bins[9]!.upper).toBe(1);
  });
  it('calibration in the large is mean p minus prevalence', () => {
    expect(computeMetric('calibration_in_the_large', table([1, 0, 0, 0], [0.5, 0.5, 0.5, 0.5])).value).toBe(0.25);
  });
  it('F1 predicts positive at p >= threshold; above every score it is 0 and the regret is the best F1', () => {
    const t = table([1, 0, 1, 0], [0.9, 0.6, 0.6, 0.2]);
    expect(computeMetric('f1_at_threshold', t, { threshold: 0.6 })).toMatchObject({ value: 0.8, details: { truePositives: 2, falsePositives: 1, falseNegatives: 0 } });
    expect(computeMetric('f1_at_threshold', t, { threshold: 0.95 }).value).toBe(0);
    const regret = computeMetric('f1_regret', t, { threshold: 0.95 });
    expect(regret.value).toBe(computeMetric('best_f1', t).value);
    expect(regret.details?.bestThreshold).toBe(0.6);
  });
  it('a threshold that is not a number gives null with a reason', () => {
    const r = computeMetric('f1_at_threshold', table([1, 0], [0.9, 0.1]), { threshold: Number.NaN });
    expect(r.value).toBeNull();
    expect(r.reason).toMatch(/threshold/);
  });
  it.each([
    [1, 1],
    [19, 1],
    [20, 1],
    [21, 2],
    [100, 5],
    [101, 6],
    [1_000_000, 50_000],
  ])('review budget of %i rows is %i', (n, k) => {
    expect(reviewBudget(n, 5)).toBe(k);
  });
  it('precision in the top 5%: rows tied at the cut share the places left pro rata', () => {
    // 40 rows, k = 2: one positive at 0.9, then 4 rows tied at 0.8 holding 1 positive -> (1 + 1 * 1/4) / 2
    const y = [1, 1, 0, 0, 0, ...new Array<number>(35).fill(0)];
    const p = [0.9, 0.8, 0.8, 0.8, 0.8, ...new Array<number>(35).fill(0.1)];
    const r = computeMetric('precision_at_top', table(y, p));
    expect(r).toMatchObject({ value: 0.625, numerator: 1.25, denominator: 2, details: { k: 2, cutoff: 0.8, tiedAtCutoff: 4 } });
  });
});

describe('properties', () => {
  const stream = new RandomStream(Buffer.from('metrics-properties'), 'data');
  const n = 500;
  const y = Array.from({ length: n }, () => (stream.bernoulli(0.3) ? 1 : 0));
  const p = y.map((label) => Math.round(Math.min(1, Math.max(0, 0.3 + 0.2 * label + stream.normal(0, 0.2))) * 20) / 20);

  it('no metric depends on row order (ties at the top cut included)', () => {
    const base = computeMetrics(table(y, p), { threshold: 0.4 });
    const order = stream.shuffle(Array.from({ length: n }, (_, i) => i));
    const shuffled = computeMetrics(
      table(
        order.map((i) => y[i] as number),
        order.map((i) => p[i] as number),
      ),
      { threshold: 0.4 },
    );
    for (const name of METRIC_NAMES) expect(shuffled[name].value, name).toBeCloseTo(base[name].value as number, 12);
  });

  it('AUC equals the brute-force pair count, and flipping the scores gives 1 - AUC', () => {
    let pairs = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (y[i] !== 1) continue;
      for (let j = 0; j < n; j++) {
        if (y[j] !== 0) continue;
        total++;
        pairs += (p[i] as number) > (p[j] as number) ? 1 : p[i] === p[j] ? 0.5 : 0;
      }
    }
    const auc = computeMetric('roc_auc', table(y, p)).value as number;
    expect(auc).toBeCloseTo(pairs / total, 12);
    expect(
      computeMetric(
        'roc_auc',
        table(
          y,
          p.map((x) => 1 - x),
        ),
      ).value,
    ).toBeCloseTo(1 - auc, 12);
  });

  it('best F1 is the maximum of F1 over every distinct threshold', () => {
    const t = table(y, p);
    const all = [...new Set(p)].map((threshold) => computeMetric('f1_at_threshold', t, { threshold }).value as number);
    expect(computeMetric('best_f1', t).value).toBeCloseTo(Math.max(...all), 14);
  });
});
