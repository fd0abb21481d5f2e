import { describe, expect, it } from 'vitest';
import { curveEvidence } from './curves';
import { prepareScores } from './prepare';

describe('curveEvidence', () => {
  it('ROC from (0, 0) to (1, 1), PR ending at recall 1 with precision = prevalence, reliability bins that hold every row', () => {
    const y = Uint8Array.from([1, 1, 0, 1, 0, 0, 0, 1, 0, 0]);
    const p = Float64Array.from([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05]);
    const c = curveEvidence(prepareScores(y, p))!;
    expect(c.roc[0]).toEqual([0, 0]);
    expect(c.roc.at(-1)).toEqual([1, 1]);
    // Two positives first: TPR 0.5 at FPR 0, then the first negative.
    expect(c.roc.slice(0, 4)).toEqual([
      [0, 0],
      [0, 0.25],
      [0, 0.5],
      [0.1667, 0.5],
    ]);
    expect(c.pr[0]).toEqual([0.25, 1]);
    expect(c.pr.at(-1)).toEqual([1, 0.4]);
    expect(c.prevalence).toBe(0.4);
    expect(c.calibration.reduce((s, b) => s + b.rows, 0)).toBe(10);
  });

  it('thins long curves to at most 101 points, keeping both ends; undefined with one class only', () => {
    const n = 5000;
    const y = Uint8Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 1 : 0));
    const p = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % n) / n);
    const c = curveEvidence(prepareScores(y, p))!;
    expect(c.roc).toHaveLength(101);
    expect(c.pr).toHaveLength(101);
    expect(c.roc[0]).toEqual([0, 0]);
    expect(c.roc.at(-1)).toEqual([1, 1]);
    expect(curveEvidence(prepareScores(Uint8Array.from([0, 0]), Float64Array.from([0.1, 0.2])))).toBeUndefined();
  });
});
