import { describe, expect, it } from 'vitest';
import { RandomStream } from '../secrets';
import { mannWhitneyPairs, rocAuc } from './auc';
import { groupByScore } from './groups';

function pairwise(labels: number[], scores: number[]): number {
  let wins = 0;
  let pairs = 0;
  labels.forEach((l, i) => {
    if (l !== 1) return;
    labels.forEach((m, j) => {
      if (m === 1) return;
      pairs++;
      wins += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('rocAuc', () => {
  it('is the pairwise share of correctly ranked pairs, ties a half, exactly', () => {
    const r = new RandomStream(Buffer.from('stats-auc-test'), 'pairs');
    for (let trial = 0; trial < 50; trial++) {
      const scores = Array.from({ length: 200 }, () => r.int(0, 15) - 5);
      const labels = scores.map((s) => (r.bernoulli(0.2 + s / 40) ? 1 : 0));
      expect(rocAuc(labels, scores)).toBe(pairwise(labels, scores));
    }
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4])).toBe(1);
    expect(rocAuc([0, 1, 0, 1], [1, 2, 2, 3])).toBe(0.875);
  });

  it('is null without both classes and rejects a NaN score', () => {
    expect(rocAuc([0, 0], [1, 2])).toBeNull();
    expect(rocAuc([], [])).toBeNull();
    expect(() => rocAuc([0, 1], [0.5, Number.NaN])).toThrow(/NaN/);
  });
});

describe('groupByScore and mannWhitneyPairs', () => {
  it('groups rows by score, highest first, -0 with 0, and counts the Mann-Whitney pairs', () => {
    const g = groupByScore([1, 0, 0, 1, 0], [0.5, -0, 0.9, 0, 0.5]);
    expect(Array.from(g.scores)).toEqual([0.9, 0.5, 0]);
    expect(Array.from(g.pos)).toEqual([0, 1, 1]);
    expect(Array.from(g.neg)).toEqual([1, 1, 1]);
    expect([g.positives, g.negatives, g.n]).toEqual([2, 3, 5]);
    expect(Array.from(g.positiveGroups).sort()).toEqual([1, 2]);
    // positive 0.5: one negative below, one tied; positive 0: one tied.
    expect(mannWhitneyPairs(g.pos, g.neg, g.negatives)).toBe(2);
  });
});
