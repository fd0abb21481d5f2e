import type { RagMetric } from '../../graders/rag/metric-names';
import { type Calibration, type CalibrationCheck, calibrationGrade, formatMetric, formatWithInterval, metricWithInterval } from '../../harness/exercise';
import type { FlagCode, Scorecard } from '../../harness/scorecard';

/**
 * The RAG submissions of known quality: a strong reference, a plain baseline,
 * the kit's naive v0, a second honest pipeline written from the kit
 * (honest2), a cheater, and three blind tricks on top of the baseline that
 * an earlier grader rewarded (a number spray, citing everything with empty
 * quotes, refusing everything); and the reference pipeline with a report.json
 * that over-claims (overclaim): an estimate far above what it scores and the
 * brief's whole category list as its failure modes.
 */
export const RAG_CALIBRATION = [
  { label: 'reference', dir: 'exercises/rag/reference', rubric: { strong: true } },
  // rubric: the criteria each is built to fail must come out at level 1 or 2 (exercises/rag/rubric.yaml)
  { label: 'baseline', dir: 'exercises/rag/calibration/baseline', rubric: { fails: ['answer-correctness', 'groundedness', 'refusals'] } },
  { label: 'naive', dir: 'exercises/rag/calibration/naive', rubric: { fails: ['retrieval', 'answer-correctness', 'groundedness', 'refusals'] } },
  { label: 'honest2', dir: 'exercises/rag/calibration/honest2' },
  { label: 'cheater', dir: 'exercises/rag/calibration/cheater', rubric: { fails: ['answer-correctness', 'injection-safety'] } },
  { label: 'spray', dir: 'exercises/rag/calibration/spray', rubric: { fails: ['answer-correctness', 'groundedness'] } },
  { label: 'cite-all', dir: 'exercises/rag/calibration/cite-all', rubric: { fails: ['groundedness'] } },
  { label: 'refuse-all', dir: 'exercises/rag/calibration/refuse-all', rubric: { fails: ['retrieval', 'answer-correctness'] } },
  { label: 'overclaim', dir: 'exercises/rag/calibration/overclaim', rubric: { fails: ['evaluation', 'write-up'] } },
] as const;

export type RagCalibrationLabel = (typeof RAG_CALIBRATION)[number]['label'];

/** The flags the cheater must get: it replays dev answers, reads for the secret, and talks to the grader. */
export const CHEATER_FLAGS: readonly FlagCode[] = ['hard-coded-answers', 'sandbox-violation', 'injection-attempt'];

/** Honest submissions: none may get a critical flag. */
export const HONEST: readonly RagCalibrationLabel[] = ['reference', 'baseline', 'naive', 'honest2'];

/** Each blind trick, and the flag that must show it to an interviewer (with its evidence). */
export const TRICK_FLAGS: Readonly<Record<'spray' | 'cite-all' | 'refuse-all', FlagCode>> = {
  spray: 'number-spray',
  'cite-all': 'unverified-citations',
  'refuse-all': 'over-refusal',
};
const TRICKS = Object.keys(TRICK_FLAGS) as (keyof typeof TRICK_FLAGS)[];

const HEADLINE: RagMetric = 'overall';

/** Submissions whose report.json is an honest self-assessment: each must read honest. */
export const SELF_HONEST: readonly RagCalibrationLabel[] = ['reference', 'baseline', 'honest2'];

/** What the self-assessment item of SC says: its reading and why (graders/rag/self-assessment-items.ts). */
function selfReading(sc: Scorecard): { reading: string; why: string; estimate: string; realNotNamed: string[]; namedButFine: string[] } {
  const item = (id: string) => sc.items.find((i) => i.id === id);
  const summary = item('self-assessment');
  const modes = item('self-failure-modes')?.evidence ?? {};
  const estimate = item('self-estimate')?.verdicts.estimate?.reason ?? 'no estimate';
  return {
    reading: typeof summary?.evidence.reading === 'string' ? summary.evidence.reading : 'no self-assessment item',
    why: summary?.verdicts.reads?.reason ?? '',
    estimate: estimate.split(';')[0] ?? estimate,
    realNotNamed: Array.isArray(modes.realNotNamed) ? (modes.realNotNamed as string[]) : [],
    namedButFine: Array.isArray(modes.namedButFine) ? (modes.namedButFine as string[]) : [],
  };
}

/** What must hold for one candidate's RAG calibration grades. */
export function ragCalibrationChecks(candidate: string, grades: ReadonlyMap<RagCalibrationLabel, Scorecard>): CalibrationCheck[] {
  const sc = (label: RagCalibrationLabel) => calibrationGrade(grades, label, candidate);
  const m = (label: RagCalibrationLabel) => metricWithInterval(sc(label), HEADLINE);
  const [r, b, n, c] = [m('reference'), m('baseline'), m('naive'), m('cheater')] as const;
  const cheaterCodes = new Set(sc('cheater').flags.map((f) => f.code));
  const missing = CHEATER_FLAGS.filter((code) => !cheaterCodes.has(code));
  const honestFlags = HONEST.flatMap((label) =>
    sc(label)
      .flags.filter((f) => f.severity === 'critical')
      .map((f) => `${label}: ${f.code} (${f.message.slice(0, 100)})`),
  );
  const statuses = RAG_CALIBRATION.filter((s) => sc(s.label).status !== 'graded').map((s) => `${s.label}: ${sc(s.label).status} (${sc(s.label).problems.join('; ')})`);
  const trickScores = TRICKS.map((t) => ({ t, value: m(t).value }));
  const paying = trickScores.filter(({ value }) => value > b.value);
  const invisible = TRICKS.filter((t) => !sc(t).flags.some((f) => f.code === TRICK_FLAGS[t] && f.evidence !== undefined));
  const refuseAll = m('refuse-all');
  const notHonest = SELF_HONEST.map((label) => ({ label, r: selfReading(sc(label)) })).filter(({ r }) => r.reading !== 'honest');
  const over = selfReading(sc('overclaim'));
  // overclaim is the reference pipeline: copying the category list must score its failure modes below the reference's own.
  const f05 = (label: RagCalibrationLabel) => sc(label).metrics.failureModesF05?.value ?? null;
  const [overF05, referenceF05] = [f05('overclaim'), f05('reference')];
  const overCaught = over.reading === 'over-claims' && over.estimate.startsWith('optimistic') && over.namedButFine.length > 0 && overF05 !== null && referenceF05 !== null && overF05 < referenceF05;
  const naive = selfReading(sc('naive'));
  return [
    { candidate, check: 'every grade completed', pass: statuses.length === 0, detail: statuses.join('; ') || 'all graded' },
    { candidate, check: 'reference > baseline, intervals apart', pass: r.low > b.high, detail: `reference ${formatWithInterval(r)} vs baseline ${formatWithInterval(b)}` },
    { candidate, check: 'baseline > naive, intervals apart', pass: b.low > n.high, detail: `baseline ${formatWithInterval(b)} vs naive ${formatWithInterval(n)}` },
    { candidate, check: 'cheater no better than naive', pass: c.value <= n.value, detail: `cheater ${formatMetric(c.value)} vs naive ${formatMetric(n.value)}` },
    { candidate, check: 'cheater flagged', pass: missing.length === 0, detail: missing.length ? `missing ${missing.join(', ')}` : CHEATER_FLAGS.join(', ') },
    { candidate, check: 'no critical flag on honest submissions', pass: honestFlags.length === 0, detail: honestFlags.join('; ') || `none on ${HONEST.join(', ')}` },
    {
      candidate,
      check: 'no trick beats the baseline',
      pass: paying.length === 0,
      detail: `${trickScores.map(({ t, value }) => `${t} ${formatMetric(value)}`).join(', ')} vs baseline ${formatMetric(b.value)}`,
    },
    { candidate, check: 'refusing everything no better than naive', pass: refuseAll.value <= n.value, detail: `refuse-all ${formatMetric(refuseAll.value)} vs naive ${formatMetric(n.value)}` },
    {
      candidate,
      check: 'every trick flagged with evidence',
      pass: invisible.length === 0,
      detail: invisible.length ? `missing ${invisible.map((t) => `${TRICK_FLAGS[t]} on ${t}`).join(', ')}` : TRICKS.map((t) => `${t}: ${TRICK_FLAGS[t]}`).join(', '),
    },
    {
      candidate,
      check: 'honest self-assessments read honest',
      pass: notHonest.length === 0,
      detail: notHonest.length
        ? notHonest.map(({ label, r }) => `${label}: ${r.reading} (${r.why.slice(0, 200)})`).join('; ')
        : SELF_HONEST.map((label) => `${label}: ${selfReading(sc(label)).estimate}`).join('; '),
    },
    {
      candidate,
      check: 'the over-claiming self-assessment does not',
      pass: overCaught,
      detail: `overclaim: ${over.reading}; ${over.estimate}; named but fine: ${over.namedButFine.join(', ') || 'none'}; failureModesF05 ${formatMetric(overF05 ?? Number.NaN)} vs the reference's ${formatMetric(referenceF05 ?? Number.NaN)}`,
    },
    {
      candidate,
      check: 'no report: real failure modes listed as not named',
      pass: naive.reading === 'no report' && naive.realNotNamed.length > 0,
      detail: `naive: ${naive.reading}; real but not named: ${naive.realNotNamed.join(', ') || 'none'}`,
    },
  ];
}

const TABLE: readonly RagMetric[] = [
  'overall',
  'answerQuality',
  'refusalDiscrimination',
  'factCoverage',
  'citationPrecision',
  'numericReasoning',
  'estimateGap',
  'failureModesF05',
  'evaluationEvidence',
];

export const ragCalibration: Calibration<RagCalibrationLabel> = {
  submissions: RAG_CALIBRATION,
  reference: 'reference',
  demoLoop: { labels: ['reference', 'honest2', 'naive'], reviews: 'exercises/rag/demo-reviews' },
  tableMetrics: TABLE,
  checks: ragCalibrationChecks,
};
