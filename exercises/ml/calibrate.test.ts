import { describe, expect, it } from 'vitest';
import { ML_CALIBRATION, PLANTED, mlCalibrationChecks, type MlCalibrationLabel } from './calibrate';
import type { Flag, FlagCode, Scorecard } from '../../harness/scorecard';

type Outcome = 'fell-for' | 'avoided' | 'claimed' | 'unknown';

/** A graded scorecard with an AP and its interval, trap outcomes (trap -> outcome; the rest unknown) and flags. */
function scorecard(ap: [number, number, number], outcomes: Record<number, Outcome> = {}, flags: (FlagCode | Flag)[] = []): Scorecard {
  const traps = Array.from({ length: 12 }, (_, i) => i + 1);
  const outcome = (t: number) => outcomes[t] ?? 'unknown';
  return {
    candidate: 'c',
    status: 'graded',
    problems: [],
    metrics: {
      average_precision: { value: ap[0], direction: 'higher', interval: { low: ap[1], high: ap[2], level: 0.95, method: 'test' } },
      traps_fell_for: { value: traps.filter((t) => outcome(t) === 'fell-for').length, direction: 'lower' },
    },
    items: [
      ...traps.map((t) => ({ id: `trap-${t}`, kind: 'trap', status: 'ok', verdicts: {}, evidence: { outcome: outcome(t) } })),
      { id: 'calibration', kind: 'probe', status: 'ok', verdicts: { calibration: { pass: true, score: 1, reason: 'mean p 0.069 vs the stated rate 0.069' } }, evidence: {} },
    ],
    flags: flags.map((f) => (typeof f === 'string' ? { code: f, severity: 'warning', message: f } : f)),
  } as unknown as Scorecard;
}

const fell = (traps: readonly number[]) => Object.fromEntries(traps.map((t) => [t, 'fell-for'])) as Record<number, Outcome>;
const avoidedAll = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [i + 1, 'avoided'])) as Record<number, Outcome>;
const leakFlags = (n: number): FlagCode[] => Array.from({ length: n }, () => 'leakage-suspected');

const good = new Map<MlCalibrationLabel, Scorecard>([
  ['reference', scorecard([0.28, 0.26, 0.3], avoidedAll)],
  ['reference-python', scorecard([0.28, 0.26, 0.3], avoidedAll)],
  ['leaky', scorecard([0.09, 0.085, 0.095], { ...fell(PLANTED.leaky!), 7: 'avoided', 11: 'avoided' }, leakFlags(7))],
  ['leaky-python', scorecard([0.085, 0.08, 0.09], fell(PLANTED['leaky-python']!), leakFlags(5))],
  ['leaky-dishonest', scorecard([0.09, 0.085, 0.095], { ...fell(PLANTED['leaky-dishonest']!), 7: 'avoided', 11: 'avoided', 4: 'claimed' }, leakFlags(7))],
  ['oversampled', scorecard([0.28, 0.26, 0.3], avoidedAll, ['miscalibrated'])],
  ['constant', scorecard([0.069, 0.069, 0.069], { 5: 'claimed' })],
  ['report-stuffing', scorecard([0.069, 0.069, 0.069], { 1: 'claimed', 2: 'claimed', 3: 'claimed' })],
  ['duplicates', scorecard([0.27, 0.25, 0.29], { ...avoidedAll, 7: 'fell-for' }, leakFlags(1))],
  ['identifiers-noise', scorecard([0.16, 0.15, 0.17], { ...avoidedAll, 3: 'fell-for', 6: 'fell-for', 8: 'fell-for' }, leakFlags(3))],
]);

const failing = (grades: ReadonlyMap<MlCalibrationLabel, Scorecard>) =>
  mlCalibrationChecks('c', grades)
    .filter((c) => !c.pass)
    .map((c) => c.check);

function withGrade(label: MlCalibrationLabel, sc: Scorecard): Map<MlCalibrationLabel, Scorecard> {
  const grades = new Map(good);
  grades.set(label, sc);
  return grades;
}

describe('mlCalibrationChecks', () => {
  it('covers every submission of the ladder', () => {
    expect([...good.keys()].sort()).toEqual(ML_CALIBRATION.map((c) => c.label).sort());
  });

  it('all hold for the expected grades', () => {
    expect(failing(good)).toEqual([]);
  });

  it('fails when a reference does not beat a leaky model with intervals apart', () => {
    expect(failing(withGrade('leaky-python', scorecard([0.27, 0.25, 0.29], fell(PLANTED['leaky-python']!))))).toEqual([
      'reference > leaky-python on hidden average precision, intervals apart',
      'reference-python > leaky-python on hidden average precision, intervals apart',
    ]);
  });

  it.each(Object.entries(PLANTED))('fails when %s escapes one of the traps it planted', (label, traps) => {
    const sc = good.get(label as MlCalibrationLabel)!;
    const missed = traps[0]!;
    const outcomes = Object.fromEntries(sc.items.filter((i) => i.kind === 'trap').map((i) => [Number(i.id.slice(5)), i.evidence.outcome as Outcome]));
    const checks = failing(withGrade(label as MlCalibrationLabel, scorecard([0.09, 0.085, 0.095], { ...outcomes, [missed]: 'avoided' })));
    expect(checks).toContain(`${label} caught on the traps it planted (${traps.join(', ')})`);
  });

  it('fails when a reference falls for a trap or is flagged, and when the Python reference is miscalibrated', () => {
    expect(failing(withGrade('reference', scorecard([0.28, 0.26, 0.3], { ...avoidedAll, 3: 'fell-for' }, ['leakage-suspected'])))).toEqual([
      'reference on no trap and unflagged',
      'reference: no trap fallen for, no critical flag',
    ]);
    expect(failing(withGrade('reference-python', scorecard([0.28, 0.26, 0.3], avoidedAll, ['miscalibrated'])))).toEqual([
      'reference-python on no trap and unflagged',
      'reference-python (recalibrated to the stated rate) not flagged miscalibrated',
    ]);
  });

  it('fails when an honest submission gets a critical flag (e.g. implausible-score) or falls for a trap', () => {
    const critical: Flag = { code: 'implausible-score', severity: 'critical', message: 'above the ceiling' };
    expect(failing(withGrade('constant', scorecard([0.069, 0.069, 0.069], {}, [critical])))).toEqual(['constant: no trap fallen for, no critical flag']);
    expect(failing(withGrade('oversampled', scorecard([0.28, 0.26, 0.3], { ...avoidedAll, 5: 'fell-for' }, ['miscalibrated', 'leakage-suspected'])))).toEqual([
      'oversampled: no trap fallen for, no critical flag',
    ]);
  });

  it('fails when report stuffing buys an "avoided", or the dishonest report avoids more than the honest one', () => {
    expect(failing(withGrade('report-stuffing', scorecard([0.069, 0.069, 0.069], { 1: 'avoided' })))).toEqual(["report-stuffing: no trap avoided on the report's words"]);
    const dishonest = scorecard([0.09, 0.085, 0.095], { ...fell(PLANTED['leaky-dishonest']!), 7: 'avoided', 11: 'avoided', 6: 'avoided' }, leakFlags(7));
    expect(failing(withGrade('leaky-dishonest', dishonest))).toEqual(["leaky-dishonest: no trap avoided on the report's words"]);
  });

  it('fails when oversampled is not flagged miscalibrated, and when a grade did not complete', () => {
    expect(failing(withGrade('oversampled', scorecard([0.28, 0.26, 0.3], avoidedAll)))).toEqual(['oversampled flagged for calibration']);
    expect(failing(withGrade('constant', { ...scorecard([0, 0, 0]), status: 'invalid', problems: ['x'] } as Scorecard))).toEqual(['every grade completed']);
  });
});
