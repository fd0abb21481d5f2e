import type { MlMetric } from '../../graders/ml/metric-names';
import { type Calibration, type CalibrationCheck, calibrationGrade, formatWithInterval, metricWithInterval } from '../../harness/exercise';
import type { Scorecard } from '../../harness/scorecard';

/**
 * The ML submissions of known quality: two careful references (TypeScript and
 * Python), the careless models (TypeScript and Python), an oversampled one,
 * constant predictions, and the tricks: report stuffing, a leaky model with a
 * dishonest report, a model trained on the duplicate rows, a model using
 * identifiers and noise columns. README.md says what each does.
 */
export const ML_CALIBRATION = [
  { label: 'reference', dir: 'exercises/ml/reference', rubric: { strong: true } },
  { label: 'reference-python', dir: 'exercises/ml/reference-python' },
  // rubric: the criteria each is built to fail must come out at level 1 or 2 (exercises/ml/rubric.yaml)
  { label: 'leaky', dir: 'exercises/ml/calibration/leaky', rubric: { fails: ['hidden-performance', 'leakage'] } },
  { label: 'leaky-python', dir: 'exercises/ml/calibration/leaky-python', rubric: { fails: ['hidden-performance', 'leakage'] } },
  { label: 'leaky-dishonest', dir: 'exercises/ml/calibration/leaky-dishonest', rubric: { fails: ['hidden-performance', 'leakage'] } },
  { label: 'oversampled', dir: 'exercises/ml/calibration/oversampled', rubric: { fails: ['calibration'] } },
  { label: 'constant', dir: 'exercises/ml/calibration/constant', rubric: { fails: ['hidden-performance'] } },
  { label: 'report-stuffing', dir: 'exercises/ml/calibration/report-stuffing', rubric: { fails: ['hidden-performance'] } },
  { label: 'duplicates', dir: 'exercises/ml/calibration/duplicates' },
  { label: 'identifiers-noise', dir: 'exercises/ml/calibration/identifiers-noise', rubric: { fails: ['hidden-performance', 'leakage'] } },
] as const;

export type MlCalibrationLabel = (typeof ML_CALIBRATION)[number]['label'];

/**
 * The traps each submission plants that its predictions show, so a probe must
 * call them "fell for" whatever the report says (traps decided only by the
 * report's declared validation are left out: a dishonest report can hide them,
 * and then they must not be "avoided", which the no-avoided check covers).
 */
export const PLANTED: Partial<Record<MlCalibrationLabel, readonly number[]>> = {
  // every column, raw strings, no dedup: the call log, the own-label route rate, ids, the look-ahead hub rate, noise, spellings, the retired code
  leaky: [1, 2, 3, 5, 8, 10, 12],
  'leaky-dishonest': [1, 2, 3, 5, 8, 10, 12],
  // every column ordinal-encoded for gradient boosting: the call log, the route rate, ids and batch, the hub rate, noise
  'leaky-python': [1, 2, 3, 5, 8],
  duplicates: [7],
  'identifiers-noise': [3, 6, 8],
};

const HEADLINE: MlMetric = 'average_precision';
const FELL_FOR: MlMetric = 'traps_fell_for';
const REFERENCES = ['reference', 'reference-python'] as const;
const LEAKY = ['leaky', 'leaky-python'] as const;
/** Honest submissions: never a critical flag, never a trap fallen for. */
const HONEST = ['reference', 'reference-python', 'oversampled', 'constant'] as const;

/** Per trap, the outcome the scorecard's trap item records. */
export function trapOutcomes(sc: Scorecard): Map<number, string> {
  const out = new Map<number, string>();
  for (const item of sc.items) {
    const m = /^trap-(\d+)$/.exec(item.id);
    if (m && item.kind === 'trap') out.set(Number(m[1]), String(item.evidence.outcome));
  }
  return out;
}

const flagCodes = (sc: Scorecard) => sc.flags.map((f) => f.code).join(', ') || 'none';

/** What must hold for one candidate's ML calibration grades. */
export function mlCalibrationChecks(candidate: string, grades: ReadonlyMap<MlCalibrationLabel, Scorecard>): CalibrationCheck[] {
  const get = (label: MlCalibrationLabel) => calibrationGrade(grades, label, candidate);
  const fellFor = (sc: Scorecard) => sc.metrics[FELL_FOR]?.value ?? 0;
  const statuses = ML_CALIBRATION.map((c) => [c.label, get(c.label)] as const)
    .filter(([, sc]) => sc.status !== 'graded')
    .map(([label, sc]) => `${label}: ${sc.status} (${sc.problems.join('; ')})`);
  const checks: CalibrationCheck[] = [{ candidate, check: 'every grade completed', pass: statuses.length === 0, detail: statuses.join('; ') || 'all graded' }];
  if (statuses.length) return checks;

  for (const ref of REFERENCES) {
    for (const leaky of LEAKY) {
      const r = metricWithInterval(get(ref), HEADLINE);
      const l = metricWithInterval(get(leaky), HEADLINE);
      checks.push({
        candidate,
        check: `${ref} > ${leaky} on hidden average precision, intervals apart`,
        pass: r.low > l.high,
        detail: `${ref} ${formatWithInterval(r)} vs ${leaky} ${formatWithInterval(l)}`,
      });
    }
  }
  for (const ref of REFERENCES) {
    const sc = get(ref);
    const flags = sc.flags.filter((f) => f.code !== 'demo-secret' && f.code !== 'sandbox-degraded');
    checks.push({ candidate, check: `${ref} on no trap and unflagged`, pass: fellFor(sc) === 0 && flags.length === 0, detail: `fell for ${fellFor(sc)}, flags: ${flagCodes(sc)}` });
  }
  for (const label of HONEST) {
    const sc = get(label);
    const critical = sc.flags.filter((f) => f.severity === 'critical');
    checks.push({
      candidate,
      check: `${label}: no trap fallen for, no critical flag`,
      pass: critical.length === 0 && fellFor(sc) === 0,
      detail: `fell for ${fellFor(sc)}; critical: ${critical.map((f) => f.message).join('; ') || 'none'}`,
    });
  }
  const python = get('reference-python');
  checks.push({
    candidate,
    check: 'reference-python (recalibrated to the stated rate) not flagged miscalibrated',
    pass: !python.flags.some((f) => f.code === 'miscalibrated'),
    detail: String(python.items.find((i) => i.id === 'calibration')?.verdicts.calibration?.reason ?? 'no calibration probe'),
  });
  const over = get('oversampled');
  checks.push({
    candidate,
    check: 'oversampled flagged for calibration',
    pass: over.flags.some((f) => f.code === 'miscalibrated'),
    detail: over.flags.find((f) => f.code === 'miscalibrated')?.message ?? `flags: ${flagCodes(over)}`,
  });
  for (const [label, traps] of Object.entries(PLANTED) as [MlCalibrationLabel, readonly number[]][]) {
    const outcomes = trapOutcomes(get(label));
    const missed = traps.filter((t) => outcomes.get(t) !== 'fell-for');
    checks.push({
      candidate,
      check: `${label} caught on the traps it planted (${traps.join(', ')})`,
      pass: missed.length === 0,
      detail: missed.length
        ? `not caught: ${missed.map((t) => `trap ${t} ${outcomes.get(t) ?? 'missing'}`).join(', ')}`
        : `fell for ${[...outcomes]
            .filter(([, o]) => o === 'fell-for')
            .map(([t]) => t)
            .join(', ')}`,
    });
  }
  for (const label of ['report-stuffing', 'leaky-dishonest'] as const) {
    const outcomes = trapOutcomes(get(label));
    const avoided = [...outcomes].filter(([, o]) => o === 'avoided').map(([t]) => t);
    const allowed = label === 'leaky-dishonest' ? new Set(avoidedByEvidence(get('leaky'))) : new Set<number>();
    const bought = avoided.filter((t) => !allowed.has(t));
    checks.push({
      candidate,
      check: `${label}: no trap avoided on the report's words`,
      pass: bought.length === 0,
      detail: bought.length
        ? `avoided ${bought.join(', ')} (the same predictions with an honest report do not avoid them)`
        : `avoided ${avoided.join(', ') || 'none'}; claimed ${[...outcomes].filter(([, o]) => o === 'claimed').length}`,
    });
  }
  return checks;
}

/** The traps a submission's honest report gets "avoided" on: what the same predictions earn whatever the words. */
function avoidedByEvidence(sc: Scorecard): number[] {
  return [...trapOutcomes(sc)].filter(([, o]) => o === 'avoided').map(([t]) => t);
}

const TABLE: readonly MlMetric[] = ['average_precision', 'roc_auc', 'brier_skill', 'ece_uniform', 'traps_fell_for', 'traps_avoided', 'traps_claimed'];

export const mlCalibration: Calibration<MlCalibrationLabel> = {
  submissions: ML_CALIBRATION,
  reference: 'reference',
  demoLoop: { labels: ['reference', 'oversampled', 'leaky'], reviews: 'exercises/ml/demo-reviews' },
  tableMetrics: TABLE,
  checks: mlCalibrationChecks,
};
