import { describe, expect, it } from 'vitest';
import { pearson, spearman } from './correlation';
import { averageRanks } from './ranks';

describe('pearson and spearman', () => {
  it('pearson is 1 for a line and null for a constant side or fewer than 3 pairs', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(pearson([1, 2], [1, 2])).toBeNull();
  });

  it('spearman is pearson of the average ranks: 1 for any increasing transform', () => {
    const x = [3, 1, 4, 1, 5, 9, 2, 6];
    const y = x.map((v) => v ** 3);
    expect(spearman(x, y)).toBeCloseTo(1, 12);
    expect(spearman(x, [8, 1, 2, 3, 4, 5, 6, 7])).toBe(pearson(averageRanks(x), averageRanks([8, 1, 2, 3, 4, 5, 6, 7])));
    expect(
      spearman(
        x,
        x.map(() => 2),
      ),
    ).toBeNull();
  });
});
