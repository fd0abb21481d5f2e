import { describe, expect, it } from 'vitest';
import { createStream, deriveCandidateSeed } from '../../harness/secrets';
import { averageRanks, spearmanPermutation } from '../../harness/stats';
import { calibrationDrift, ceilingChecks, estimateGaps, leakCorrelations, twinSensitivity } from './probes';
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
  let sum = 0;
  for (const id of ids) {
    const z = r.normal();
    const p = 1 / (1 + Math.exp(-(z * 1.5 - 2.5)));
    oracle.set(id, p);
    sum += p;
    labels.set(id, r.next() < p ? 1 : 0);
    leak.set(id, r.int(0, 30)); // ties on purpose
    legit.set(id, z + r.normal(0, 0.5)); // a column the true risk explains
  }
  const rate = sum / n;
  return {
    ids,
    oracle,
    rate,
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
      baseRates: { train: rate, trainDeduplicated: rate, test: rate, expectedTest: rate },
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

  it('gives a column computed from training labels the higher bar even where the true risk barely tracks it', () => {
    // A model that learned hubs from training labels tracks the hubs' training rates a little beyond the true risk.
    const hidden = { ...data.hidden, leakColumns: [{ column: 'leak', trap: 5, fromTrainingLabels: true }] };
    const predictions = new Map(data.ids.map((id) => [id, 0.8 * data.oracle.get(id)! + 0.03 * (data.hidden.leakValues.leak.get(id)! / 30)]));
    const [plain] = leakCorrelations(predictions, data.hidden, stream('leaks'));
    const [labelled] = leakCorrelations(predictions, hidden, stream('leaks'));
    expect(plain!.partialRho!).toBeGreaterThan(0.1);
    expect(plain!.partialRho!).toBeLessThan(0.2);
    expect([plain!.threshold, plain!.flagged]).toEqual([0.1, true]);
    expect([labelled!.threshold, labelled!.flagged]).toEqual([0.2, false]);
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
    ...Array.from({ length: 40 }, (_, i) => ({ id: `U${i}`, twinOf: `C${i}`, field: 'aux_*', kind: 'noise' as const })),
  ];
  const base = new Map(Array.from({ length: 40 }, (_, i) => [`C${i}`, 0.2 + i / 100]));

  it('flags a kind whose twins move and not one whose twins stay', () => {
    const predictions = new Map(base);
    for (let i = 0; i < 40; i++) {
      predictions.set(`T${i}`, base.get(`C${i}`)!); // spelling: unchanged
      predictions.set(`U${i}`, base.get(`C${i}`)! + (i < 20 ? 0.05 : 0)); // half the noise twins move by 0.05
    }
    const result = twinSensitivity(predictions, twins);
    const spelling = result.find((t) => t.kind === 'spelling')!;
    const noise = result.find((t) => t.kind === 'noise')!;
    expect(spelling).toMatchObject({ pairs: 40, flagged: false, shareMoved: 0, meanAbsChange: 0, trap: 10, type: 'nuisance' });
    expect(noise.flagged).toBe(true);
    expect(noise.shareMoved).toBeCloseTo(0.5, 12);
    expect(noise.meanAbsChange).toBeCloseTo(0.025, 12);
    expect(noise.trap).toBe(8);
    expect(Object.keys(noise.fields)).toEqual(['aux_*']);
    expect(noise.examples[0]!.twin - noise.examples[0]!.original).toBeCloseTo(0.05, 12);
  });

  it('does not count changes of log-odds at or under 0.05', () => {
    const predictions = new Map(base);
    for (let i = 0; i < 40; i++) predictions.set(`T${i}`, base.get(`C${i}`)! + 0.005); // at most 0.031 in log-odds here
    const spelling = twinSensitivity(predictions, twins).find((t) => t.kind === 'spelling')!;
    expect(spelling.shareMoved).toBe(0);
    expect(spelling.flagged).toBe(false);
  });

  it('sees a model that uses the field even where probabilities are tiny (log-odds, not p)', () => {
    const rare = new Map(Array.from({ length: 40 }, (_, i) => [`C${i}`, 0.002]));
    for (let i = 0; i < 40; i++) rare.set(`U${i}`, 0.0045); // |change of p| 0.0025, log-odds +0.81
    const noise = twinSensitivity(rare, twins).find((t) => t.kind === 'noise')!;
    expect(noise.shareMoved).toBe(1);
    expect(noise.flagged).toBe(true);
  });

  describe('effect twins (trap 7)', () => {
    const logit = (p: number) => Math.log(p / (1 - p));
    const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
    const effect = Array.from({ length: 30 }, (_, i) => ({ id: `E${i}`, twinOf: `C${i}`, field: 'damage_type', kind: 'duplicate-effect' as const, oracleShift: 0.4 }));
    const withShift = (shift: number) => {
      const p = new Map(base);
      for (let i = 0; i < 30; i++) p.set(`E${i}`, sigmoid(logit(base.get(`C${i}`)!) + shift));
      return twinSensitivity(p, effect).find((t) => t.kind === 'duplicate-effect')!;
    };

    it('flag a model whose change of log-odds exceeds the true one by more than 0.5', () => {
      const inflated = withShift(1.5);
      expect(inflated).toMatchObject({ type: 'effect', trap: 7, flagged: true });
      expect(inflated.effect!.modelShift).toBeCloseTo(1.5, 9);
      expect(inflated.effect!.oracleShift).toBeCloseTo(0.4, 12);
      expect(inflated.effect!.excess).toBeCloseTo(1.1, 9);
    });

    it('do not flag a model near the true effect, nor one that ignores the field', () => {
      expect(withShift(0.55).flagged).toBe(false);
      const ignores = withShift(0);
      expect(ignores.flagged).toBe(false);
      expect(ignores.effect!.excess).toBeCloseTo(-0.4, 9);
    });
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

  const odds = (k: number) => new Map([...data.oracle].map(([id, p]) => [id, (k * p) / (1 - p + k * p)]));

  it('allows a model calibrated on train when the stated scoring-period rate is higher', () => {
    // Train base rate half the stated one: a train-calibrated model under-predicts by that drift and no more.
    const drifted = { ...data.hidden, baseRates: { ...data.hidden.baseRates, train: data.rate / 2, trainDeduplicated: data.rate / 2 } };
    const under = odds(0.5);
    expect(calibrationDrift(under, drifted, stream('cal')).flagged).toBe(false);
    expect(calibrationDrift(under, data.hidden, stream('cal')).flagged).toBe(true);
  });

  it('judges against the stated rate, not the hidden prevalence: a model recalibrated to it passes, one recalibrated well below it does not', () => {
    // The stated rate is what the candidate knows; the labels are whatever the period brought.
    const c = calibrationDrift(data.oracle, data.hidden, stream('cal'));
    expect(c.statedRate).toBe(data.rate);
    expect(c.allowed.low).toBeLessThan(data.rate);
    expect(c.allowed.high).toBeGreaterThan(data.rate);
    const third = calibrationDrift(odds(0.3), data.hidden, stream('cal'));
    expect(third).toMatchObject({ flagged: true, direction: 'under' });
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
    expect(gaps.map((g) => g.direction)).toEqual(['optimistic', 'within']);
  });

  it('names an estimate below the hidden interval by more than the margin pessimistic, never within', () => {
    const report = structuredClone(EXAMPLE_ML_REPORT);
    report.validation.estimates = { roc_auc: 0.7, average_precision: 0.25 };
    const gaps = estimateGaps(report, { roc_auc: { value: 0.8, interval: { low: 0.78, high: 0.82 } }, average_precision: { value: 0.3, interval: { low: 0.27, high: 0.33 } } });
    expect(gaps.map((g) => [g.metric, g.direction, g.optimistic])).toEqual([
      ['roc_auc', 'pessimistic', false],
      ['average_precision', 'within', false],
    ]);
  });
});

describe('ceilingChecks', () => {
  it("flags a score above the generating probabilities' interval, not one inside or below it", () => {
    const oracle = { roc_auc: { value: 0.82, interval: { low: 0.8, high: 0.84 } }, average_precision: { value: 0.3, interval: { low: 0.27, high: 0.33 } } };
    const perfect = ceilingChecks({ roc_auc: { value: 1 }, average_precision: { value: 1 } }, oracle);
    expect(perfect.map((c) => c.above)).toEqual([true, true]);
    const honest = ceilingChecks({ roc_auc: { value: 0.83 }, average_precision: { value: 0.2 } }, oracle);
    expect(honest.map((c) => c.above)).toEqual([false, false]);
    expect(ceilingChecks({ roc_auc: { value: 1 } }, {}).every((c) => !c.above)).toBe(true);
  });
});
