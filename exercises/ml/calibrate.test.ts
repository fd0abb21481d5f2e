import { describe, expect, it } from 'vitest';
import { mlCalibrationChecks, type MlCalibrationLabel } from './calibrate';
import type { FlagCode, Scorecard } from '../../harness/scorecard';

function scorecard(ap: [number, number, number], fellFor: number, flags: FlagCode[] = []): Scorecard {
  return {
    candidate: 'c',
    status: 'graded',
    problems: [],
    metrics: {
      average_precision: { value: ap[0], direction: 'higher', interval: { low: ap[1], high: ap[2], level: 0.95, method: 'test' } },
      traps_fell_for: { value: fellFor, direction: 'lower' },
    },
    flags: flags.map((code) => ({ code, severity: 'critical', message: code })),
  } as unknown as Scorecard;
}

describe('mlCalibrationChecks', () => {
  const leakFlags: FlagCode[] = ['leakage-suspected', 'leakage-suspected', 'leakage-suspected', 'leakage-suspected'];
  const good = new Map<MlCalibrationLabel, Scorecard>([
    ['reference', scorecard([0.26, 0.24, 0.28], 0)],
    ['leaky', scorecard([0.09, 0.085, 0.096], 4, leakFlags)],
    ['oversampled', scorecard([0.26, 0.24, 0.28], 0, ['miscalibrated'])],
    ['constant', scorecard([0.067, 0.067, 0.067], 0)],
  ]);

  it('all hold for the expected grades', () => {
    expect(mlCalibrationChecks('c', good).filter((c) => !c.pass)).toEqual([]);
  });

  it.each([
    ['leaky', scorecard([0.25, 0.23, 0.27], 4, leakFlags), ['reference > leaky on hidden average precision, intervals apart']],
    ['leaky', scorecard([0.09, 0.085, 0.096], 2, ['leakage-suspected', 'leakage-suspected']), ['leaky flagged on at least 3 traps']],
    ['reference', scorecard([0.26, 0.24, 0.28], 1, ['leakage-suspected']), ['reference flagged on no trap']],
    ['oversampled', scorecard([0.26, 0.24, 0.28], 0), ['oversampled flagged for calibration']],
    ['constant', { ...scorecard([0, 0, 0], 0), status: 'invalid', problems: ['x'] } as Scorecard, ['every grade completed']],
  ] as const)('fails when %s is off (%#)', (label, sc, failing) => {
    const grades = new Map(good);
    grades.set(label, sc);
    expect(
      mlCalibrationChecks('c', grades)
        .filter((c) => !c.pass)
        .map((c) => c.check),
    ).toEqual(failing);
  });
});
