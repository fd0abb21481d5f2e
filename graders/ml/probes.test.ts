import { describe, expect, it } from 'vitest';
import { createStream, deriveCandidateSeed } from '../../harness/secrets';
import { averageRanks, spearmanPermutation } from '../../harness/stats';
import { calibrationDrift, estimateGaps, leakCorrelations, twinSensitivity } from './probes';
import { EXAMPLE_ML_REPORT } from './report';

const seed = deriveCandidateSeed('probe-tests', 'ml', 'synthetic');
const stream = (name: string) => createStream(seed, name);

/** A synthetic hidden key: true risk z, labels drawn from it, a leak column independent of the risk. */
function synthetic(n: number) {
  const r = stream('data');
  const ids = Array.from({ length: n }, (_, i) => `C${i}`);
  const oracle = new Map<string, number>();
  const labels = new Map<string, 0 | 1>();
  const leak = new Map<string, number>();
  const legit = new Map<string, number>();
  for (const id of ids) {
    const z = r.normal();
    const p = 1 / (1 + Math.exp(-(z * 1.5 - 2.5)));
    oracle.set(id, p);
    labels.set(id, r.next() < p ? 1 : 0);
    leak.set(id, r.int(0, 30)); // ties on purpose
    legit.set(id, z + r.normal(0, 0.5)); // a column the true risk explains
  }
  return {
    ids,
    oracle,
    labels,
    hidden: {
      scoredIds: ids,
      leakColumns: [
        { column: 'leak', trap: 1 },
        { column: 'legit', trap: 2 },
      ],
      leakValues: { leak, legit },
      oracle: { trainAuc: 0, testAuc: 0, probabilities: oracle },
      labels,
      baseRates: { train: 0.1, test: 0.1 },
    },
  };
}

describe('averageRanks', () => {
  it('gives tied values the mean of their positions (scipy rankdata "average")', () => {
    expect([...averageRanks([10, 20, 20, 5, 20])]).toEqual([2, 4, 4, 1, 4]);
  });
});

describe('spearmanPermutation', () => {
  it('is 1 for a monotone transform and -1 for a reversed one, with the smallest p', () => {
    const x = Array.from({ length: 200 }, (_, i) => i);
    const up = spearmanPermutation(
      x,
      x.map((v) => v ** 3),
      stream('s1'),
      99,
    );
    const down = spearmanPermutation(
      x,
      x.map((v) => -Math.exp(v / 50)),
      stream('s2'),
      99,
    );
    expect(up.rho).toBeCloseTo(1, 12);
    expect(down.rho).toBeCloseTo(-1, 12);
    expect(up.pValue).toBeCloseTo(1 / 100, 12);
  });

  it('gives a large p for independent data and the same p for the same stream', () => {
    const r = stream('ind');
    const x = Array.from({ length: 2000 }, () => r.next());
    const y = Array.from({ length: 2000 }, () => r.next());
    const a = spearmanPermutation(x, y, stream('perm'), 199);
    const b = spearmanPermutation(x, y, stream('perm'), 199);
    expect(Math.abs(a.rho!)).toBeLessThan(0.1);
    expect(a.pValue).toBeGreaterThan(0.01);
    expect(b).toEqual(a);
  });

  it('returns null for a constant side', () => {
    expect(spearmanPermutation([1, 2, 3, 4], [5, 5, 5, 5], stream('c'), 9).rho).toBeNull();
  });
});

describe('leakCorrelations', () => {
  const data = synthetic(3000);

  it('flags predictions equal to a leak column', () => {
    const predictions = new Map(data.ids.map((id) => [id, data.hidden.leakValues.leak.get(id)! / 30]));
    const [leak] = leakCorrelations(predictions, data.hidden, stream('leaks'));
    expect(leak!.column).toBe('leak');
    expect(leak!.rho).toBeCloseTo(1, 9);
    expect(leak!.flagged).toBe(true);
  });

  it('does not flag the true risk, even on a column the risk explains', () => {
    const result = leakCorrelations(data.oracle, data.hidden, stream('leaks'));
    const legit = result.find((l) => l.column === 'legit')!;
    expect(legit.rho!).toBeGreaterThan(0.5); // raw correlation is high ...
    expect(result.every((l) => !l.flagged)).toBe(true); // ... but nothing beyond the risk
    expect(legit.threshold).toBe(0.2); // a column with honest signal gets the higher bar
    expect(result.find((l) => l.column === 'leak')!.threshold).toBe(0.1);
  });

  it('does not flag an independent prediction', () => {
    const r = stream('indep');
    const predictions = new Map(data.ids.map((id) => [id, r.next()]));
    expect(leakCorrelations(predictions, data.hidden, stream('leaks')).some((l) => l.flagged)).toBe(false);
  });

  it('flags a model that mixes the leak into the true risk', () => {
    const predictions = new Map(data.ids.map((id) => [id, 0.5 * data.oracle.get(id)! + 0.5 * (data.hidden.leakValues.leak.get(id)! / 30)]));
    const leak = leakCorrelations(predictions, data.hidden, stream('leaks')).find((l) => l.column === 'leak')!;
    expect(leak.flagged).toBe(true);
    expect(leak.pValue).toBeLessThan(0.01);
  });
});

describe('twinSensitivity', () => {
  const twins = [
    ...Array.from({ length: 40 }, (_, i) => ({ id: `T${i}`, twinOf: `C${i}`, field: 'packaging', kind: 'spelling' as const })),
    ...Array.from({ length: 40 }, (_, i) => ({ id: `U${i}`, twinOf: `C${i}`, field: i % 2 ? 'aux_a' : 'aux_b', kind: 'irrelevant-column' as const })),
  ];
  const base = new Map(Array.from({ length: 40 }, (_, i) => [`C${i}`, 0.2 + i / 100]));

  it('flags a kind whose twins move and not one whose twins stay', () => {
    const predictions = new Map(base);
    for (let i = 0; i < 40; i++) {
      predictions.set(`T${i}`, base.get(`C${i}`)!); // spelling: unchanged
      predictions.set(`U${i}`, base.get(`C${i}`)! + (i < 20 ? 0.05 : 0)); // half the irrelevant-column twins move by 0.05
    }
    const result = twinSensitivity(predictions, twins);
    const spelling = result.find((t) => t.kind === 'spelling')!;
    const irrelevant = result.find((t) => t.kind === 'irrelevant-column')!;
    expect(spelling).toMatchObject({ pairs: 40, flagged: false, shareMoved: 0, meanAbsChange: 0, trap: 10 });
    expect(irrelevant.flagged).toBe(true);
    expect(irrelevant.shareMoved).toBeCloseTo(0.5, 12);
    expect(irrelevant.meanAbsChange).toBeCloseTo(0.025, 12);
    expect(irrelevant.trap).toBe(8);
    expect(Object.keys(irrelevant.fields)).toEqual(['aux_a', 'aux_b']);
    expect(irrelevant.examples[0]!.twin - irrelevant.examples[0]!.original).toBeCloseTo(0.05, 12);
  });

  it('does not count moves at or under 0.01', () => {
    const predictions = new Map(base);
    for (let i = 0; i < 40; i++) predictions.set(`T${i}`, base.get(`C${i}`)! + 0.009);
    const spelling = twinSensitivity(predictions, twins).find((t) => t.kind === 'spelling')!;
    expect(spelling.shareMoved).toBe(0);
    expect(spelling.flagged).toBe(false);
  });
});

describe('calibrationDrift', () => {
  const data = synthetic(5000);

  it('does not flag the true probabilities', () => {
    const c = calibrationDrift(data.oracle, data.hidden, stream('cal'));
    expect(c.flagged).toBe(false);
    expect(c.ece).toBeLessThan(c.nullEceQ99 * 1.5);
  });

  it('flags oversampling without recalibration (odds x 5) as over-prediction', () => {
    const over = new Map([...data.oracle].map(([id, p]) => [id, (5 * p) / (1 - p + 5 * p)]));
    const c = calibrationDrift(over, data.hidden, stream('cal'));
    expect(c.flagged).toBe(true);
    expect(c.direction).toBe('over');
    expect(c.calibrationInTheLarge).toBeGreaterThan(0.1);
  });

  it('allows the shift a model calibrated on train shows when the base rate drifts', () => {
    // Train base rate half the test's: a train-calibrated model under-predicts by that drift and no more.
    const drifted = { ...data.hidden, baseRates: { train: 0.05, test: 0.1 } };
    const under = new Map([...data.oracle].map(([id, p]) => [id, (0.5 * p) / (1 - p + 0.5 * p)]));
    expect(calibrationDrift(under, drifted, stream('cal')).flagged).toBe(false);
    expect(calibrationDrift(under, data.hidden, stream('cal')).flagged).toBe(true);
  });
});

describe('estimateGaps', () => {
  it('marks an estimate above the hidden interval by more than the margin as optimistic', () => {
    const report = structuredClone(EXAMPLE_ML_REPORT);
    report.validation.estimates = { roc_auc: 0.97, average_precision: 0.31 };
    const gaps = estimateGaps(report, { roc_auc: { value: 0.8, interval: { low: 0.78, high: 0.82 } }, average_precision: { value: 0.3, interval: { low: 0.27, high: 0.33 } } });
    expect(gaps.map((g) => [g.metric, g.optimistic])).toEqual([
      ['roc_auc', true],
      ['average_precision', false],
    ]);
    expect(gaps[0]!.gap).toBeCloseTo(0.17, 12);
  });
});
