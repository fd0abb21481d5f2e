import type { ClaimsHiddenKey } from '../../datasets/claims';
import type { RandomStream } from '../../harness/secrets';
import { logit, quantileSorted, spearmanPermutation } from '../../harness/stats';
import type { MlReport } from './report';

/**
 * Leakage probes: what the predictions themselves say about how the model was
 * built, each a verdict with the numbers it rests on. Pure functions of the
 * predictions, the hidden key and a seeded stream. Thresholds are named
 * constants so the report can print them; graders/README.md explains them.
 */

export const PROBE_THRESHOLDS = {
  /** A leak column: |Spearman rho| above this with a permutation p-value below `leakP`. */
  leakRho: 0.1,
  /**
   * The bar for a column that carries honest test-time signal (the oracle's own |rho| with it
   * above leakRho): route_fraud_rate at test time is the training-period rate of the route, and
   * a model that honestly learned the routes from training labels carries that rate's sampling
   * noise, which the oracle does not explain (the reference and oversampled submissions show
   * 0.076-0.095 on four seeds; the leaky one 0.35-0.43).
   */
  leakRhoHonestSignal: 0.2,
  leakP: 0.01,
  leakPermutations: 999,
  /** A twin pair "moves" when |p_twin - p_original| exceeds this. */
  twinMove: 0.01,
  /** A twin kind is flagged when more than this share of its pairs move. */
  twinShare: 0.1,
  /** Fewer pairs than this: the twin probe abstains. */
  twinMinPairs: 20,
  /** Null draws of labels from the candidate's own probabilities (what a calibrated model's ECE looks like). */
  calibrationDraws: 200,
  /** Log-odds of mean(p) may differ from the test prevalence's by the train-to-test drift plus this. */
  calibrationSlack: 0.4,
  /** The report's estimate is optimistic when it exceeds the hidden interval's upper end by more than this. */
  estimateMargin: { roc_auc: 0.03, average_precision: 0.05 },
} as const;

/** The trap each twin kind probes (datasets/claims/twins.ts). */
export const TWIN_KIND_TRAP: Record<string, number> = { id: 3, 'irrelevant-column': 8, 'null-token': 9, spelling: 10, format: 11 };

export interface LeakProbe {
  column: string;
  trap: number;
  n: number;
  /** Spearman rho of the predictions with the column. */
  rho: number | null;
  /** The same for the generating probabilities: what an ideal honest model shows. */
  oracleRho: number | null;
  /** Semi-partial Spearman rho: the predictions against the part of the column the generating probabilities do not explain. */
  partialRho: number | null;
  /** Permutation p-value of partialRho. */
  pValue: number | null;
  /** The |partialRho| above which the column is flagged (higher where the column carries honest signal). */
  threshold: number;
  flagged: boolean;
}

/**
 * Spearman correlation of the predictions with each leak column's test-time
 * values, on the scored rows that have one. A leak column can carry honest
 * signal at test time (route_fraud_rate there is the training-period rate of
 * the route, which the true risk correlates with at about 0.2), so the flag
 * rests on the semi-partial correlation: the column's ranks residualised on
 * the generating probabilities' (hidden.oracle), correlated with the
 * predictions' ranks; |rho| > 0.1 (0.2 where the oracle itself correlates
 * with the column above 0.1) with a permutation p < 0.01. The oracle shows 0
 * by construction; the raw rho is kept as evidence.
 */
export function leakCorrelations(predictions: Map<string, number>, hidden: Pick<ClaimsHiddenKey, 'leakColumns' | 'leakValues' | 'scoredIds' | 'oracle'>, stream: RandomStream): LeakProbe[] {
  return hidden.leakColumns.map(({ column, trap }) => {
    const values = hidden.leakValues[column] ?? new Map<string, number>();
    const x: number[] = [];
    const y: number[] = [];
    const z: number[] = [];
    for (const id of hidden.scoredIds) {
      const v = values.get(id);
      const p = predictions.get(id);
      const o = hidden.oracle.probabilities.get(id);
      if (v === undefined || p === undefined || o === undefined) continue;
      x.push(p);
      y.push(v);
      z.push(o);
    }
    const plain = spearmanPermutation(x, y, stream, 0);
    const oracle = spearmanPermutation(z, y, stream, 0);
    const r = spearmanPermutation(x, y, stream.fork(`leak:${column}`), PROBE_THRESHOLDS.leakPermutations, z);
    const threshold = oracle.rho !== null && Math.abs(oracle.rho) > PROBE_THRESHOLDS.leakRho ? PROBE_THRESHOLDS.leakRhoHonestSignal : PROBE_THRESHOLDS.leakRho;
    const flagged = r.rho !== null && r.pValue !== null && Math.abs(r.rho) > threshold && r.pValue < PROBE_THRESHOLDS.leakP;
    return { column, trap, n: r.n, rho: plain.rho, oracleRho: oracle.rho, partialRho: r.rho, pValue: r.pValue, threshold, flagged };
  });
}

export interface TwinProbe {
  kind: string;
  trap: number | undefined;
  pairs: number;
  /** Pairs per changed field. */
  fields: Record<string, { pairs: number; meanAbsChange: number; shareMoved: number }>;
  meanAbsChange: number;
  maxAbsChange: number;
  shareMoved: number;
  flagged: boolean;
  /** Up to 3 pairs that moved most. */
  examples: { id: string; twinOf: string; field: string; original: number; twin: number }[];
}

/** Per twin kind (and field): how far predictions move between a row and its nuisance twin. */
export function twinSensitivity(predictions: Map<string, number>, twins: ClaimsHiddenKey['twins']): TwinProbe[] {
  const byKind = new Map<string, { id: string; twinOf: string; field: string; original: number; twin: number; d: number }[]>();
  for (const t of twins) {
    const a = predictions.get(t.twinOf);
    const b = predictions.get(t.id);
    if (a === undefined || b === undefined) continue;
    const list = byKind.get(t.kind) ?? [];
    list.push({ id: t.id, twinOf: t.twinOf, field: t.field, original: a, twin: b, d: Math.abs(a - b) });
    byKind.set(t.kind, list);
  }
  const summary = (ds: number[]) => ({
    meanAbsChange: ds.reduce((s, d) => s + d, 0) / ds.length,
    shareMoved: ds.filter((d) => d > PROBE_THRESHOLDS.twinMove).length / ds.length,
  });
  return [...byKind.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, pairs]) => {
      const fields: TwinProbe['fields'] = {};
      const byField = new Map<string, number[]>();
      for (const p of pairs) byField.set(p.field, [...(byField.get(p.field) ?? []), p.d]);
      for (const [field, ds] of [...byField.entries()].sort(([a], [b]) => a.localeCompare(b))) fields[field] = { pairs: ds.length, ...summary(ds) };
      const all = summary(pairs.map((p) => p.d));
      const examples = [...pairs]
        .sort((a, b) => b.d - a.d)
        .slice(0, 3)
        .filter((p) => p.d > 0)
        .map(({ d: _d, ...rest }) => rest);
      return {
        kind,
        trap: TWIN_KIND_TRAP[kind],
        pairs: pairs.length,
        fields,
        ...all,
        maxAbsChange: Math.max(...pairs.map((p) => p.d)),
        flagged: pairs.length >= PROBE_THRESHOLDS.twinMinPairs && all.shareMoved > PROBE_THRESHOLDS.twinShare,
        examples,
      };
    });
}

export interface CalibrationProbe {
  n: number;
  meanP: number;
  prevalence: number;
  /** mean(p) - prevalence. */
  calibrationInTheLarge: number;
  /** logit(mean p) - logit(prevalence). */
  logOddsGap: number;
  /** |logit(train base rate) - logit(test base rate)|: what a model calibrated on train is allowed. */
  driftLogOdds: number;
  ece: number;
  /** 99th percentile of the ECE of labels drawn from the predictions themselves. */
  nullEceQ99: number;
  direction: 'over' | 'under' | 'none';
  flagged: boolean;
}

function eceBins(p: Float64Array, y: ArrayLike<number>, bins: Uint8Array, k: number): number {
  const sp = new Float64Array(k);
  const sy = new Float64Array(k);
  for (let i = 0; i < p.length; i++) {
    const b = bins[i]!;
    sp[b] = sp[b]! + p[i]!;
    sy[b] = sy[b]! + y[i]!;
  }
  let e = 0;
  for (let b = 0; b < k; b++) e += Math.abs(sp[b]! - sy[b]!);
  return e / p.length;
}

/**
 * Calibration drift on the scored rows: flagged when the ECE is beyond what
 * a calibrated model's own sampling noise gives (labels drawn from p) AND
 * mean(p) misses the prevalence by more than the train-to-test drift allows.
 * Oversampling without recalibration shows as a large over-prediction.
 */
export function calibrationDrift(predictions: Map<string, number>, hidden: Pick<ClaimsHiddenKey, 'labels' | 'scoredIds' | 'baseRates'>, stream: RandomStream): CalibrationProbe {
  const ids = hidden.scoredIds.filter((id) => predictions.has(id) && hidden.labels.has(id));
  const n = ids.length;
  const p = new Float64Array(n);
  const y = new Uint8Array(n);
  const k = 10;
  const bins = new Uint8Array(n);
  let sp = 0;
  let sy = 0;
  ids.forEach((id, i) => {
    p[i] = predictions.get(id)!;
    y[i] = hidden.labels.get(id)!;
    bins[i] = Math.min(k - 1, Math.max(0, Math.ceil(p[i]! * k) - 1));
    sp += p[i]!;
    sy += y[i]!;
  });
  const meanP = sp / n;
  const prevalence = sy / n;
  const ece = eceBins(p, y, bins, k);
  const draws = new Float64Array(PROBE_THRESHOLDS.calibrationDraws);
  const words = new Uint32Array(n);
  const ystar = new Uint8Array(n);
  for (let b = 0; b < draws.length; b++) {
    stream.fork(`calibration:${b}`).fillUint32(words);
    for (let i = 0; i < n; i++) ystar[i] = words[i]! / 4294967296 < p[i]! ? 1 : 0;
    draws[b] = eceBins(p, ystar, bins, k);
  }
  draws.sort();
  const nullEceQ99 = quantileSorted(draws, 0.99, 'linear');
  const logOddsGap = logit(meanP) - logit(prevalence);
  const driftLogOdds = Math.abs(logit(hidden.baseRates.train) - logit(hidden.baseRates.test));
  const outside = Math.abs(logOddsGap) > driftLogOdds + PROBE_THRESHOLDS.calibrationSlack;
  return {
    n,
    meanP,
    prevalence,
    calibrationInTheLarge: meanP - prevalence,
    logOddsGap,
    driftLogOdds,
    ece,
    nullEceQ99,
    direction: outside ? (logOddsGap > 0 ? 'over' : 'under') : 'none',
    flagged: outside && ece > nullEceQ99,
  };
}

export interface HiddenScore {
  value: number | null;
  interval?: { low: number; high: number } | undefined;
}

export interface EstimateGap {
  metric: 'roc_auc' | 'average_precision';
  estimate: number;
  hidden: number | null;
  interval: { low: number; high: number } | null;
  /** estimate - hidden. */
  gap: number | null;
  optimistic: boolean;
}

/** The report's validation estimate against the hidden score and its interval. */
export function estimateGaps(report: MlReport | undefined, hidden: Partial<Record<'roc_auc' | 'average_precision', HiddenScore>>): EstimateGap[] {
  if (!report) return [];
  const out: EstimateGap[] = [];
  for (const metric of ['roc_auc', 'average_precision'] as const) {
    const estimate = report.validation.estimates[metric];
    if (estimate === undefined) continue;
    const h = hidden[metric];
    const value = h?.value ?? null;
    const interval = h?.interval ? { low: h.interval.low, high: h.interval.high } : null;
    const upper = interval?.high ?? value;
    out.push({
      metric,
      estimate,
      hidden: value,
      interval,
      gap: value === null ? null : estimate - value,
      optimistic: upper !== null && estimate > upper + PROBE_THRESHOLDS.estimateMargin[metric],
    });
  }
  return out;
}

export interface ProbeResults {
  /** Distinct probabilities on the scored rows: with one, no probe can show anything was avoided. */
  distinctPredictions: number;
  leaks: LeakProbe[];
  twins: TwinProbe[];
  calibration: CalibrationProbe;
  estimates: EstimateGap[];
}

export function runProbes(input: {
  predictions: Map<string, number>;
  hidden: ClaimsHiddenKey;
  report: MlReport | undefined;
  hiddenScores: Partial<Record<'roc_auc' | 'average_precision', HiddenScore>>;
  stream: RandomStream;
}): ProbeResults {
  const distinct = new Set<number>();
  for (const id of input.hidden.scoredIds) {
    distinct.add(input.predictions.get(id)!);
    if (distinct.size > 1) break;
  }
  return {
    distinctPredictions: distinct.size,
    leaks: leakCorrelations(input.predictions, input.hidden, input.stream.fork('leaks')),
    twins: twinSensitivity(input.predictions, input.hidden.twins),
    calibration: calibrationDrift(input.predictions, input.hidden, input.stream.fork('calibration')),
    estimates: estimateGaps(input.report, input.hiddenScores),
  };
}
