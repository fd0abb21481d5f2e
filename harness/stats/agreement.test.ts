import { describe, expect, it } from 'vitest';
import { cohenKappa, krippendorffAlpha } from './agreement';

/**
 * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section
 * E: four observers, twelve units, values 1..5, with missing values (null).
 * Published: nominal 0.743, ordinal 0.815, interval 0.849.
 */
const OBSERVERS = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
];
const UNITS = OBSERVERS[0]!.map((_, u) => OBSERVERS.map((o) => o[u]));

describe('krippendorffAlpha', () => {
  it("reproduces Krippendorff's published worked example (4 observers, 12 units, missing values)", () => {
    const nominal = krippendorffAlpha(UNITS, 'nominal');
    expect(nominal.alpha!).toBeCloseTo(0.743, 3);
    // Full precision: the same as a direct pairwise computation of D_o / D_e (a short Python check, not the coincidence matrix).
    expect(nominal.alpha!).toBeCloseTo(0.743421052631579, 12);
    expect(krippendorffAlpha(UNITS, 'ordinal').alpha!).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(UNITS, 'interval').alpha!).toBeCloseTo(0.849, 3);
    // Unit 12 has one value only: 11 pairable units holding 40 values.
    expect(nominal).toMatchObject({ units: 11, pairable: 40 });
  });

  it('is 1 for perfect agreement and undefined without variation or without pairable values', () => {
    expect(
      krippendorffAlpha(
        [
          [1, 1],
          [2, 2],
          [4, 4],
        ],
        'ordinal',
      ).alpha,
    ).toBe(1);
    const same = krippendorffAlpha(
      [
        [3, 3],
        [3, 3],
      ],
      'ordinal',
    );
    expect(same.alpha).toBeNull();
    expect(same.reason).toMatch(/no variation/);
    const lone = krippendorffAlpha(
      [
        [3, null],
        [null, 2],
      ],
      'ordinal',
    );
    expect(lone.alpha).toBeNull();
    expect(lone.reason).toMatch(/fewer than two pairable/);
  });

  it('ordinal alpha weighs a disagreement by how many values lie between, not by the numbers themselves', () => {
    // Relabelling the levels keeping their order changes interval alpha but not ordinal alpha.
    const relabel = UNITS.map((u) => u.map((v) => (v === null || v === undefined ? v : v === 5 ? 50 : v)));
    expect(krippendorffAlpha(relabel, 'ordinal').alpha).toBeCloseTo(krippendorffAlpha(UNITS, 'ordinal').alpha!, 12);
    expect(krippendorffAlpha(relabel, 'interval').alpha).not.toBeCloseTo(krippendorffAlpha(UNITS, 'interval').alpha!, 2);
    // Systematic disagreement scores below chance.
    expect(
      krippendorffAlpha(
        [
          [1, 4],
          [4, 1],
          [2, 3],
          [3, 2],
        ],
        'ordinal',
      ).alpha!,
    ).toBeLessThan(0);
  });
});

describe('cohenKappa', () => {
  it('unweighted: the textbook 2x2 example (50 items: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no) gives 0.4', () => {
    const a = [...Array(25).fill(1), ...Array(25).fill(0)];
    const b = [...Array(20).fill(1), ...Array(5).fill(0), ...Array(10).fill(1), ...Array(15).fill(0)];
    expect(cohenKappa(a, b, [0, 1], 'none').kappa).toBeCloseTo(0.4, 12);
  });

  // References from scikit-learn 1.2.1: /usr/bin/python3 -c "from sklearn.metrics import cohen_kappa_score as k; print(k(a, b, weights=w, labels=[1,2,3,4]))"
  it.each([
    ['none', 0.46308724832214765],
    ['linear', 0.6566523605150214],
    ['quadratic', 0.8165137614678899],
  ] as const)('%s weights match scikit-learn cohen_kappa_score on 20 ratings of four levels', (weights, expected) => {
    const a = [1, 2, 3, 4, 2, 3, 3, 1, 4, 2, 3, 4, 1, 1, 2, 3, 4, 4, 2, 3];
    const b = [1, 2, 2, 4, 3, 3, 4, 1, 3, 2, 3, 4, 2, 1, 2, 2, 4, 3, 2, 4];
    expect(cohenKappa(a, b, [1, 2, 3, 4], weights).kappa).toBeCloseTo(expected, 12);
  });

  it.each([
    ['none', 0.4117647058823529],
    ['linear', 0.5833333333333333],
    ['quadratic', 0.7619047619047619],
  ] as const)('%s weights count an unused level (3) in the distances, as scikit-learn does with labels', (weights, expected) => {
    expect(cohenKappa([1, 1, 2, 2, 3], [1, 2, 2, 2, 4], [1, 2, 3, 4], weights).kappa).toBeCloseTo(expected, 12);
  });

  it('leaves out units either rater missed; undefined with no shared unit or one shared level; refuses an unknown level', () => {
    expect(cohenKappa([1, 2, null, 4], [1, 2, 3, undefined], [1, 2, 3, 4], 'linear')).toMatchObject({ kappa: 1, n: 2 });
    expect(cohenKappa([1, null], [null, 2], [1, 2], 'linear')).toMatchObject({ kappa: null, n: 0 });
    expect(cohenKappa([2, 2], [2, 2], [1, 2, 3, 4], 'quadratic').kappa).toBeNull();
    expect(() => cohenKappa([5], [1], [1, 2, 3, 4], 'linear')).toThrow(/rating 5 at unit 0 is not one of the categories/);
  });
});
