import { describe, expect, it } from 'vitest';
import { RandomStream } from '../secrets';
import { independentDifference, normalQuantile, pairedBootstrapDifference } from './paired';

const stream = (name: string) => new RandomStream(Buffer.from('stats-paired-test'), name);

describe('pairedBootstrapDifference', () => {
  it('pairing removes item difficulty: a constant small edge on every item is certain, though the scores spread widely', () => {
    const b = Array.from({ length: 60 }, (_, i) => (i % 10) / 10);
    const a = b.map((x) => x + 0.05);
    const r = pairedBootstrapDifference(a, b, stream('edge'))!;
    expect(r.difference).toBeCloseTo(0.05, 12);
    expect(r.pAbove).toBe(1);
    expect(r.interval.low).toBeCloseTo(0.05, 12);
    expect(r.method).toMatch(/paired percentile bootstrap over 60 shared items, 1000 replicates/);
  });

  it('brackets the mean difference, reproduces for a stream, and is near 0.5 when the two are the same', () => {
    const a = Array.from({ length: 80 }, (_, i) => ((i * 7) % 11) / 10);
    const b = Array.from({ length: 80 }, (_, i) => ((i * 5) % 13) / 12);
    const r = pairedBootstrapDifference(a, b, stream('draws'), { replicates: 1000 })!;
    const mean = a.reduce((s, x, i) => s + x - b[i]!, 0) / a.length;
    expect(r.difference).toBeCloseTo(mean, 12);
    expect(r.interval.low).toBeLessThan(mean);
    expect(r.interval.high).toBeGreaterThan(mean);
    // The standard error of a mean of 80 differences is sd(d) / sqrt(80): a 95% interval is about 4 of them wide.
    const se = Math.sqrt(a.reduce((s, x, i) => s + (x - b[i]! - mean) ** 2, 0) / (a.length - 1)) / Math.sqrt(a.length);
    expect((r.interval.high - r.interval.low) / se).toBeGreaterThan(3.4);
    expect((r.interval.high - r.interval.low) / se).toBeLessThan(4.4);
    expect(pairedBootstrapDifference(a, b, stream('draws'), { replicates: 1000 })).toEqual(r);
    expect(pairedBootstrapDifference(a, b, stream('other'), { replicates: 1000 })).not.toEqual(r);
    const tie = pairedBootstrapDifference(a, a, stream('tie'))!;
    expect(tie.pAbove).toBe(0.5);
    expect(pairedBootstrapDifference([], [], stream('x'))).toBeUndefined();
    expect(() => pairedBootstrapDifference([1], [1, 2], stream('x'))).toThrow(/1 scores against 2/);
  });
});

describe('independentDifference', () => {
  it('two estimates whose intervals overlap a lot are unsure; far apart, sure', () => {
    const close = independentDifference({ value: 0.52, low: 0.42, high: 0.62, level: 0.95 }, { value: 0.5, low: 0.4, high: 0.6, level: 0.95 }, stream('close'));
    expect(close.pAbove).toBeGreaterThan(0.5);
    expect(close.pAbove).toBeLessThan(0.7);
    expect(close.interval.low).toBeLessThan(0);
    expect(close.interval.high).toBeGreaterThan(0);
    // sd of each side 0.1 / 1.96; the difference's 95% interval is about +/- 0.1 * sqrt(2).
    expect(close.interval.high - close.interval.low).toBeCloseTo(2 * 0.1 * Math.SQRT2, 1);
    const far = independentDifference({ value: 0.9, low: 0.85, high: 0.95, level: 0.95 }, { value: 0.5, low: 0.45, high: 0.55, level: 0.95 }, stream('far'));
    expect(far.pAbove).toBe(1);
    expect(far.difference).toBeCloseTo(0.4, 12);
  });

  it('estimates without width give their difference exactly', () => {
    const r = independentDifference({ value: 1, low: 1, high: 1, level: 0.95 }, { value: 0.25, low: 0.25, high: 0.25, level: 0.95 }, stream('exact'));
    expect(r.interval).toEqual({ low: 0.75, high: 0.75, level: 0.95 });
  });
});

describe('normalQuantile', () => {
  it.each([
    [0.975, 1.959963984540054],
    [0.5, 0],
    [0.995, 2.5758293035489004],
    [0.01, -2.3263478740408408],
  ])('at %f is %f (scipy.stats.norm.ppf)', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 8);
  });
});
