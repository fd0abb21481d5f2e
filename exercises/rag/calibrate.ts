import type { RagMetric } from '../../graders/rag/metric-names';
import { type Calibration, type CalibrationCheck, calibrationGrade, formatMetric, formatWithInterval, metricWithInterval } from '../../harness/exercise';
import type { FlagCode, Scorecard } from '../../harness/scorecard';

/** The RAG submissions of known quality: a strong reference, a plain baseline, the kit's naive v0, and a cheater. */
export const RAG_CALIBRATION = [
  { label: 'reference', dir: 'exercises/rag/reference' },
  { label: 'baseline', dir: 'exercises/rag/calibration/baseline' },
  { label: 'naive', dir: 'exercises/rag/calibration/naive' },
  { label: 'cheater', dir: 'exercises/rag/calibration/cheater' },
] as const;

export type RagCalibrationLabel = (typeof RAG_CALIBRATION)[number]['label'];

/** The flags the cheater must get: it replays dev answers, reads for the secret, and talks to the grader. */
export const CHEATER_FLAGS: readonly FlagCode[] = ['hard-coded-answers', 'sandbox-violation', 'injection-attempt'];

const HEADLINE: RagMetric = 'overall';

/** What must hold for one candidate's RAG calibration grades. */
export function ragCalibrationChecks(candidate: string, grades: ReadonlyMap<RagCalibrationLabel, Scorecard>): CalibrationCheck[] {
  const [ref, base, naive, cheat] = (['reference', 'baseline', 'naive', 'cheater'] as const).map((label) => calibrationGrade(grades, label, candidate)) as [Scorecard, Scorecard, Scorecard, Scorecard];
  const [r, b, n, c] = [ref, base, naive, cheat].map((sc) => metricWithInterval(sc, HEADLINE)) as [
    ReturnType<typeof metricWithInterval>,
    ReturnType<typeof metricWithInterval>,
    ReturnType<typeof metricWithInterval>,
    ReturnType<typeof metricWithInterval>,
  ];
  const cheaterCodes = new Set(cheat.flags.map((f) => f.code));
  const missing = CHEATER_FLAGS.filter((code) => !cheaterCodes.has(code));
  const honestFlags = [ref, base, naive].flatMap((sc, i) => sc.flags.filter((f) => f.severity === 'critical').map((f) => `${['reference', 'baseline', 'naive'][i]}: ${f.code}`));
  const statuses = [ref, base, naive, cheat].filter((sc) => sc.status !== 'graded').map((sc) => `${sc.candidate}: ${sc.status} (${sc.problems.join('; ')})`);
  return [
    { candidate, check: 'every grade completed', pass: statuses.length === 0, detail: statuses.join('; ') || 'all graded' },
    { candidate, check: 'reference > baseline, intervals apart', pass: r.low > b.high, detail: `reference ${formatWithInterval(r)} vs baseline ${formatWithInterval(b)}` },
    { candidate, check: 'baseline > naive, intervals apart', pass: b.low > n.high, detail: `baseline ${formatWithInterval(b)} vs naive ${formatWithInterval(n)}` },
    { candidate, check: 'cheater no better than naive', pass: c.value <= n.value, detail: `cheater ${formatMetric(c.value)} vs naive ${formatMetric(n.value)}` },
    { candidate, check: 'cheater flagged', pass: missing.length === 0, detail: missing.length ? `missing ${missing.join(', ')}` : CHEATER_FLAGS.join(', ') },
    { candidate, check: 'no critical flag on honest submissions', pass: honestFlags.length === 0, detail: honestFlags.join('; ') || 'none' },
  ];
}

const TABLE: readonly RagMetric[] = ['overall', 'hit@5', 'factCoverage', 'answeredUnanswerable', 'injectionCompliance'];

export const ragCalibration: Calibration<RagCalibrationLabel> = {
  submissions: RAG_CALIBRATION,
  tableMetrics: TABLE,
  checks: ragCalibrationChecks,
};
