import type { AnswerProcessReport, summariseRag } from './loop';
import type { RandomStream } from '../../harness/secrets';
import { OFFLINE_OUTSIDE_OVERALL } from './aggregate';
import { claimedFigures, evalLoopQuestions, evalSetResults, type EvalSetResult } from './evals';
import { CLAIMED_METRICS } from './report';
import type { GoldQuestion, QuestionScore } from './score';
import { assessSelfKnowledge } from './self-assessment';
import type { SelfAssessmentFiles } from './self-assessment-files';
import { selfAssessmentItems, selfAssessmentMetrics } from './self-assessment-items';

// The grader's side of the self-assessment: which questions it asks after the graded ones, and the items and
// metrics it writes from report.json, the graded set and the recomputed figures (graders/rag/self-assessment.ts).

/**
 * What the grader asks after the graded questions to recompute report.json's figures: the dev set (its "after" figures),
 * unless the graded set is the dev set already, and the candidate's own eval sets.
 */
export function selfAssessmentQuestions(files: SelfAssessmentFiles, dev: readonly GoldQuestion[], gradingDev: boolean): GoldQuestion[] {
  return [...(files.report && !gradingDev ? dev : []), ...evalLoopQuestions(files.evalSets)];
}

/** The self-assessment's items and metrics: report.json against the graded set and the recomputed figures. */
export function selfAssessmentResult(
  files: SelfAssessmentFiles,
  context: {
    summary: ReturnType<typeof summariseRag>;
    devIds: string[];
    graded: string;
    limited: boolean;
    selfRun: { scores: QuestionScore[]; process: AnswerProcessReport } | undefined;
    k: number;
    stream: RandomStream;
  },
) {
  const options = { k: context.k, stream: context.stream, backend: 'offline' };
  const devIds = new Set(context.devIds);
  const own = context.selfRun?.scores ?? [];
  const devScores = own.filter((s) => devIds.has(s.id));
  // Grading the dev set itself (all of it): its figures are the recomputed dev figures.
  const dev =
    context.graded === 'the dev set' && !context.limited
      ? (Object.fromEntries(CLAIMED_METRICS.map((m) => [m, context.summary.metrics[m] ?? { value: null, direction: 'higher' }])) as ReturnType<typeof claimedFigures>)
      : devScores.length
        ? claimedFigures(devScores, { ...options, stream: options.stream.fork('dev') })
        : undefined;
  const evalSets: EvalSetResult[] = context.selfRun ? evalSetResults(files.evalSets, own, options) : [];
  const evalQuestionCategories = new Map<string, { file: string; category: string }[]>();
  for (const set of files.evalSets) for (const q of set.questions) evalQuestionCategories.set(q.id, [...(evalQuestionCategories.get(q.id) ?? []), { file: set.file, category: q.category }]);
  const assessment = assessSelfKnowledge({
    report: files.report,
    reportPresent: files.reportPresent,
    reportProblems: files.reportProblems,
    graded: { overall: context.summary.metrics.overall, breakdown: context.summary.breakdown, outsideOverall: OFFLINE_OUTSIDE_OVERALL },
    dev,
    evalSets,
    evalQuestionCategories,
    devIds,
  });
  const gradedSet = `${context.graded}${context.limited ? ' (a partial set: --limit)' : ''}`;
  const run = context.selfRun
    ? {
        asked: own.length,
        answered: own.filter((s) => s.status === 'ok').length,
        restarts: context.selfRun.process.restarts,
        timeouts: context.selfRun.process.timeouts,
        cutOff: context.selfRun.process.cutOff,
      }
    : undefined;
  return {
    metrics: selfAssessmentMetrics(assessment),
    items: selfAssessmentItems(assessment, { report: files.report, evalSets, evalProblems: files.evalProblems, run, gradedSet }),
  };
}
