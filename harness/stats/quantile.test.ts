import { describe, expect, it } from 'vitest';
import { RandomStream } from '../secrets';
import { interpolate, median, quantileSorted, quantilesOfGroups, type QuantileInterpolation } from './quantile';

const stream = (name: string) => new RandomStream(Buffer.from('stats-quantile-test'), name);

describe('quantileSorted', () => {
  it.each(['linear', 'numpy'] as const)('is numpy.percentile (linear) of [1, 2, 3, 4] (%s)', (how) => {
    const v = Float64Array.from([1, 2, 3, 4]);
    for (const [q, expected] of [
      [0, 1],
      [0.25, 1.75],
      [0.5, 2.5],
      [0.975, 3.925],
      [1, 4],
    ] as const) {
      expect(quantileSorted(v, q, how)).toBeCloseTo(expected, 14);
    }
    expect(quantileSorted([], 0.5, how)).toBeNaN();
    expect(quantileSorted([7], 0.3, how)).toBe(7);
  });

  it('interpolates as named: a + (b - a) t, or numpy from the nearer end', () => {
    const [a, b, t] = [0.1, 0.7, 0.9];
    expect(interpolate(a, b, t, 'linear')).toBe(a + (b - a) * t);
    expect(interpolate(a, b, t, 'numpy')).toBe(b - (b - a) * (1 - t));
    expect(interpolate(a, b, 0.2, 'numpy')).toBe(a + (b - a) * 0.2);
    // The two differ in the last bit now and then, so each caller keeps its own.
    expect(interpolate(0.005, 39.71414242728184, 0.65, 'linear')).toBe(25.815942577733196);
    expect(interpolate(0.005, 39.71414242728184, 0.65, 'numpy')).toBe(25.8159425777332);
  });

  it('median averages the two middle values of an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([0.75, 0, 0.25, 1])).toBe(0.5);
    expect(median([])).toBeNaN();
  });
});

describe('quantilesOfGroups', () => {
  it.each(['linear', 'numpy'] as QuantileInterpolation[])('equals quantileSorted of the expanded rows, empty groups included (%s)', (how) => {
    const r = stream(`groups-${how}`);
    const qs = [0, 0.01, 0.1, 0.25, 0.3, 0.5, 0.7, 0.9, 0.975, 1];
    for (let trial = 0; trial < 200; trial++) {
      const groups = 1 + r.int(0, 40);
      const values = Float64Array.from({ length: groups }, () => r.next())
        .sort()
        .reverse();
      const counts = Float64Array.from({ length: groups }, () => (r.bernoulli(0.3) ? 0 : r.int(1, 5)));
      const rows: number[] = [];
      for (let g = groups - 1; g >= 0; g--) for (let c = 0; c < counts[g]!; c++) rows.push(values[g]!);
      const got = quantilesOfGroups(values, (g) => counts[g]!, rows.length, qs, how);
      qs.forEach((q, k) => expect(Object.is(got[k], quantileSorted(rows, q, how)), `q ${q}`).toBe(true));
    }
  });
});
