import { describe, expect, it } from 'vitest';
import { RandomStream } from '../secrets';
import { fitLogistic, logit, predictLogit, sigmoid } from './logistic';

describe('sigmoid and logit', () => {
  it('are inverses, with logit clipped at 0 and 1', () => {
    for (const p of [0.01, 0.3, 0.5, 0.9]) expect(sigmoid(logit(p))).toBeCloseTo(p, 12);
    expect(logit(0)).toBeCloseTo(Math.log(1e-9), 6);
    expect(Number.isFinite(logit(1))).toBe(true);
  });
});

describe('fitLogistic', () => {
  it('recovers the generating coefficients of a large sample', () => {
    const r = new RandomStream(Buffer.from('stats-logistic-test'), 'data');
    const xs = Array.from({ length: 20_000 }, () => Float64Array.from([r.normal(), r.normal()]));
    const y = xs.map((x) => (r.bernoulli(sigmoid(-1 + 1.5 * x[0]! - 0.5 * x[1]!)) ? 1 : 0));
    const w = fitLogistic(xs, y);
    expect(w[0]).toBeCloseTo(-1, 1);
    expect(w[1]).toBeCloseTo(1.5, 1);
    expect(w[2]).toBeCloseTo(-0.5, 1);
    expect(predictLogit(w, Float64Array.from([0, 0]))).toBe(w[0]);
  });
});
