import type { Metric, ScorecardItem } from '../../harness/scorecard';
import { formatFileProblem, type FileProblem } from '../../harness/submission/json-report';
import type { EvalSetResult } from './evals';
import type { RagReport } from './report';
import { CLAIM_TOLERANCE, ESTIMATE_MARGIN, FAILURE_BELOW, MIN_OWN_EVAL_QUESTIONS, type CategoryResult, type SelfAssessment } from './self-assessment';

/** The self-assessment metrics of every graded RAG scorecard (graders/rag/metric-names.ts lists them). */
export const SELF_ASSESSMENT_METRICS = [
  'estimateGap',
  'failureModesRecall',
  'failureModesPrecision',
  'failureModesF05',
  'failureModesRankAgreement',
  'evalClaimsReproduced',
  'ownEvalQuestions',
  'evaluationEvidence',
] as const;
export type SelfAssessmentMetric = (typeof SELF_ASSESSMENT_METRICS)[number];

const f3 = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : x.toFixed(3));

function categoryLine(c: CategoryResult): string {
  return `${c.category} ${f3(c.score)}${c.interval ? ` [${f3(c.interval.low)}, ${f3(c.interval.high)}]` : ''} (n=${c.questions})`;
}

export function selfAssessmentMetrics(a: SelfAssessment): Record<SelfAssessmentMetric, Metric> {
  const e = a.estimate;
  const fm = a.failureModes;
  const real = fm.namedAndReal.length + fm.realNotNamed.length;
  const decided = fm.namedAndReal.length + fm.namedButFine.length;
  return {
    estimateGap: {
      value: e?.gap ?? null,
      direction: 'none',
      description: `report.json's estimate of overall minus the graded overall (optimistic above the interval + ${ESTIMATE_MARGIN}, pessimistic below it - ${ESTIMATE_MARGIN})`,
      ...(e?.interval
        ? { interval: { low: e.estimate - e.interval.high, high: e.estimate - e.interval.low, level: 0.95, method: 'the estimate minus the ends of overall’s bootstrap interval' } }
        : {}),
    },
    failureModesRecall: {
      value: fm.recall,
      numerator: fm.namedAndReal.length,
      denominator: real,
      direction: 'higher',
      description: `share of the real failure modes (categories whose 95% interval lies below ${FAILURE_BELOW}) the report names`,
    },
    failureModesPrecision: {
      value: fm.precision,
      numerator: fm.namedAndReal.length,
      denominator: decided,
      direction: 'higher',
      description: 'share of the named failure modes that are real, among those the graded set decides (real or fine)',
    },
    failureModesF05: {
      value: fm.f05,
      direction: 'higher',
      description: 'F0.5 of failure-mode precision and recall: precision counts twice, so naming every category does not pay (0 when real failure modes exist and none is named)',
    },
    failureModesRankAgreement: {
      value: fm.rankAgreement,
      denominator: fm.categories.length,
      direction: 'higher',
      description: "Spearman correlation of the report's order of failure modes (worst first, unnamed last) with the categories' graded scores",
    },
    evalClaimsReproduced: {
      value: a.claimsReproduced,
      numerator: a.claims.filter((c) => c.outcome === 'reproduced' || c.outcome === 'within-noise').length,
      denominator: a.claims.length,
      direction: 'higher',
      description: `share of the figures report.json claims (dev after, each eval set) that the harness reproduced (within ${CLAIM_TOLERANCE}) or found inside its 95% interval`,
    },
    ownEvalQuestions: { value: a.ownEvalQuestions, numerator: a.ownEvalAnswered, direction: 'none', description: "questions of the candidate's own eval sets (evals/*.jsonl) the harness ran" },
    evaluationEvidence: {
      value: a.evaluationEvidence.value,
      direction: 'higher',
      description: `mean of four parts in [0, 1]: an honest estimate (1 within, 0.5 pessimistic), own eval questions answered (of ${MIN_OWN_EVAL_QUESTIONS}), claimed figures reproduced, failure modes an own eval targets`,
    },
  };
}

export interface SelfAssessmentEvidence {
  report: RagReport | undefined;
  evalSets: EvalSetResult[];
  evalProblems: FileProblem[];
  /** The dev and eval questions' run: how many asked, and what happened to the answer process. */
  run: Record<string, unknown> | undefined;
  /** What the graded set is: the hidden set, the dev split, or the first N questions. */
  gradedSet: string;
}

export function selfAssessmentItems(a: SelfAssessment, ev: SelfAssessmentEvidence): ScorecardItem[] {
  const fm = a.failureModes;
  const e = a.estimate;
  const items: ScorecardItem[] = [];
  items.push({
    id: 'self-assessment',
    kind: 'check',
    category: 'self-assessment',
    status: a.reportPresent && !ev.report ? 'error' : 'ok',
    verdicts: {
      reads: {
        pass: a.reading === 'honest' ? true : a.reading === 'over-claims' || a.reading === 'under-claims' ? false : null,
        score: null,
        reason: `${a.reading}: ${a.why.join('; ')}`,
      },
    },
    evidence: {
      reading: a.reading,
      why: a.why,
      gradedSet: ev.gradedSet,
      reportProblems: a.reportProblems.map(formatFileProblem),
      unknownExamples: a.unknownExamples,
      evaluationEvidence: a.evaluationEvidence,
      ...(ev.report ? { report: ev.report } : {}),
    },
  });
  items.push({
    id: 'self-estimate',
    kind: 'check',
    category: 'self-assessment',
    status: e ? 'ok' : 'skipped',
    verdicts: {
      estimate: e
        ? {
            pass: e.direction === 'unknown' ? null : e.direction === 'within',
            score: null,
            reason: `${e.direction}: estimate ${f3(e.estimate)} [${f3(e.low)}, ${f3(e.high)}] vs graded overall ${f3(e.hidden)} [${f3(e.interval?.low)}, ${f3(e.interval?.high)}] on ${ev.gradedSet}; gap ${f3(e.gap)} (within means inside the interval ± ${ESTIMATE_MARGIN}); the report's interval ${e.covered ? 'covers' : 'misses'} it`,
          }
        : { pass: null, score: null, reason: a.reportPresent ? 'report.json does not validate: no estimate to compare' : 'no report.json: no estimate of overall' },
    },
    evidence: e ? { ...e } : {},
  });
  const listReason = (names: string[], none: string) => (names.length ? names.map((n) => categoryLine(fm.categories.find((c) => c.category === n)!)).join('; ') : none);
  items.push({
    id: 'self-failure-modes',
    kind: 'check',
    category: 'self-assessment',
    status: 'ok',
    verdicts: {
      'named-and-real': { pass: null, score: fm.recall, reason: listReason(fm.namedAndReal, 'none') },
      'named-but-fine': { pass: fm.namedButFine.length === 0, score: null, reason: listReason(fm.namedButFine, 'none') },
      'real-but-not-named': {
        pass: fm.realNotNamed.length === 0,
        score: null,
        reason: listReason(fm.realNotNamed, 'none: every real failure mode is named'),
      },
    },
    evidence: {
      rule: `real: the category's 95% interval of overall lies below ${FAILURE_BELOW}; fine: it lies at or above; uncertain otherwise (no credit, no blame). Numeric reasoning is left out offline. Graded on ${ev.gradedSet}.`,
      namedAndReal: fm.namedAndReal,
      namedButFine: fm.namedButFine,
      realNotNamed: fm.realNotNamed,
      namedUncertain: fm.namedUncertain,
      notCompared: fm.notCompared,
      recall: fm.recall,
      precision: fm.precision,
      f05: fm.f05,
      rankAgreement: fm.rankAgreement,
      categories: fm.categories,
    },
  });
  const bad = a.claims.filter((c) => c.outcome !== 'reproduced' && c.outcome !== 'within-noise');
  items.push({
    id: 'self-eval-claims',
    kind: 'check',
    category: 'self-assessment',
    status: a.claims.length || ev.evalSets.length ? 'ok' : 'skipped',
    verdicts: {
      claims: {
        pass: a.claims.length ? bad.length === 0 : null,
        score: a.claimsReproduced,
        reason: a.claims.length
          ? `${a.claims.length - bad.length} of ${a.claims.length} claimed figures reproduced or within the recomputed interval${bad.length ? `; ${bad.map((c) => `${c.source} ${c.metric}: ${c.reason}`).join('; ')}` : ''}`
          : 'no claimed figure to recompute',
      },
      'own-evals': {
        pass: ev.evalProblems.length ? false : ev.evalSets.length ? true : null,
        score: null,
        reason: `${a.ownEvalQuestions} own eval question(s) in ${ev.evalSets.length} set(s), ${a.ownEvalAnswered} answered${ev.evalProblems.length ? `; problems: ${ev.evalProblems.slice(0, 5).map(formatFileProblem).join('; ')}` : ''}`,
      },
    },
    evidence: {
      claims: a.claims,
      evalSets: ev.evalSets,
      evalProblems: ev.evalProblems.map(formatFileProblem),
      ...(ev.run ? { run: ev.run } : {}),
    },
  });
  return items;
}
