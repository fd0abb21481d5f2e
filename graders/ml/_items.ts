import type { TrapEntry } from '../../datasets/claims/schema';
import type { ScorecardItem } from '../../harness/scorecard';
import { PROBE_THRESHOLDS, type ProbeResults } from './probes';
import type { MlReport } from './report';
import type { TrapVerdict } from './verdicts';

/** Scorecard items: one per trap (its verdict and reasons), one per probe (its numbers), one for the report. */
export function probeItems(catalog: TrapEntry[], probes: ProbeResults, verdicts: TrapVerdict[], report: MlReport): ScorecardItem[] {
  const items: ScorecardItem[] = [];
  for (const v of verdicts) {
    const trap = catalog.find((t) => t.id === v.trap)!;
    items.push({
      id: `trap-${v.trap}`,
      kind: 'trap',
      category: trap.name,
      status: 'ok',
      verdicts: {
        trap: {
          pass: v.outcome === 'avoided' ? true : v.outcome === 'fell-for' ? false : null,
          score: v.outcome === 'avoided' ? 1 : v.outcome === 'fell-for' ? 0 : null,
          reason: `${v.outcome}: ${v.reasons.join('; ')}`,
        },
      },
      evidence: { outcome: v.outcome, reasons: v.reasons, reportMentions: v.reportMentions, columns: trap.columns, probe: trap.probe, otherProbes: trap.otherProbes, howToAvoid: trap.howToAvoid },
    });
  }
  for (const l of probes.leaks) {
    items.push({
      id: `leak-${l.column}`,
      kind: 'probe',
      category: 'leak-correlation',
      status: l.partialRho === null ? 'skipped' : 'ok',
      verdicts: {
        leak: {
          pass: !l.flagged,
          score: l.flagged ? 0 : 1,
          reason: `Spearman rho ${l.rho?.toFixed(3) ?? 'n/a'} (true risk ${l.oracleRho?.toFixed(3) ?? 'n/a'}); beyond the true risk ${l.partialRho?.toFixed(3) ?? 'n/a'}, permutation p ${l.pValue?.toFixed(3) ?? 'n/a'}; flagged above |${l.threshold}| with p < ${PROBE_THRESHOLDS.leakP}`,
        },
      },
      evidence: { ...l, trap: l.trap, permutations: PROBE_THRESHOLDS.leakPermutations },
    });
  }
  for (const t of probes.twins) {
    const reason = t.effect
      ? `${t.pairs} pairs: the model's log-odds move by ${t.effect.modelShift.toFixed(3)} on average, the generating function's by ${t.effect.oracleShift.toFixed(3)} (excess ${t.effect.excess.toFixed(3)}); flagged above ${PROBE_THRESHOLDS.effectExcess}`
      : `${(100 * t.shareMoved).toFixed(1)}% of ${t.pairs} pairs move (|change of log-odds| > ${PROBE_THRESHOLDS.twinMoveLogit} and |change of p| > ${PROBE_THRESHOLDS.twinMoveP}; mean |change of p| ${t.meanAbsChange.toFixed(4)}); flagged above ${100 * PROBE_THRESHOLDS.twinShare}%`;
    items.push({
      id: `twin-${t.kind}`,
      kind: 'probe',
      category: t.type === 'effect' ? 'twin-effect' : 'twin-sensitivity',
      status: t.pairs >= PROBE_THRESHOLDS.twinMinPairs ? 'ok' : 'skipped',
      verdicts: { twin: { pass: !t.flagged, score: t.flagged ? 0 : 1, reason } },
      evidence: { ...t },
    });
  }
  const c = probes.calibration;
  items.push({
    id: 'calibration',
    kind: 'probe',
    category: 'calibration-drift',
    status: 'ok',
    verdicts: {
      calibration: {
        pass: !c.flagged,
        score: c.flagged ? 0 : 1,
        reason: `mean p ${c.meanP.toFixed(4)} vs the stated rate ${c.statedRate.toFixed(3)} (hidden prevalence ${c.prevalence.toFixed(4)}; allowed ${c.allowed.low.toFixed(4)}-${c.allowed.high.toFixed(4)}, from the training rate ${c.trainRate.toFixed(4)} to the stated rate, ±${PROBE_THRESHOLDS.calibrationSlack} log-odds); ECE ${c.ece.toFixed(4)} vs ${c.nullEceQ99.toFixed(4)} for a calibrated model (99th percentile)`,
      },
    },
    evidence: { ...c, imbalance: report.imbalance },
  });
  for (const e of probes.estimates) {
    items.push({
      id: `estimate-${e.metric}`,
      kind: 'probe',
      category: 'estimate-gap',
      status: e.hidden === null ? 'skipped' : 'ok',
      verdicts: {
        estimate: {
          pass: e.direction === 'unknown' ? null : e.direction === 'within',
          score: e.direction === 'unknown' ? null : e.direction === 'within' ? 1 : 0,
          reason: `${e.direction}: reported ${e.estimate.toFixed(3)}, hidden ${e.hidden?.toFixed(3) ?? 'n/a'} [${e.interval?.low.toFixed(3) ?? '?'}, ${e.interval?.high.toFixed(3) ?? '?'}]; gap ${e.gap?.toFixed(3) ?? 'n/a'} (within means inside the interval ± ${PROBE_THRESHOLDS.estimateMargin[e.metric]})`,
        },
      },
      evidence: {
        ...e,
        margin: PROBE_THRESHOLDS.estimateMargin[e.metric],
        validation: { strategy: report.validation.strategy, time_aware: report.validation.time_aware, group_aware: report.validation.group_aware },
      },
    });
  }
  for (const c of probes.ceiling) {
    items.push({
      id: `ceiling-${c.metric}`,
      kind: 'probe',
      category: 'ceiling',
      status: c.value === null || c.oracleInterval === null ? 'skipped' : 'ok',
      verdicts: {
        ceiling: {
          pass: !c.above,
          score: c.above ? 0 : 1,
          reason: `hidden ${c.metric} ${c.value?.toFixed(3) ?? 'n/a'}; the generating probabilities reach ${c.oracle?.toFixed(3) ?? 'n/a'} [${c.oracleInterval?.low.toFixed(3) ?? '?'}, ${c.oracleInterval?.high.toFixed(3) ?? '?'}]: a score above that interval needs the hidden labels`,
        },
      },
      evidence: { ...c },
    });
  }
  items.push({ id: 'report', kind: 'check', status: 'ok', verdicts: {}, evidence: { report } });
  return items;
}
