import { describe, expect, it } from 'vitest';
import { CHEATER_FLAGS, RAG_CALIBRATION, ragCalibrationChecks as calibrationChecks, TRICK_FLAGS, type RagCalibrationLabel } from './calibrate';
import type { Flag, Scorecard } from '../../harness/scorecard';

function scorecard(overall: number, low: number, high: number, flags: (string | Flag)[] = []): Scorecard {
  return {
    candidate: 'c',
    status: 'graded',
    problems: [],
    metrics: { overall: { value: overall, direction: 'higher', interval: { low, high, level: 0.95, method: 'test' } } },
    flags: flags.map((f) => (typeof f === 'string' ? { code: f, severity: 'critical', message: f } : f)),
  } as unknown as Scorecard;
}

const visible = (code: string): Flag => ({ code, severity: 'warning', message: code, evidence: { items: ['q1'] } }) as Flag;

/** SC with the self-assessment items the grader writes (graders/rag/self-assessment-items.ts), reduced to what the checks read. */
function withSelf(sc: Scorecard, reading: string, estimate: string, modes: { realNotNamed?: string[]; namedButFine?: string[]; f05?: number } = {}): Scorecard {
  const items = [
    { id: 'self-assessment', kind: 'check', status: 'ok', verdicts: { reads: { pass: reading === 'honest', score: null, reason: `${reading}: because` } }, evidence: { reading } },
    { id: 'self-estimate', kind: 'check', status: 'ok', verdicts: { estimate: { pass: null, score: null, reason: `${estimate}: estimate 0.5; more` } }, evidence: {} },
    { id: 'self-failure-modes', kind: 'check', status: 'ok', verdicts: {}, evidence: { realNotNamed: modes.realNotNamed ?? [], namedButFine: modes.namedButFine ?? [] } },
  ];
  const metrics = { ...sc.metrics, failureModesF05: { value: modes.f05 ?? 1, direction: 'higher' } };
  return { ...sc, metrics, items } as unknown as Scorecard;
}

describe('ragCalibrationChecks', () => {
  const good = new Map<RagCalibrationLabel, Scorecard>([
    ['reference', withSelf(scorecard(0.38, 0.31, 0.44), 'honest', 'within')],
    ['baseline', withSelf(scorecard(0.14, 0.1, 0.18), 'honest', 'within')],
    ['naive', withSelf(scorecard(0, 0, 0), 'no report', 'no estimate', { realNotNamed: ['off-topic'] })],
    ['honest2', withSelf(scorecard(0.35, 0.29, 0.41), 'honest', 'within')],
    ['cheater', scorecard(0, 0, 0, [...CHEATER_FLAGS])],
    ['spray', scorecard(0.13, 0.09, 0.17, [visible(TRICK_FLAGS.spray)])],
    ['cite-all', scorecard(0.14, 0.1, 0.18, [visible(TRICK_FLAGS['cite-all'])])],
    ['refuse-all', scorecard(0, 0, 0, [visible(TRICK_FLAGS['refuse-all'])])],
    ['overclaim', withSelf(scorecard(0.38, 0.31, 0.44), 'over-claims', 'optimistic', { namedButFine: ['off-topic'], f05: 0.55 })],
  ]);

  it('grades every calibration submission it checks', () => {
    expect([...good.keys()].sort()).toEqual(RAG_CALIBRATION.map((s) => s.label).sort());
  });

  it('all hold for a well-separated, well-flagged set (a trick tying the baseline does not pay)', () => {
    expect(calibrationChecks('c', good).filter((c) => !c.pass)).toEqual([]);
  });

  it.each([
    ['reference', withSelf(scorecard(0.15, 0.12, 0.2), 'honest', 'within'), 'reference > baseline, intervals apart'],
    ['naive', withSelf(scorecard(0.12, 0.08, 0.15), 'no report', 'no estimate', { realNotNamed: ['off-topic'] }), 'baseline > naive, intervals apart'],
    ['cheater', scorecard(0.1, 0.05, 0.15, [...CHEATER_FLAGS]), 'cheater no better than naive'],
    ['cheater', scorecard(0, 0, 0, ['injection-attempt']), 'cheater flagged'],
    ['baseline', withSelf(scorecard(0.14, 0.1, 0.18, ['sandbox-violation']), 'honest', 'within'), 'no critical flag on honest submissions'],
    ['honest2', withSelf(scorecard(0.35, 0.29, 0.41, ['hard-coded-answers']), 'honest', 'within'), 'no critical flag on honest submissions'],
    ['honest2', withSelf(scorecard(0.35, 0.29, 0.41), 'over-claims', 'optimistic'), 'honest self-assessments read honest'],
    ['baseline', withSelf(scorecard(0.14, 0.1, 0.18), 'under-claims', 'pessimistic'), 'honest self-assessments read honest'],
    ['overclaim', withSelf(scorecard(0.38, 0.31, 0.44), 'honest', 'within'), 'the over-claiming self-assessment does not'],
    ['overclaim', withSelf(scorecard(0.38, 0.31, 0.44), 'over-claims', 'optimistic', { namedButFine: [], f05: 0.55 }), 'the over-claiming self-assessment does not'],
    ['overclaim', withSelf(scorecard(0.38, 0.31, 0.44), 'over-claims', 'optimistic', { namedButFine: ['off-topic'], f05: 1 }), 'the over-claiming self-assessment does not'],
    ['naive', withSelf(scorecard(0, 0, 0), 'no report', 'no estimate'), 'no report: real failure modes listed as not named'],
    ['spray', scorecard(0.2, 0.15, 0.25, [visible(TRICK_FLAGS.spray)]), 'no trick beats the baseline'],
    ['cite-all', scorecard(0.15, 0.11, 0.19, [visible(TRICK_FLAGS['cite-all'])]), 'no trick beats the baseline'],
    ['spray', scorecard(0.13, 0.09, 0.17), 'every trick flagged with evidence'],
    ['cite-all', scorecard(0.14, 0.1, 0.18, [{ code: 'unverified-citations', severity: 'warning', message: 'no evidence' }]), 'every trick flagged with evidence'],
  ] as const)('fails when %s is %#', (label, sc, check) => {
    const grades = new Map(good);
    grades.set(label, sc);
    expect(
      calibrationChecks('c', grades)
        .filter((c) => !c.pass)
        .map((c) => c.check),
    ).toEqual([check]);
  });

  it('refusing everything must score no better than naive, and no better than the baseline', () => {
    const grades = new Map(good);
    grades.set('refuse-all', scorecard(0.2, 0.15, 0.25, [visible(TRICK_FLAGS['refuse-all'])]));
    expect(
      calibrationChecks('c', grades)
        .filter((c) => !c.pass)
        .map((c) => c.check),
    ).toEqual(['no trick beats the baseline', 'refusing everything no better than naive']);
  });

  it('names what is missing when a grade is absent', () => {
    const grades = new Map(good);
    grades.delete('honest2');
    expect(() => calibrationChecks('c', grades)).toThrow(/no honest2 grade for c/);
  });
});
