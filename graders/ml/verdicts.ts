import type { TrapEntry } from '../../datasets/claims/schema';
import type { ProbeResults } from './probes';
import type { MlReport } from './report';

/**
 * Per trap: fell for it, avoided it, or unknown, from the probes and the
 * report. A probe that fires wins over anything the report says (a report
 * that claims to have dropped a column the predictions track is noted as a
 * contradiction); a probe that could fire and did not counts as avoided; the
 * report alone can only say "avoided" (it names the trap), never "fell for".
 */

export type TrapOutcome = 'fell-for' | 'avoided' | 'unknown';

export interface TrapVerdict {
  trap: number;
  name: string;
  outcome: TrapOutcome;
  reasons: string[];
  /** Report keywords or excluded columns that match the trap. */
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

/** The validation blind spot each estimate-gap trap needs before an optimistic estimate is blamed on it. */
function validationBlindSpot(trap: number, report: MlReport, mentions: string[]): string | undefined {
  const v = report.validation;
  if (trap === 4 && (v.strategy === 'random-kfold' || v.strategy === 'holdout' || v.strategy === 'other') && !mentions.some((m) => ['shuffle', 'sorted', 'stratified'].includes(m))) {
    return `validation strategy ${v.strategy} with no word of shuffling the sorted file`;
  }
  if (trap === 5 && !v.time_aware) return 'validation is not time-aware';
  if (trap === 6 && !v.group_aware) return 'validation is not grouped by customer';
  return undefined;
}

export function trapVerdicts(catalog: TrapEntry[], probes: ProbeResults, report: MlReport | undefined): TrapVerdict[] {
  const optimistic = probes.estimates.filter((e) => e.optimistic);
  return catalog.map((trap) => {
    const mentions = reportMentions(trap, report);
    const fell: string[] = [];
    const clean: string[] = [];
    const validationClean: string[] = [];
    const uses = new Set([trap.probe, ...trap.otherProbes]);
    if (uses.has('correlation')) {
      for (const l of probes.leaks.filter((x) => x.trap === trap.id)) {
        const what = `${l.column}: rho ${fmt(l.rho)}, beyond the true risk ${fmt(l.partialRho)} (p ${fmt(l.pValue)})`;
        if (l.flagged) {
          fell.push(`predictions track ${what}`);
          if (mentions.includes(`excluded ${l.column}`)) fell.push(`the report says ${l.column} was excluded, but the predictions track it`);
        } else if (l.partialRho !== null) clean.push(`predictions do not track ${what}`);
      }
    }
    if (uses.has('twin')) {
      for (const t of probes.twins.filter((x) => x.trap === trap.id)) {
        const what = `${t.kind} twins: ${pct(t.shareMoved)} of ${t.pairs} pairs move by more than 0.01 (mean |change| ${fmt(t.meanAbsChange)})`;
        if (t.flagged) fell.push(what);
        else if (t.pairs >= 20) clean.push(what);
      }
    }
    if (uses.has('calibration') && report) {
      const blind = validationBlindSpot(trap.id, report, mentions);
      if ([4, 5, 6].includes(trap.id)) {
        const gaps = optimistic.map((e) => `${e.metric} estimate ${fmt(e.estimate)} vs hidden ${fmt(e.hidden)} [${fmt(e.interval?.low)}, ${fmt(e.interval?.high)}]`);
        if (blind && gaps.length) fell.push(`${blind}, and the estimate is optimistic: ${gaps.join('; ')}`);
        else if (!blind && gaps.length === 0 && probes.estimates.length > 0)
          validationClean.push(`validation (${report.validation.strategy}) fits the trap and the estimate is within the hidden interval`);
      }
    }
    // A constant prediction neither tracks a column nor moves between twins: that proves nothing.
    if (probes.distinctPredictions <= 1) clean.length = 0;
    clean.push(...validationClean);
    let outcome: TrapOutcome;
    const reasons: string[] = [];
    if (fell.length) {
      outcome = 'fell-for';
      reasons.push(...fell);
    } else if (clean.length) {
      outcome = 'avoided';
      reasons.push(...clean);
    } else if (mentions.length) {
      outcome = 'avoided';
      reasons.push(`from the report only: it mentions ${mentions.join(', ')}`);
    } else {
      outcome = 'unknown';
      reasons.push(report ? 'no probe applies and the report does not mention it' : 'no probe applies and there is no report');
    }
    return { trap: trap.id, name: trap.name, outcome, reasons, reportMentions: mentions };
  });
}

function fmt(x: number | null | undefined): string {
  return x === null || x === undefined ? 'n/a' : Math.abs(x) >= 0.01 || x === 0 ? x.toFixed(3) : x.toExponential(1);
}

function pct(x: number): string {
  return `${(100 * x).toFixed(0)}%`;
}
