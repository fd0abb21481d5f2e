import type { MlMetric } from '../../graders/ml/metric-names';
import { type Calibration, type CalibrationCheck, calibrationGrade, formatWithInterval, metricWithInterval } from '../../harness/exercise';
import type { Scorecard } from '../../harness/scorecard';

/** The ML submissions of known quality: a careful reference, a leaky model, an oversampled one, constant predictions. */
export const ML_CALIBRATION = [
  { label: 'reference', dir: 'exercises/ml/reference' },
  { label: 'leaky', dir: 'exercises/ml/calibration/leaky' },
  { label: 'oversampled', dir: 'exercises/ml/calibration/oversampled' },
  { label: 'constant', dir: 'exercises/ml/calibration/constant' },
] as const;

export type MlCalibrationLabel = (typeof ML_CALIBRATION)[number]['label'];

/** The traps the leaky submission must be caught on, at least. */
export const LEAKY_MIN_TRAPS = 3;

const HEADLINE: MlMetric = 'average_precision';
const FELL_FOR: MlMetric = 'traps_fell_for';

/** What must hold for one candidate's ML calibration grades. */
export function mlCalibrationChecks(candidate: string, grades: ReadonlyMap<MlCalibrationLabel, Scorecard>): CalibrationCheck[] {
  const get = (label: MlCalibrationLabel) => calibrationGrade(grades, label, candidate);
  const [ref, leaky, over] = [get('reference'), get('leaky'), get('oversampled')];
  const r = metricWithInterval(ref, HEADLINE);
  const l = metricWithInterval(leaky, HEADLINE);
  const fellFor = (sc: Scorecard) => sc.metrics[FELL_FOR]?.value ?? 0;
  const leakFlags = (sc: Scorecard) => sc.flags.filter((f) => f.code === 'leakage-suspected').length;
  const statuses = ML_CALIBRATION.map((c) => [c.label, get(c.label)] as const)
    .filter(([, sc]) => sc.status !== 'graded')
    .map(([label, sc]) => `${label}: ${sc.status} (${sc.problems.join('; ')})`);
  return [
    { candidate, check: 'every grade completed', pass: statuses.length === 0, detail: statuses.join('; ') || 'all graded' },
    { candidate, check: 'reference > leaky on hidden average precision, intervals apart', pass: r.low > l.high, detail: `reference ${formatWithInterval(r)} vs leaky ${formatWithInterval(l)}` },
    {
      candidate,
      check: `leaky flagged on at least ${LEAKY_MIN_TRAPS} traps`,
      pass: fellFor(leaky) >= LEAKY_MIN_TRAPS && leakFlags(leaky) >= LEAKY_MIN_TRAPS,
      detail: `fell for ${fellFor(leaky)}, ${leakFlags(leaky)} leakage-suspected flag(s)`,
    },
    {
      candidate,
      check: 'reference flagged on no trap',
      pass: fellFor(ref) === 0 && leakFlags(ref) === 0,
      detail: `fell for ${fellFor(ref)}, flags: ${ref.flags.map((f) => f.code).join(', ') || 'none'}`,
    },
    {
      candidate,
      check: 'oversampled flagged for calibration',
      pass: over.flags.some((f) => f.code === 'miscalibrated'),
      detail: over.flags.find((f) => f.code === 'miscalibrated')?.message ?? `flags: ${over.flags.map((f) => f.code).join(', ') || 'none'}`,
    },
  ];
}

const TABLE: readonly MlMetric[] = ['average_precision', 'roc_auc', 'brier_skill', 'ece_uniform', 'traps_fell_for'];

export const mlCalibration: Calibration<MlCalibrationLabel> = {
  submissions: ML_CALIBRATION,
  tableMetrics: TABLE,
  checks: mlCalibrationChecks,
};
