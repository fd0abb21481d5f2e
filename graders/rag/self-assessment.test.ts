import { describe, expect, it } from 'vitest';
import type { Metric } from '../../harness/scorecard';
import { KIT_EXAMPLE_RAG_REPORT } from '../../exercises/rag/kit/example';
import type { EvalSetResult } from './evals';
import type { ClaimedMetric, RagReport } from './report';
import { assessSelfKnowledge, compareClaims, compareFailureModes, ESTIMATE_MARGIN, standingOf, type GradedSet, type SelfAssessmentInput } from './self-assessment';
import { SELF_ASSESSMENT_METRICS, selfAssessmentItems, selfAssessmentMetrics } from './self-assessment-items';

const m = (value: number | null, low?: number, high?: number): Metric => ({
  value,
  direction: 'higher',
  ...(low !== undefined && high !== undefined ? { interval: { low, high, level: 0.95, method: 'test' } } : {}),
});

/** A graded set like the reference's: two real failure modes, two fine categories, one uncertain, numeric outside overall. */
const graded: GradedSet = {
  overall: m(0.5, 0.42, 0.57),
  breakdown: {
    'injection-bait': { overall: m(0.2, 0.03, 0.38) },
    'multi-hop': { overall: m(0.37, 0.25, 0.47) },
    'single-fact': { overall: m(0.37, 0.23, 0.51) },
    'off-topic': { overall: m(0.88, 0.69, 1) },
    'deep-in-long-page': { overall: m(0.86, 0.7, 0.98) },
    'numeric-reasoning': { overall: m(0.2, 0.15, 0.26) },
  },
  outsideOverall: ['numeric-reasoning'],
};

function report(over: Partial<RagReport> = {}): RagReport {
  return {
    ...KIT_EXAMPLE_RAG_REPORT,
    evaluation: { ...KIT_EXAMPLE_RAG_REPORT.evaluation, eval_sets: [] },
    estimate: { overall: 0.45, low: 0.38, high: 0.52, reason: 'dev minus the form shift' },
    failure_modes: [],
    ...over,
  };
}

const mode = (category: RagReport['failure_modes'][number]['category'], examples: string[] = []) => ({ category, title: category, examples, action: 'a', remaining: 'r' });

function input(r: RagReport | undefined, over: Partial<SelfAssessmentInput> = {}): SelfAssessmentInput {
  return {
    report: r,
    reportPresent: r !== undefined,
    reportProblems: [],
    graded,
    dev: undefined,
    evalSets: [],
    evalQuestionCategories: new Map(),
    devIds: new Set(['claim-acknowledgement-01']),
    ...over,
  };
}

/** Recomputed figures: every claimable metric at the same value. */
const figures = (same: Metric): Record<ClaimedMetric, Metric> =>
  ({ overall: same, answerQuality: same, refusalDiscrimination: same, factCoverage: same, citationPrecision: same, citationRecall: same, 'hit@5': same }) as Record<ClaimedMetric, Metric>;

describe('standingOf', () => {
  it.each([
    [0.2, { low: 0.05, high: 0.38 }, 'real'],
    [0.37, { low: 0.23, high: 0.51 }, 'uncertain'],
    [0.7, { low: 0.5, high: 0.85 }, 'fine'],
    [0.4, null, 'real'],
    [0.5, null, 'fine'],
  ] as const)('%s with interval %j is %s', (score, iv, standing) => {
    expect(standingOf(score, iv)).toBe(standing);
  });
});

describe('compareFailureModes', () => {
  it('a report naming no failure mode gets every real one listed as real but not named, recall 0 and F0.5 0', () => {
    const c = compareFailureModes(report(), graded);
    expect(c.realNotNamed).toEqual(['injection-bait', 'multi-hop']);
    expect(c.namedAndReal).toEqual([]);
    expect(c.recall).toBe(0);
    expect(c.f05).toBe(0);
    expect(c.rankAgreement).toBeNull();
  });

  it('no report at all: the same list', () => {
    expect(compareFailureModes(undefined, graded).realNotNamed).toEqual(['injection-bait', 'multi-hop']);
  });

  it('naming only categories where the pipeline does well: named but fine, and the real ones still listed', () => {
    const c = compareFailureModes(report({ failure_modes: [mode('off-topic'), mode('deep-in-long-page')] }), graded);
    // Worst first, by graded score.
    expect(c.namedButFine).toEqual(['deep-in-long-page', 'off-topic']);
    expect(c.realNotNamed).toEqual(['injection-bait', 'multi-hop']);
    expect(c.precision).toBe(0);
    expect(c.f05).toBe(0);
    // Named first what does best: the order disagrees with the scores.
    expect(c.rankAgreement).toBeLessThan(0);
  });

  it('naming the real ones worst first: full recall and precision, positive rank agreement; uncertain and outside-overall names neither count', () => {
    const c = compareFailureModes(report({ failure_modes: [mode('injection-bait'), mode('multi-hop'), mode('single-fact'), mode('numeric-reasoning'), mode('other')] }), graded);
    expect(c.namedAndReal).toEqual(['injection-bait', 'multi-hop']);
    expect(c.namedUncertain).toEqual(['single-fact']);
    expect(c.realNotNamed).toEqual([]);
    expect(c.recall).toBe(1);
    expect(c.precision).toBe(1);
    expect(c.f05).toBe(1);
    expect(c.rankAgreement).toBeGreaterThan(0.8);
    expect(c.notCompared.map((n) => n.name)).toEqual(['other: other', 'numeric-reasoning']);
  });

  it('copying the whole category list: recall 1 but precision and F0.5 low, and the fine ones named', () => {
    const all = [
      'single-fact',
      'table-lookup',
      'multi-hop',
      'version-sensitive',
      'region-sensitive',
      'deep-in-long-page',
      'numeric-reasoning',
      'unanswerable-on-topic',
      'off-topic',
      'injection-bait',
    ] as const;
    const c = compareFailureModes(report({ failure_modes: all.map((x) => mode(x)) }), graded);
    expect(c.recall).toBe(1);
    expect(c.precision).toBe(0.5);
    expect(c.namedButFine.sort()).toEqual(['deep-in-long-page', 'off-topic']);
    // F0.5 = 1.25 x 0.5 x 1 / (0.25 x 0.5 + 1): below what naming one of the two real ones and nothing wrong earns.
    expect(c.f05).toBeCloseTo(0.625 / 1.125, 10);
    expect(compareFailureModes(report({ failure_modes: [mode('multi-hop')] }), graded).f05).toBeCloseTo(0.625 / 0.75, 10);
  });
});

describe('compareClaims', () => {
  const withClaims = report({
    evaluation: {
      ...KIT_EXAMPLE_RAG_REPORT.evaluation,
      dev: { before: { overall: 0.1 }, after: { overall: 0.6 } },
      eval_sets: [
        { file: 'evals/a.jsonl', questions: 4, how_built: 'b', figures: { overall: 0.75 } },
        { file: 'evals/b.jsonl', questions: 4, how_built: 'b', figures: { overall: 0.9 } },
        { file: 'evals/missing.jsonl', questions: 4, how_built: 'b', figures: { overall: 0.5 } },
      ],
    },
  });
  const evalSets: EvalSetResult[] = [
    { file: 'evals/a.jsonl', questions: 4, answered: 4, metrics: figures(m(0.745, 0.5, 1)) },
    { file: 'evals/b.jsonl', questions: 4, answered: 4, metrics: figures(m(0.4, 0.2, 0.6)) },
  ];

  it('reproduced within the tolerance, inside the interval, overstated, not run', () => {
    const claims = compareClaims(withClaims, figures(m(0.55, 0.45, 0.65)), evalSets);
    expect(claims.map((c) => [c.source, c.outcome])).toEqual([
      ['dev/questions.jsonl (after)', 'within-noise'],
      ['evals/a.jsonl', 'reproduced'],
      ['evals/b.jsonl', 'overstated'],
      ['evals/missing.jsonl', 'not-run'],
    ]);
  });

  it('an understated figure reads as such', () => {
    const claims = compareClaims(withClaims, figures(m(0.9, 0.85, 0.95)), evalSets);
    expect(claims[0]?.outcome).toBe('understated');
  });

  it('the dev set not rerun: its claim is not run', () => {
    expect(compareClaims(withClaims, undefined, evalSets)[0]?.outcome).toBe('not-run');
  });
});

describe('assessSelfKnowledge', () => {
  it('an honest report reads honest: estimate within, real failure modes named, claims reproduced', () => {
    const r = report({ failure_modes: [mode('injection-bait', ['claim-acknowledgement-01']), mode('multi-hop', ['my-q-01'])] });
    const a = assessSelfKnowledge(
      input(r, {
        dev: figures(m(0, 0, 0)),
        evalSets: [{ file: 'evals/a.jsonl', questions: 10, answered: 10, metrics: figures(m(0, 0, 0)) }],
        evalQuestionCategories: new Map([['my-q-01', [{ file: 'evals/a.jsonl', category: 'multi-hop' }]]]),
      }),
    );
    expect(a.reading).toBe('honest');
    expect(a.estimate?.direction).toBe('within');
    expect(a.estimate?.covered).toBe(true);
    expect(a.claimsReproduced).toBe(1);
    expect(a.targetedFailureModes).toBe(1);
    expect(a.unknownExamples).toEqual([]);
    expect(a.evaluationEvidence.parts).toEqual({ estimate: 1, ownEvals: 1, claims: 1, targeted: 0.5 });
    expect(a.evaluationEvidence.value).toBeCloseTo(0.875, 10);
  });

  it('an over-claiming report does not: estimate far above, fine categories named, an unknown example', () => {
    const r = report({ estimate: { overall: 0.9, low: 0.85, high: 0.95, reason: 'great' }, failure_modes: [mode('off-topic', ['nope-01'])] });
    const a = assessSelfKnowledge(input(r));
    expect(a.reading).toBe('over-claims');
    expect(a.estimate?.direction).toBe('optimistic');
    expect(a.estimate?.gap).toBeCloseTo(0.4, 10);
    expect(a.why.join(' ')).toMatch(/above the graded overall/);
    expect(a.why.join(' ')).toMatch(/named but fine \(the pipeline does well there\): off-topic/);
    expect(a.why.join(' ')).toMatch(/real but not named: injection-bait, multi-hop/);
    expect(a.unknownExamples).toEqual(['nope-01']);
    expect(a.evaluationEvidence.parts.estimate).toBe(0);
  });

  it(`an estimate more than ${ESTIMATE_MARGIN} below the interval under-claims; just inside the margin is within`, () => {
    expect(assessSelfKnowledge(input(report({ estimate: { overall: 0.2, low: 0.1, high: 0.3, reason: 'r' } }))).reading).toBe('under-claims');
    expect(assessSelfKnowledge(input(report({ estimate: { overall: 0.38, low: 0.3, high: 0.45, reason: 'r' } }))).estimate?.direction).toBe('within');
  });

  it('no report, and an invalid one, read as such with no estimate', () => {
    const none = assessSelfKnowledge(input(undefined));
    expect(none.reading).toBe('no report');
    expect(none.estimate).toBeNull();
    const invalid = assessSelfKnowledge(input(undefined, { reportPresent: true, reportProblems: [{ file: 'report.json', where: 'field estimate', message: 'x', fix: 'y' }] }));
    expect(invalid.reading).toBe('invalid report');
    expect(invalid.evaluationEvidence.value).toBe(0);
  });
});

describe('selfAssessmentItems and selfAssessmentMetrics', () => {
  const evidence = { report: undefined, evalSets: [], evalProblems: [], run: undefined, gradedSet: 'the hidden set' };

  it('every self-assessment metric, with values that follow the comparisons', () => {
    const a = assessSelfKnowledge(input(report({ failure_modes: [mode('injection-bait')] })));
    const metrics = selfAssessmentMetrics(a);
    expect(Object.keys(metrics).sort()).toEqual([...SELF_ASSESSMENT_METRICS].sort());
    expect(metrics.failureModesRecall).toMatchObject({ value: 0.5, numerator: 1, denominator: 2 });
    expect(metrics.failureModesPrecision.value).toBe(1);
    expect(metrics.estimateGap.value).toBeCloseTo(-0.05, 10);
    expect(metrics.estimateGap.interval).toMatchObject({ low: 0.45 - 0.57, high: 0.45 - 0.42 });
    // The dev "after" claims (overall, citationPrecision) were not rerun here: they count as not reproduced.
    expect(metrics.evalClaimsReproduced).toMatchObject({ value: 0, denominator: 2 });
  });

  it('a report naming no failure mode shows the real ones, with their scores, as a failed "real-but-not-named" verdict', () => {
    const items = selfAssessmentItems(assessSelfKnowledge(input(report())), evidence);
    const fm = items.find((i) => i.id === 'self-failure-modes');
    expect(fm?.verdicts['real-but-not-named']).toMatchObject({ pass: false });
    expect(fm?.verdicts['real-but-not-named']?.reason).toMatch(/^injection-bait 0\.200 \[0\.030, 0\.380\] \(n=0\); multi-hop 0\.370/);
    expect(fm?.evidence.realNotNamed).toEqual(['injection-bait', 'multi-hop']);
    const summary = items.find((i) => i.id === 'self-assessment');
    expect(summary?.verdicts.reads?.reason).toMatch(/real but not named: injection-bait, multi-hop/);
  });

  it('naming a category that turns out fine is shown, and scored by F0.5, but does not make an honest estimate over-claim', () => {
    const a = assessSelfKnowledge(input(report({ failure_modes: [mode('injection-bait'), mode('off-topic')] })));
    expect(a.reading).toBe('honest');
    expect(a.failureModes.namedButFine).toEqual(['off-topic']);
    expect(a.why.join(' ')).toMatch(/named but fine/);
  });

  it('an honest report passes its reading; an over-claiming one fails it', () => {
    const honest = selfAssessmentItems(assessSelfKnowledge(input(report({ failure_modes: [mode('injection-bait'), mode('multi-hop')] }))), evidence);
    expect(honest.find((i) => i.id === 'self-assessment')?.verdicts.reads?.pass).toBe(true);
    const over = selfAssessmentItems(assessSelfKnowledge(input(report({ estimate: { overall: 0.95, low: 0.9, high: 1, reason: 'r' } }))), evidence);
    expect(over.find((i) => i.id === 'self-assessment')?.verdicts.reads?.pass).toBe(false);
    expect(over.find((i) => i.id === 'self-estimate')?.verdicts.estimate?.reason).toMatch(/^optimistic: estimate 0\.950/);
  });
});
