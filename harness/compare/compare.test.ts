import { describe, expect, it } from 'vitest';
import { buildComparison } from './build';
import { comparisonCsv, comparisonJson } from './export';
import type { CompareInput } from './model';
import { pseudonymsFor } from './pseudonym';
import { renderComparisonTerminal } from './table';
import { makeScorecard } from './test-helpers';

const input = (label: string, sc: ReturnType<typeof makeScorecard>): CompareInput => ({ label, scorecard: sc, resultsDir: `/results/rag/${label}` });

/** 40 questions: B answers every one 0.1 worse than A; C is A's scores shuffled (same mean, nothing paired). */
const BASE = Array.from({ length: 40 }, (_, i) => ((i * 37) % 10) / 10);

describe('buildComparison with rubric sections', () => {
  const reviews = (w: number, e: number) => ({ 'write-up': { Ines: w, Omar: w }, evaluation: { Ines: e, Omar: e === 4 ? 3 : e } });
  const inputs = [
    input(
      'bob',
      makeScorecard({
        candidate: 'bob',
        itemScores: BASE.map((x) => Math.max(0, x - 0.1)),
        headline: { metric: 'overall', value: 0.45, low: 0.38, high: 0.52 },
        rubric: { auto: { retrieval: { level: 3 }, correctness: { level: 2, low: 2, high: 3 } }, reviews: reviews(3, 2), reference: 0.5 },
        flags: [{ code: 'number-spray', severity: 'warning', message: 'x' }],
      }),
    ),
    input(
      'ada',
      makeScorecard({
        candidate: 'ada',
        itemScores: BASE,
        headline: { metric: 'overall', value: 0.55, low: 0.48, high: 0.62 },
        rubric: { auto: { retrieval: { level: 4 }, correctness: { level: 3 } }, reviews: reviews(4, 4), reference: 0.5 },
      }),
    ),
    input(
      'cem',
      makeScorecard({
        candidate: 'cem',
        variant: 'variant00002',
        itemScores: BASE,
        headline: { metric: 'overall', value: 0.3, low: 0.22, high: 0.38 },
        rubric: { auto: { retrieval: { level: 2 }, correctness: { level: 1 } }, reviews: { 'write-up': { Ines: 1 } }, reference: 0.6 },
        flags: [{ code: 'hard-coded-answers', severity: 'critical', message: 'x', zeroed: ['q001', 'q002'] }],
      }),
    ),
  ];
  const cmp = buildComparison(inputs, { exercise: 'rag', headlineMetric: 'overall' });

  it('ranks by weighted total, carries levels, relative headline with its interval, and flags', () => {
    expect(cmp.rows.map((r) => [r.rank, r.name])).toEqual([
      [1, 'ada'],
      [2, 'bob'],
      [3, 'cem'],
    ]);
    const ada = cmp.rows[0]!;
    // 0.3 x 4 + 0.3 x 3 + 0.2 x 4 + 0.2 x 3.5 (median of 4 and 3)
    expect(ada.total!.value).toBeCloseTo(3.6, 12);
    expect(ada.headline.relative).toBeCloseTo(1.1, 12);
    expect(ada.headline.relativeInterval!.low).toBeCloseTo(0.96, 12);
    expect(cmp.rows[2]!.flags).toEqual([{ code: 'hard-coded-answers', severity: 'critical', count: 1, zeroed: 2 }]);
    expect(cmp.rows[2]!.missing.map((m) => m.criterion)).toEqual(['evaluation']);
    expect(cmp.criteria.map((c) => c.id)).toEqual(['retrieval', 'correctness', 'write-up', 'evaluation']);
  });

  it('same variant: a paired bootstrap over the shared questions is sure of a small edge on every question', () => {
    const ab = cmp.pairs.find((p) => p.a === 'ada' && p.b === 'bob')!;
    expect(ab.basis).toBe('items');
    expect(ab.statistic).toBe('mean item score over 40 shared items');
    expect(ab.pBetter).toBe(1);
    expect(ab.difference!).toBeGreaterThan(0.05);
  });

  it('different variants: the relative headlines, independent, with the probability in between', () => {
    const ac = cmp.pairs.find((p) => p.a === 'ada' && p.b === 'cem')!;
    expect(ac.basis).toBe('relative');
    expect(ac.statistic).toMatch(/relative to the reference on each one's variant/);
    // 1.1 against 0.5: far apart.
    expect(ac.difference).toBeCloseTo(1.1 - 0.5, 12);
    expect(ac.pBetter).toBe(1);
    expect(cmp.notes.join(' ')).toMatch(/2 variants/);
  });

  it('interviewer agreement: alpha per criterion (reviewed criteria only) and kappa for the pair', () => {
    const a = cmp.agreement!;
    expect(a.interviewers).toEqual(['Ines', 'Omar']);
    const writeUp = a.criteria.find((c) => c.criterion === 'write-up')!;
    expect(writeUp.alpha).toBe(1);
    expect(writeUp.calibrate).toBe(false);
    // Evaluation: Ines 4 / Omar 3 on ada, 2 / 2 on bob.
    const evaluation = a.criteria.find((c) => c.criterion === 'evaluation')!;
    expect(evaluation.candidates).toBe(2);
    expect(a.pairs).toHaveLength(1);
    expect(a.pairs[0]!.shared).toBe(4);
    expect(a.pairs[0]!.quadratic!).toBeGreaterThan(a.pairs[0]!.linear!);
  });

  it('the terminal table fits 120 columns, plain without colour, coloured with it', () => {
    const plain = renderComparisonTerminal(cmp, { colour: false });
    for (const line of plain.split('\n')) expect(line.length).toBeLessThanOrEqual(120);
    expect(plain).not.toContain('\u001b[');
    expect(plain).toMatch(/C1 retrieval \(30%\)/);
    expect(plain).toMatch(/ada vs bob: P\(ada better\) 1\.00/);
    expect(plain).toMatch(/hard-coded-answers \(2 zeroed\)/);
    // ada's write-up is the median of two interviewers' 4 and 3: shown whole, never cut to "3.…".
    expect(plain.split('\n').find((l) => /\bada\b/.test(l))).toMatch(/ 3\.5\?? /);
    expect(plain).not.toContain('…');
    const coloured = renderComparisonTerminal(cmp, { colour: true });
    expect(coloured).toContain('\u001b[');
  });

  it('JSON is stable (same inputs, same bytes); CSV has a column per criterion and defuses formula cells', () => {
    expect(comparisonJson(buildComparison(inputs, { exercise: 'rag', headlineMetric: 'overall' }))).toBe(comparisonJson(cmp));
    const evil = buildComparison([input('=HYPERLINK("x")', makeScorecard({ candidate: 'eve', rubric: { reference: 0.5 } }))], { exercise: 'rag', headlineMetric: 'overall' });
    const csv = comparisonCsv(evil);
    expect(csv.split('\n')[0]).toBe(
      'rank,name,candidate,results,status,variant,total,total_low,total_high,weight_covered,level_retrieval,level_correctness,level_write-up,level_evaluation,headline_metric,headline_raw,headline_raw_low,headline_raw_high,headline_reference,headline_relative,headline_relative_low,headline_relative_high,flags,missing',
    );
    expect(csv).toMatch(/^1,"'=HYPERLINK\(""x""\)",eve,/m);
    const lines = comparisonCsv(cmp).trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^1,ada,ada,\/results\/rag\/ada,graded,variant00001,3\.(6|59999)/);
  });

  it('--blind: pseudonyms everywhere, no candidate ids or folders, and the same numbers', () => {
    const names = pseudonymsFor(inputs, 'loop-secret');
    expect([...names.values()].every((n) => /^anon-[a-z2-7]{8}$/.test(n))).toBe(true);
    const blind = buildComparison(inputs, { exercise: 'rag', headlineMetric: 'overall', pseudonyms: names });
    const json = comparisonJson(blind);
    for (const name of ['ada', 'bob', 'cem', '/results']) expect(json).not.toContain(`"${name}`);
    expect(blind.rows.map((r) => r.total?.value)).toEqual(cmp.rows.map((r) => r.total?.value));
    const byName = (c: typeof cmp, a: string, b: string) => c.pairs.find((p) => p.a === a && p.b === b)!;
    expect(byName(blind, names.get('ada')!, names.get('bob')!).interval).toEqual(byName(cmp, 'ada', 'bob').interval);
    expect(comparisonCsv(blind).split('\n')[0]).not.toMatch(/candidate|results/);
    // Without a secret: numbered in the order of the variant fingerprints, never by name.
    expect(new Set(pseudonymsFor(inputs).values())).toEqual(new Set(['candidate-01', 'candidate-02', 'candidate-03']));
  });
});

describe('buildComparison without rubric sections (metrics only)', () => {
  it('ranks by the headline (lower is better respected), compares raw on the same variant, says what is missing', () => {
    const m = (label: string, value: number) => input(label, makeScorecard({ candidate: label, headline: { metric: 'log_loss', value, low: value - 0.01, high: value + 0.01, direction: 'lower' } }));
    const cmp = buildComparison([m('hi', 0.4), m('lo', 0.2), input('bad', makeScorecard({ candidate: 'bad', status: 'invalid' }))], { exercise: 'rag', headlineMetric: 'log_loss' });
    expect(cmp.rows.map((r) => r.name)).toEqual(['lo', 'hi', 'bad']);
    expect(cmp.rows[0]!.total).toBeNull();
    expect(cmp.agreement).toBeNull();
    expect(cmp.criteria).toEqual([]);
    const p = cmp.pairs.find((x) => x.a === 'lo' && x.b === 'hi')!;
    expect(p.basis).toBe('raw');
    // Lower is better: lo's 0.2 against hi's 0.4 is +0.2 in lo's favour.
    expect(p.difference).toBeCloseTo(0.2, 12);
    expect(p.pBetter).toBe(1);
    expect(cmp.pairs.some((x) => x.a === 'bad' || x.b === 'bad')).toBe(false);
    expect(cmp.notes.join(' ')).toMatch(/2 graded scorecard\(s\) have no rubric section.*run takehome score/);
    expect(cmp.notes.join(' ')).toMatch(/1 result\(s\) are not graded \(invalid\)/);
    const text = renderComparisonTerminal(cmp, { colour: false });
    expect(text).toMatch(/INVALID/);
  });

  it('different variants without a reference: not compared, and it says why', () => {
    const a = input('a', makeScorecard({ candidate: 'a', variant: 'v1' }));
    const b = input('b', makeScorecard({ candidate: 'b', variant: 'v2' }));
    const [p] = buildComparison([a, b], { exercise: 'rag', headlineMetric: 'overall' }).pairs;
    expect(p).toMatchObject({ basis: 'none', pBetter: null });
    expect(p!.method).toMatch(/different variants and no score relative to the reference \(run takehome score/);
  });

  it('past 12 candidates: every pair of the first 8 and each neighbour, not all pairs', () => {
    const many = Array.from({ length: 30 }, (_, i) => input(`c${i}`, makeScorecard({ candidate: `c${i}`, headline: { metric: 'overall', value: i / 30, low: i / 30 - 0.05, high: i / 30 + 0.05 } })));
    const cmp = buildComparison(many, { exercise: 'rag', headlineMetric: 'overall', extraPairs: [['c0', 'c29']] });
    expect(cmp.pairs).toHaveLength(28 + 29 - 7 + 1);
    expect(cmp.pairsNote).toMatch(/every pair of the first 8, and each candidate against the next/);
    expect(cmp.pairs.some((p) => p.a === 'c29' && p.b === 'c0')).toBe(true);
  });
});
