import type { TrapEntry } from '../../datasets/claims/schema';
import { PROBE_THRESHOLDS, type EstimateGap, type ProbeResults } from './probes';
import type { MlReport } from './report';

/**
 * Per trap: fell for it, avoided it, claimed, or unknown. Every verdict rests on
 * evidence from the predictions (or the numbers the candidate's code reported),
 * never on the report's words alone:
 *
 * - fell for: a probe fired (a leak correlation, a twin kind that moves, an
 *   effect twin far above the true effect, or an estimate far off the hidden
 *   score from a validation with that trap's blind spot);
 * - avoided: a probe that could fire stayed quiet on predictions that rank
 *   (hidden ROC-AUC interval above PROBE_THRESHOLDS.informativeAuc): a constant
 *   or random prediction proves nothing;
 * - claimed: no probe decides, and the report says the trap was handled; shown
 *   next to the evidence, never counted as avoided;
 * - unknown: no probe decides and the report is silent; the reason says why.
 *
 * Words in the report can only add "claimed" (or a contradiction next to a
 * probe that fired); they never turn a verdict into "avoided".
 */

export type TrapOutcome = 'fell-for' | 'avoided' | 'claimed' | 'unknown';

export interface TrapVerdict {
  trap: number;
  name: string;
  outcome: TrapOutcome;
  reasons: string[];
  /** Report keywords or excluded columns that match the trap: what the report claims. */
  reportMentions: string[];
}

function reportText(report: MlReport): string {
  return [
    report.validation.description,
    ...report.excluded_features.flatMap((f) => [f.column, f.reason]),
    ...report.data_issues.flatMap((d) => [d.issue, ...d.columns, d.handling]),
    report.imbalance.description,
  ]
    .join('\n')
    .toLowerCase();
}

export function reportMentions(trap: TrapEntry, report: MlReport | undefined): string[] {
  if (!report) return [];
  const text = reportText(report);
  const excluded = new Set(report.excluded_features.map((f) => f.column.trim().toLowerCase()));
  const hits = trap.reportKeywords.filter((k) => text.includes(k.toLowerCase()));
  for (const c of trap.columns) if (excluded.has(c.toLowerCase())) hits.push(`excluded ${c}`);
  return [...new Set(hits)];
}

/** Why a trap stays unknown when no probe fired and none could clear it. */
const UNDECIDED: Record<number, string> = {
  2: 'the route rate is honest signal at test time, so only a correlation beyond the true risk can show the leak',
  4: 'the order of train.csv leaves no trace in the predictions; only a validation estimate far off the hidden score from a split that takes rows by position would show it',
  5: 'the drift is in the labels, not in a column the predictions can be checked against; the look-ahead rate is probed by correlation',
};

function fmt(x: number | null | undefined): string {
  return x === null || x === undefined ? 'n/a' : Math.abs(x) >= 0.01 || x === 0 ? x.toFixed(3) : x.toExponential(1);
}

function pct(x: number): string {
  return `${(100 * x).toFixed(0)}%`;
}

function describeGap(e: EstimateGap): string {
  return `${e.metric} estimate ${fmt(e.estimate)} vs hidden ${fmt(e.hidden)} [${fmt(e.interval?.low)}, ${fmt(e.interval?.high)}]`;
}

/** The validation blind spot behind each estimate-gap trap, from the report's declared design (null: the declared design has none). */
function blindSpot(trap: number, report: MlReport): string | null {
  const v = report.validation;
  if (trap === 4)
    return (v.strategy === 'holdout' || v.strategy === 'other') && !v.time_aware
      ? `a ${v.strategy} split that is not time-based takes rows by their position in a file sorted by batch and label`
      : null;
  if (trap === 5) return v.time_aware ? null : 'the validation is not time-aware';
  if (trap === 6) return v.group_aware ? null : 'the validation is not grouped by customer';
  return null;
}

const ESTIMATE_TRAPS = new Set([4, 5, 6]);

/** What usually makes an honest estimate fall below the hidden interval. */
const PESSIMISTIC_WHY: Record<EstimateGap['metric'], string> = {
  average_precision:
    "average precision rises with the base rate, and a validation fold from the training period has a lower fraud rate than the scoring period's; a smaller validation model than the final one also scores lower. It says nothing about whether a trap was avoided",
  roc_auc: 'the validation fold is harder than the scoring period, or the validation model was fitted on less data than the final one; it says nothing about whether a trap was avoided',
};

export function trapVerdicts(catalog: TrapEntry[], probes: ProbeResults, report: MlReport | undefined): TrapVerdict[] {
  const offEstimates = probes.estimates.filter((e) => e.direction === 'optimistic' || e.direction === 'pessimistic');
  const withinEstimates = probes.estimates.filter((e) => e.direction === 'within');
  return catalog.map((trap) => {
    const mentions = reportMentions(trap, report);
    const fell: string[] = [];
    const clean: string[] = [];
    const notes: string[] = [];
    /** Evidence that contradicts the report's claims on this trap: it keeps the trap from "avoided" whatever else stays quiet. */
    const contradictions: string[] = [];

    for (const l of probes.leaks.filter((x) => x.trap === trap.id)) {
      const what = `${l.column}: rho ${fmt(l.rho)}, beyond the true risk ${fmt(l.partialRho)} (p ${fmt(l.pValue)})`;
      if (l.flagged) {
        fell.push(`predictions track ${what}`);
        if (mentions.includes(`excluded ${l.column}`)) fell.push(`the report says ${l.column} was excluded, but the predictions track it`);
      } else if (l.partialRho !== null) clean.push(`predictions do not track ${what}`);
    }

    for (const t of probes.twins.filter((x) => x.trap === trap.id)) {
      const enough = t.pairs >= PROBE_THRESHOLDS.twinMinPairs;
      if (t.type === 'effect' && t.effect) {
        const what = `${t.kind} twins (${t.pairs} pairs, ${Object.keys(t.fields).join(', ')} changed): the model's log-odds move by ${fmt(t.effect.modelShift)} on average, the generating function's by ${fmt(t.effect.oracleShift)} (excess ${fmt(t.effect.excess)}, flagged above ${PROBE_THRESHOLDS.effectExcess})`;
        if (t.flagged) fell.push(`${what}: the model overstates the effect the duplicated rows inflate`);
        else if (enough && Math.abs(t.effect.modelShift) < PROBE_THRESHOLDS.effectMinResponse) notes.push(`${what}: the model does not respond to the field, so the duplicates leave no trace`);
        else if (enough) clean.push(what);
        continue;
      }
      const what = `${t.kind} twins: ${pct(t.shareMoved)} of ${t.pairs} pairs move (|change of log-odds| > ${PROBE_THRESHOLDS.twinMoveLogit}; mean |change of p| ${fmt(t.meanAbsChange)})`;
      if (t.flagged) {
        fell.push(what);
        for (const field of Object.keys(t.fields)) if (mentions.includes(`excluded ${field}`)) fell.push(`the report says ${field} was excluded, but the predictions move with it`);
      } else if (enough) clean.push(what);
    }

    if (ESTIMATE_TRAPS.has(trap.id) && report) {
      const blind = blindSpot(trap.id, report);
      const optimistic = offEstimates.filter((e) => e.direction === 'optimistic');
      const pessimistic = offEstimates.filter((e) => e.direction === 'pessimistic');
      const blamed = trap.id === 4 ? offEstimates : optimistic;
      if (blind && blamed.length > 0) {
        fell.push(`${blind}, and the estimate is off the hidden score: ${blamed.map((e) => `${describeGap(e)} (${e.direction})`).join('; ')}`);
      } else if (optimistic.length > 0) {
        const text = `the estimate is optimistic (${optimistic.map(describeGap).join('; ')})${blind ? '' : `, although the report declares a ${report.validation.strategy} validation (time-aware ${report.validation.time_aware}, grouped ${report.validation.group_aware}) that should not be blind to this trap: the claim and the estimate disagree`}`;
        (blind ? notes : contradictions).push(text);
      } else if (!blind && withinEstimates.length > 0) {
        clean.push(`the estimate is within the hidden interval (${withinEstimates.map(describeGap).join('; ')}) and the declared validation (${report.validation.strategy}) is not blind to this trap`);
      }
      for (const e of pessimistic) notes.push(`${describeGap(e)} is pessimistic (below the hidden interval): ${PESSIMISTIC_WHY[e.metric]}`);
    }

    let outcome: TrapOutcome;
    const reasons: string[] = [];
    const claimed = mentions.length ? `the report claims it: mentions ${mentions.join(', ')}` : undefined;
    if (fell.length) {
      outcome = 'fell-for';
      reasons.push(...fell);
    } else if (clean.length && probes.informative && contradictions.length === 0) {
      outcome = 'avoided';
      reasons.push(...clean, ...notes);
      if (claimed) reasons.push(claimed);
    } else {
      outcome = claimed ? 'claimed' : 'unknown';
      reasons.push(...contradictions);
      if (clean.length && !probes.informative)
        reasons.push(`the probes stay quiet, but the predictions do not rank (hidden ROC-AUC not above ${PROBE_THRESHOLDS.informativeAuc}), so that proves nothing: ${clean.join('; ')}`);
      else if (clean.length) reasons.push(`quiet probes (${clean.join('; ')}) cannot clear a trap the estimate contradicts`);
      reasons.push(...notes);
      if (!clean.length && !notes.length && !contradictions.length) reasons.push(`no probe decides: ${UNDECIDED[trap.id] ?? 'no probe applies to these predictions'}`);
      reasons.push(claimed ? `${claimed} (words only, not evidence)` : report ? 'the report does not mention it' : 'there is no report');
    }
    return { trap: trap.id, name: trap.name, outcome, reasons, reportMentions: mentions };
  });
}
