import type { Metric } from '../../harness/scorecard';
import { compareEstimate, spearman, type EstimateComparison, type EstimateDirection } from '../../harness/stats';
import type { FileProblem } from '../../harness/submission/json-report';
import type { EvalSetResult } from './evals';
import { CLAIMED_METRICS, OTHER_CATEGORY, type ClaimedMetric, type Figures, type RagReport } from './report';

/**
 * How well the candidate knows their own pipeline: report.json against what
 * the pipeline did. Pure over plain data; graders/rag/self-assessment-items.ts
 * turns the result into scorecard items and metrics.
 *
 * - The estimate of `overall` against the graded overall and its 95% interval
 *   (harness/stats compareEstimate, ESTIMATE_MARGIN): optimistic, pessimistic
 *   or within.
 * - The failure modes named against the categories where the pipeline really
 *   does badly: a category is "real" when its 95% interval lies below
 *   FAILURE_BELOW, "fine" when it lies at or above it, "uncertain" otherwise
 *   (neither credit nor blame). Lists: named and real, named but fine, real
 *   but not named; recall, precision, F0.5 (precision weighs twice: naming
 *   every category does not pay), and the rank agreement (Spearman) of
 *   the report's order (worst first) with the categories' scores.
 * - Each figure the report claims (dev after, each eval set) against the same
 *   figure the harness recomputed: reproduced (within CLAIM_TOLERANCE),
 *   within the recomputed 95% interval, overstated, understated, or not run.
 */

/** The estimate reads as optimistic above the graded interval's upper end + this, pessimistic below its lower end - this. */
export const ESTIMATE_MARGIN = 0.05;
/** A category is a real failure mode when its 95% interval lies below this share of its points. */
export const FAILURE_BELOW = 0.5;
/** A claimed figure within this of the recomputed one is reproduced (the offline backend is deterministic). */
export const CLAIM_TOLERANCE = 0.01;
/** The beta of failureModesF05: precision weighs 1 / beta = 2 times as much as recall. */
export const F_BETA = 0.5;
/** Own eval questions answered for full credit in evaluationEvidence. */
export const MIN_OWN_EVAL_QUESTIONS = 10;

export type CategoryStanding = 'real' | 'fine' | 'uncertain';

export interface CategoryResult {
  category: string;
  score: number;
  interval: { low: number; high: number } | null;
  questions: number;
  standing: CategoryStanding;
  /** 1-based position of its first mention in the report's failure modes (worst first), or null. */
  namedAt: number | null;
}

export interface FailureModeComparison {
  categories: CategoryResult[];
  namedAndReal: string[];
  namedButFine: string[];
  realNotNamed: string[];
  namedUncertain: string[];
  /** Named but not compared: "other" failure modes, categories outside overall on this backend or without graded questions. */
  notCompared: { name: string; why: string }[];
  recall: number | null;
  precision: number | null;
  /** F-beta with beta 0.5 of precision and recall. */
  f05: number | null;
  rankAgreement: number | null;
}

export type ClaimOutcome = 'reproduced' | 'within-noise' | 'overstated' | 'understated' | 'not-run';

export interface ClaimCheck {
  /** "dev/questions.jsonl (after)" or the eval set's file. */
  source: string;
  metric: ClaimedMetric;
  claimed: number;
  recomputed: number | null;
  interval: { low: number; high: number } | null;
  outcome: ClaimOutcome;
  reason: string;
}

/**
 * How the report's claims read against the grade: over-claims (estimate optimistic or a claimed figure above
 * the recomputed one), under-claims (pessimistic or below, and nothing above), honest otherwise. The failure
 * modes do not enter it: naming a category that turns out fine is a misjudgement, shown and scored apart.
 */
export type Reading = 'honest' | 'over-claims' | 'under-claims' | 'no report' | 'invalid report';

export interface SelfAssessment {
  reportPresent: boolean;
  reportProblems: FileProblem[];
  estimate: (EstimateComparison & { low: number; high: number; covered: boolean | null }) | null;
  failureModes: FailureModeComparison;
  claims: ClaimCheck[];
  /** Share of claimed figures reproduced or within the recomputed interval; null with no claim. */
  claimsReproduced: number | null;
  ownEvalQuestions: number;
  ownEvalAnswered: number;
  /** Failure modes (of the report) that an own eval question targets: its category or one of its examples. */
  targetedFailureModes: number;
  evaluationEvidence: { value: number; parts: Record<'estimate' | 'ownEvals' | 'claims' | 'targeted', number> };
  reading: Reading;
  /** Why the reading is what it is, in words. */
  why: string[];
  /** Example question ids of the report that are neither dev nor own eval questions. */
  unknownExamples: string[];
}

export interface GradedSet {
  overall: Metric | undefined;
  breakdown: Record<string, Record<string, Metric>>;
  /** Categories left out of overall on this backend (numeric-reasoning offline). */
  outsideOverall: readonly string[];
}

export interface SelfAssessmentInput {
  report: RagReport | undefined;
  /** report.json was there (valid or not). */
  reportPresent: boolean;
  reportProblems: FileProblem[];
  graded: GradedSet;
  /** The dev set recomputed by the harness (when the report claims dev figures and the grader ran it). */
  dev: Record<ClaimedMetric, Metric> | undefined;
  evalSets: EvalSetResult[];
  /** Ids of the eval sets' questions by file, and the dev ids: for the examples of failure modes. */
  evalQuestionCategories: ReadonlyMap<string, { file: string; category: string }[]>;
  devIds: ReadonlySet<string>;
}

function interval(m: Metric | undefined): { low: number; high: number } | null {
  return m?.interval ? { low: m.interval.low, high: m.interval.high } : null;
}

export function standingOf(score: number, iv: { low: number; high: number } | null): CategoryStanding {
  if ((iv?.high ?? score) < FAILURE_BELOW) return 'real';
  if ((iv?.low ?? score) >= FAILURE_BELOW) return 'fine';
  return 'uncertain';
}

/** The failure modes the report names against the graded categories. */
export function compareFailureModes(report: RagReport | undefined, graded: GradedSet): FailureModeComparison {
  const named = new Map<string, number>();
  const notCompared: { name: string; why: string }[] = [];
  (report?.failure_modes ?? []).forEach((f, i) => {
    if (f.category === OTHER_CATEGORY) notCompared.push({ name: `other: ${f.title}`, why: 'a failure mode of its own, outside the kit categories: for the interviewer to judge' });
    else if (!named.has(f.category)) named.set(f.category, i + 1);
  });
  const categories: CategoryResult[] = [];
  for (const [category, metrics] of Object.entries(graded.breakdown).sort(([a], [b]) => a.localeCompare(b))) {
    const m = metrics.overall;
    if (graded.outsideOverall.includes(category) || m?.value === null || m?.value === undefined) continue;
    const iv = interval(m);
    categories.push({ category, score: m.value, interval: iv, questions: m.denominator ?? 0, standing: standingOf(m.value, iv), namedAt: named.get(category) ?? null });
  }
  const compared = new Set(categories.map((c) => c.category));
  for (const [category] of named) {
    if (compared.has(category)) continue;
    notCompared.push({
      name: category,
      why: graded.outsideOverall.includes(category) ? 'outside overall on this backend (the offline model cannot compute)' : 'no graded question of this category',
    });
  }
  const byScore = (a: CategoryResult, b: CategoryResult) => a.score - b.score || a.category.localeCompare(b.category);
  const list = (pick: (c: CategoryResult) => boolean) =>
    categories
      .filter(pick)
      .sort(byScore)
      .map((c) => c.category);
  const namedAndReal = list((c) => c.namedAt !== null && c.standing === 'real');
  const namedButFine = list((c) => c.namedAt !== null && c.standing === 'fine');
  const realNotNamed = list((c) => c.namedAt === null && c.standing === 'real');
  const namedUncertain = list((c) => c.namedAt !== null && c.standing === 'uncertain');
  const real = namedAndReal.length + realNotNamed.length;
  const decided = namedAndReal.length + namedButFine.length;
  const recall = real ? namedAndReal.length / real : null;
  const precision = decided ? namedAndReal.length / decided : null;
  // Nothing real and nothing wrongly named: full marks; nothing real but fine ones named: the precision (0).
  // F0.5: precision counts twice as much as recall, so naming every category (recall 1 for free) does not pay.
  const f05 = recall === null ? (precision ?? 1) : precision === null || precision + recall === 0 ? 0 : ((1 + F_BETA ** 2) * precision * recall) / (F_BETA ** 2 * precision + recall);
  // Unnamed categories share the rank after the last named one; rank 1 is what the report calls worst.
  const unnamedRank = named.size + 1;
  const rankAgreement =
    named.size === 0
      ? null
      : spearman(
          categories.map((c) => c.namedAt ?? unnamedRank),
          categories.map((c) => c.score),
        );
  return { categories, namedAndReal, namedButFine, realNotNamed, namedUncertain, notCompared, recall, precision, f05, rankAgreement };
}

function claimOutcome(claimed: number, m: Metric | undefined): { outcome: ClaimOutcome; recomputed: number | null; interval: { low: number; high: number } | null } {
  const iv = interval(m);
  const value = m?.value ?? null;
  if (value === null) return { outcome: 'not-run', recomputed: null, interval: iv };
  if (Math.abs(claimed - value) <= CLAIM_TOLERANCE) return { outcome: 'reproduced', recomputed: value, interval: iv };
  const c = compareEstimate(claimed, { value, interval: iv ?? undefined }, 0);
  return { outcome: c.direction === 'optimistic' ? 'overstated' : c.direction === 'pessimistic' ? 'understated' : 'within-noise', recomputed: value, interval: iv };
}

const f3 = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : x.toFixed(3));

function checkFigures(source: string, claimed: Figures, recomputed: Record<ClaimedMetric, Metric> | undefined, notRun: string): ClaimCheck[] {
  return CLAIMED_METRICS.filter((m) => claimed[m] !== undefined).map((metric) => {
    const value = claimed[metric] as number;
    if (!recomputed) return { source, metric, claimed: value, recomputed: null, interval: null, outcome: 'not-run', reason: notRun };
    const o = claimOutcome(value, recomputed[metric]);
    const iv = o.interval ? ` [${f3(o.interval.low)}, ${f3(o.interval.high)}]` : '';
    const reason = o.outcome === 'not-run' ? `the harness got no ${metric} on ${source}` : `claimed ${f3(value)}, recomputed ${f3(o.recomputed)}${iv}: ${o.outcome}`;
    return { source, metric, claimed: value, ...o, reason };
  });
}

/** The figures the report claims against the ones the harness recomputed. */
export function compareClaims(report: RagReport | undefined, dev: Record<ClaimedMetric, Metric> | undefined, evalSets: readonly EvalSetResult[]): ClaimCheck[] {
  if (!report) return [];
  const out = checkFigures('dev/questions.jsonl (after)', report.evaluation.dev.after, dev, 'the harness did not run the dev set');
  for (const s of report.evaluation.eval_sets) {
    const run = evalSets.find((e) => e.file === s.file);
    out.push(...checkFigures(s.file, s.figures, run?.metrics, `${s.file} did not run: it is missing or invalid (see the self-assessment item's problems)`));
  }
  return out;
}

const ESTIMATE_CREDIT: Record<EstimateDirection, number> = { within: 1, pessimistic: 0.5, optimistic: 0, unknown: 0 };

export function assessSelfKnowledge(input: SelfAssessmentInput): SelfAssessment {
  const { report, graded } = input;
  const estimate = report
    ? (() => {
        const c = compareEstimate(report.estimate.overall, graded.overall ? { value: graded.overall.value, interval: interval(graded.overall) ?? undefined } : undefined, ESTIMATE_MARGIN);
        const covered = c.hidden === null ? null : report.estimate.low <= c.hidden && c.hidden <= report.estimate.high;
        return { ...c, low: report.estimate.low, high: report.estimate.high, covered };
      })()
    : null;
  const failureModes = compareFailureModes(report, graded);
  const claims = compareClaims(report, input.dev, input.evalSets);
  const good = claims.filter((c) => c.outcome === 'reproduced' || c.outcome === 'within-noise').length;
  const claimsReproduced = claims.length ? good / claims.length : null;
  const ownEvalQuestions = input.evalSets.reduce((n, s) => n + s.questions, 0);
  const ownEvalAnswered = input.evalSets.reduce((n, s) => n + s.answered, 0);
  const evalCategories = new Set([...input.evalQuestionCategories.values()].flat().map((q) => q.category));
  const modes = report?.failure_modes ?? [];
  const targetedFailureModes = modes.filter((f) => evalCategories.has(f.category) || f.examples.some((id) => input.evalQuestionCategories.has(id))).length;
  const unknownExamples = [...new Set(modes.flatMap((f) => f.examples).filter((id) => !input.devIds.has(id) && !input.evalQuestionCategories.has(id)))];
  const parts = {
    estimate: estimate ? ESTIMATE_CREDIT[estimate.direction] : 0,
    ownEvals: Math.min(1, ownEvalAnswered / MIN_OWN_EVAL_QUESTIONS),
    claims: claimsReproduced ?? 0,
    targeted: modes.length ? targetedFailureModes / modes.length : 0,
  };
  const value = (parts.estimate + parts.ownEvals + parts.claims + parts.targeted) / 4;

  const why: string[] = [];
  let reading: Reading;
  if (!input.reportPresent) {
    reading = 'no report';
    why.push('no report.json: nothing to compare');
  } else if (!report) {
    reading = 'invalid report';
    why.push(`report.json does not validate (${input.reportProblems.length} problem(s))`);
  } else {
    const overstated = claims.filter((c) => c.outcome === 'overstated');
    const understated = claims.filter((c) => c.outcome === 'understated');
    const over = estimate?.direction === 'optimistic' || overstated.length > 0;
    if (estimate?.direction === 'optimistic')
      why.push(`the estimate ${f3(estimate.estimate)} is above the graded overall ${f3(estimate.hidden)} [${f3(estimate.interval?.low)}, ${f3(estimate.interval?.high)}] + ${ESTIMATE_MARGIN}`);
    if (overstated.length) why.push(`${overstated.length} claimed figure(s) above what the harness recomputed: ${overstated.map((c) => `${c.source} ${c.metric}`).join(', ')}`);
    if (over) reading = 'over-claims';
    else if (estimate?.direction === 'pessimistic' || understated.length > 0) {
      reading = 'under-claims';
      if (estimate?.direction === 'pessimistic') why.push(`the estimate ${f3(estimate.estimate)} is below the graded overall's interval - ${ESTIMATE_MARGIN}`);
      if (understated.length) why.push(`${understated.length} claimed figure(s) below what the harness recomputed`);
    } else {
      reading = 'honest';
      why.push('the estimate is within the graded interval and no claimed figure is above or below what the harness recomputed');
    }
  }
  // Failure modes are a matter of insight, not of honesty: shown beside the reading, scored by failureModesF05.
  if (failureModes.namedButFine.length) why.push(`named but fine (the pipeline does well there): ${failureModes.namedButFine.join(', ')}`);
  if (failureModes.realNotNamed.length) why.push(`real but not named: ${failureModes.realNotNamed.join(', ')}`);
  return {
    reportPresent: input.reportPresent,
    reportProblems: input.reportProblems,
    estimate,
    failureModes,
    claims,
    claimsReproduced,
    ownEvalQuestions,
    ownEvalAnswered,
    targetedFailureModes,
    evaluationEvidence: { value, parts },
    reading,
    why,
    unknownExamples,
  };
}
