import { describe, expect, it } from 'vitest';
import { RandomStream } from '../secrets';
import { bootstrapMeanInterval, bootstrapStatisticInterval, percentileInterval, stratifiedBootstrap } from './bootstrap';

const stream = (name: string) => new RandomStream(Buffer.from('stats-bootstrap-test'), name);

describe('bootstrapMeanInterval', () => {
  it('holds the mean, reproduces for a stream, and is undefined without items', () => {
    const values = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const a = bootstrapMeanInterval(values, stream('mean'))!;
    expect(a.low).toBeLessThan(1 / 3);
    expect(a.high).toBeGreaterThan(1 / 3);
    expect(a).toMatchObject({ level: 0.95, method: 'percentile bootstrap, 1000 replicates' });
    expect(bootstrapMeanInterval(values, stream('mean'))).toEqual(a);
    expect(bootstrapMeanInterval([], stream('mean'))).toBeUndefined();
  });
});

describe('bootstrapStatisticInterval', () => {
  it('draws the same indices as bootstrapMeanInterval: for the mean it gives the same interval', () => {
    const values = Array.from({ length: 150 }, (_, i) => ((i * 7) % 11) / 10);
    const mean = (idx: Int32Array) => Array.from(idx, (i) => values[i] as number).reduce((a, b) => a + b, 0) / idx.length;
    expect(bootstrapStatisticInterval(values.length, mean, stream('stat'))).toEqual(bootstrapMeanInterval(values, stream('stat')));
  });

  it('leaves out replicates where the statistic is null, and is undefined without items', () => {
    const values = [0, 1, 0, 1];
    const onlyWithOne = (idx: Int32Array) => (Array.from(idx).some((i) => values[i] === 1) ? 1 : null);
    expect(bootstrapStatisticInterval(4, onlyWithOne, stream('null'))).toMatchObject({ low: 1, high: 1 });
    expect(bootstrapStatisticInterval(0, () => 1, stream('null'))).toBeUndefined();
  });
});

describe('percentileInterval', () => {
  it('takes the (1 - level)/2 and (1 + level)/2 quantiles without reordering its input', () => {
    const v = Float64Array.from([5, 1, 4, 2, 3]);
    expect(percentileInterval(v, 0.5, 'numpy')).toEqual({ low: 2, high: 4 });
    expect(Array.from(v)).toEqual([5, 1, 4, 2, 3]);
  });
});

describe('stratifiedBootstrap', () => {
  it('keeps every stratum size, draws a stratum only into its groups, and B = 5 is a prefix of B = 20', () => {
    const strata = [Int32Array.from([0, 0, 1]), Int32Array.from([1, 2, 2, 2, 3])];
    const seen = (replicates: number) => {
      const out: number[][] = [];
      stratifiedBootstrap(stream('strat'), strata, 4, replicates, ([a, b]) => {
        expect(a!.reduce((s, x) => s + x, 0)).toBe(3);
        expect(b!.reduce((s, x) => s + x, 0)).toBe(5);
        expect(a![2]! + a![3]! + b![0]!).toBe(0);
        out.push([...a!, ...b!]);
      });
      return out;
    };
    const long = seen(20);
    expect(seen(5)).toEqual(long.slice(0, 5));
    expect(new Set(long.map((c) => c.join())).size).toBeGreaterThan(1);
  });
});
