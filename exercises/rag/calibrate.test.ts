import { describe, expect, it } from 'vitest';
import { CHEATER_FLAGS, ragCalibrationChecks as calibrationChecks, type RagCalibrationLabel } from './calibrate';
import type { Scorecard } from '../../harness/scorecard';

function scorecard(overall: number, low: number, high: number, flags: string[] = []): Scorecard {
  return {
    candidate: 'c',
    status: 'graded',
    problems: [],
    metrics: { overall: { value: overall, direction: 'higher', interval: { low, high, level: 0.95, method: 'test' } } },
    flags: flags.map((code) => ({ code, severity: 'critical', message: code })),
  } as unknown as Scorecard;
}

describe('calibrationChecks', () => {
  const good = new Map<RagCalibrationLabel, Scorecard>([
    ['reference', scorecard(0.45, 0.38, 0.51)],
    ['baseline', scorecard(0.27, 0.22, 0.32)],
    ['naive', scorecard(0.014, 0, 0.03)],
    ['cheater', scorecard(0, 0, 0, [...CHEATER_FLAGS])],
  ]);

  it('all hold for a well-separated, well-flagged set', () => {
    expect(calibrationChecks('c', good).filter((c) => !c.pass)).toEqual([]);
  });

  it.each([
    ['reference', scorecard(0.3, 0.25, 0.36), 'reference > baseline, intervals apart'],
    ['naive', scorecard(0.2, 0.15, 0.25), 'baseline > naive, intervals apart'],
    ['cheater', scorecard(0.1, 0.05, 0.15, [...CHEATER_FLAGS]), 'cheater no better than naive'],
    ['cheater', scorecard(0, 0, 0, ['injection-attempt']), 'cheater flagged'],
    ['baseline', scorecard(0.27, 0.22, 0.32, ['sandbox-violation']), 'no critical flag on honest submissions'],
  ] as const)('fails when %s is %#', (label, sc, check) => {
    const grades = new Map(good);
    grades.set(label, sc);
    expect(
      calibrationChecks('c', grades)
        .filter((c) => !c.pass)
        .map((c) => c.check),
    ).toEqual([check]);
  });
});
