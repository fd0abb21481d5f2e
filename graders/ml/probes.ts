import type { ClaimsHiddenKey } from '../../datasets/claims';
import type { RandomStream } from '../../harness/secrets';
import { compareEstimate, logit, quantileSorted, sigmoid, spearmanPermutation, type EstimateDirection, type HiddenScore } from '../../harness/stats';
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
   * above leakRho) or whose test value is computed from training labels (route_fraud_rate: the
   * route's training-period rate; hub_fraud_rate_14d: the hub's last training window): a model
   * that honestly learned the routes and hubs from training labels carries those rates' sampling
   * noise, which the oracle does not explain. Measured at ml 2.0.0 (`calibrate ml`, demo secret,
   * four candidates): the honest models (both references, oversampled, duplicates) up to 0.110 on
   * the route rate and 0.119 on the hub rate (ada-lovelace); the leaky ones 0.35-0.80 and 0.27-0.53.
   */
  leakRhoHonestSignal: 0.2,
  leakP: 0.01,
  leakPermutations: 999,
  /**
   * A nuisance twin pair "moves" when its log-odds change by more than this (and p by more than
   * twinMoveP): a model that ignores the changed field gives the twin exactly its original's
   * probability, so any real use of the field shows, even on rare-event probabilities.
   */
  twinMoveLogit: 0.05,
  twinMoveP: 0.001,
  /** A twin kind is flagged when more than this share of its pairs move. */
  twinShare: 0.1,
  /** Fewer pairs than this: the twin probe abstains. */
  twinMinPairs: 20,
  /**
   * Effect twins (trap 7): flagged when the model's mean change of log-odds exceeds the generating
   * function's by more than this. The re-exported copies inflate the theft effect by about 1.1
   * log-odds (three rows for each confirmed theft fraud); a model fitted on one row per claim
   * estimates it within about 0.2.
   */
  effectExcess: 0.5,
  /** Below this mean |change of log-odds| the model does not use the effect twin's field at all. */
  effectMinResponse: 0.1,
  /** Null draws of labels from the candidate's own probabilities (what a calibrated model's ECE looks like). */
  calibrationDraws: 200,
  /**
   * Log-odds of mean(p) may lie anywhere between the training file's base rate and the scoring
   * period's stated rate (the dictionary's expectedFraudRate), widened by this on each side.
   */
  calibrationSlack: 0.4,
  /** The report's estimate is optimistic above the hidden interval's upper end + this, pessimistic below its lower end - this. */
  estimateMargin: { roc_auc: 0.03, average_precision: 0.05 },
  /** "Avoided" needs a model that ranks: the hidden ROC-AUC interval's lower end above this. */
  informativeAuc: 0.55,
} as const;

/** The trap each twin kind probes (datasets/claims/twins.ts). */
export const TWIN_KIND_TRAP: Record<string, number> = {
  id: 3,
  batch: 3,
  customer: 6,
  'post-outcome': 1,
  'duplicate-effect': 7,
  noise: 8,
  'null-token': 9,
  spelling: 10,
  format: 11,
  'retired-column': 12,
};

/** Twin kinds whose field has a real effect: the model's change is compared with the generating function's. */
export const EFFECT_TWIN_KINDS: ReadonlySet<string> = new Set(['duplicate-effect']);

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
  return hidden.leakColumns.map(({ column, trap, fromTrainingLabels }) => {
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
    const honestSignal = fromTrainingLabels === true || (oracle.rho !== null && Math.abs(oracle.rho) > PROBE_THRESHOLDS.leakRho);
    const threshold = honestSignal ? PROBE_THRESHOLDS.leakRhoHonestSignal : PROBE_THRESHOLDS.leakRho;
    const flagged = r.rho !== null && r.pValue !== null && Math.abs(r.rho) > threshold && r.pValue < PROBE_THRESHOLDS.leakP;
    return { column, trap, n: r.n, rho: plain.rho, oracleRho: oracle.rho, partialRho: r.rho, pValue: r.pValue, threshold, flagged };
  });
}

export interface TwinProbe {
  kind: string;
  trap: number | undefined;
  /** nuisance: the twin should get its original's probability; effect: its change should match the generating function's. */
  type: 'nuisance' | 'effect';
  pairs: number;
  /** Pairs per changed field. */
  fields: Record<string, { pairs: number; meanAbsChange: number; shareMoved: number }>;
  /** Mean |p_twin - p_original|. */
  meanAbsChange: number;
  maxAbsChange: number;
  /** Mean |logit(p_twin) - logit(p_original)|. */
  meanAbsLogitChange: number;
  /** Share of pairs that move (nuisance twins; see PROBE_THRESHOLDS.twinMoveLogit). */
  shareMoved: number;
  /** Effect twins: the model's mean change of log-odds, the generating function's, and the excess. */
  effect?: { modelShift: number; oracleShift: number; excess: number };
  flagged: boolean;
  /** Up to 3 pairs that moved most. */
  examples: { id: string; twinOf: string; field: string; original: number; twin: number }[];
}

const clampLogit = (p: number) => logit(Math.min(1 - 1e-9, Math.max(1e-9, p)));

/** Per twin kind (and field): how far predictions move between a row and its twin. */
export function twinSensitivity(predictions: Map<string, number>, twins: ClaimsHiddenKey['twins']): TwinProbe[] {
  type Pair = { id: string; twinOf: string; field: string; original: number; twin: number; d: number; dz: number; oracle: number; moved: boolean };
  const byKind = new Map<string, Pair[]>();
  for (const t of twins) {
    const a = predictions.get(t.twinOf);
    const b = predictions.get(t.id);
    if (a === undefined || b === undefined) continue;
    const d = Math.abs(a - b);
    const dz = clampLogit(b) - clampLogit(a);
    const list = byKind.get(t.kind) ?? [];
    list.push({
      id: t.id,
      twinOf: t.twinOf,
      field: t.field,
      original: a,
      twin: b,
      d,
      dz,
      oracle: t.oracleShift ?? 0,
      moved: Math.abs(dz) > PROBE_THRESHOLDS.twinMoveLogit && d > PROBE_THRESHOLDS.twinMoveP,
    });
    byKind.set(t.kind, list);
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
  const summary = (ps: Pair[]) => ({ meanAbsChange: mean(ps.map((p) => p.d)), shareMoved: ps.filter((p) => p.moved).length / Math.max(1, ps.length) });
  return [...byKind.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, pairs]) => {
      const fields: TwinProbe['fields'] = {};
      const byField = new Map<string, Pair[]>();
      for (const p of pairs) byField.set(p.field, [...(byField.get(p.field) ?? []), p]);
      for (const [field, ps] of [...byField.entries()].sort(([a], [b]) => a.localeCompare(b))) fields[field] = { pairs: ps.length, ...summary(ps) };
      const all = summary(pairs);
      const enough = pairs.length >= PROBE_THRESHOLDS.twinMinPairs;
      const examples = [...pairs]
        .sort((a, b) => b.d - a.d)
        .slice(0, 3)
        .filter((p) => p.d > 0)
        .map(({ id, twinOf, field, original, twin }) => ({ id, twinOf, field, original, twin }));
      const base = {
        kind,
        trap: TWIN_KIND_TRAP[kind],
        pairs: pairs.length,
        fields,
        ...all,
        maxAbsChange: Math.max(...pairs.map((p) => p.d)),
        meanAbsLogitChange: mean(pairs.map((p) => Math.abs(p.dz))),
        examples,
      };
      if (EFFECT_TWIN_KINDS.has(kind)) {
        const modelShift = mean(pairs.map((p) => p.dz));
        const oracleShift = mean(pairs.map((p) => p.oracle));
        const excess = modelShift - oracleShift;
        return { ...base, type: 'effect' as const, effect: { modelShift, oracleShift, excess }, flagged: enough && excess > PROBE_THRESHOLDS.effectExcess };
      }
      return { ...base, type: 'nuisance' as const, flagged: enough && all.shareMoved > PROBE_THRESHOLDS.twinShare };
    });
}

export interface CalibrationProbe {
  n: number;
  meanP: number;
  /** The scored rows' positive share (hidden). */
  prevalence: number;
  /** The rate the candidate was told to expect in the scoring period (data dictionary and brief). */
  statedRate: number;
  /** The training file's base rate (every row; deduplicated where lower). */
  trainRate: number;
  /** mean(p) - prevalence. */
  calibrationInTheLarge: number;
  /** logit(mean p) - logit(stated rate). */
  logOddsGap: number;
  /** mean(p) within these bounds is never flagged: from the lower of the training and stated rates to the higher, each widened by calibrationSlack in log-odds. */
  allowed: { low: number; high: number };
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
 * Calibration judged against what a candidate can know: flagged when the ECE on
 * the scored rows is beyond what a calibrated model's own sampling noise gives
 * (labels drawn from p) AND mean(p) lies outside the band from the training
 * file's base rate to the scoring period's stated rate (widened by
 * calibrationSlack). A model calibrated to training passes, so does one
 * recalibrated to the stated rate; oversampling without recalibration shows
 * as a large over-prediction.
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
  const statedRate = hidden.baseRates.expectedTest;
  const trainRate = Math.min(hidden.baseRates.train, hidden.baseRates.trainDeduplicated);
  const lowZ = Math.min(logit(trainRate), logit(statedRate)) - PROBE_THRESHOLDS.calibrationSlack;
  const highZ = Math.max(logit(hidden.baseRates.train), logit(statedRate)) + PROBE_THRESHOLDS.calibrationSlack;
  const z = logit(meanP);
  const direction = z > highZ ? 'over' : z < lowZ ? 'under' : 'none';
  return {
    n,
    meanP,
    prevalence,
    statedRate,
    trainRate,
    calibrationInTheLarge: meanP - prevalence,
    logOddsGap: z - logit(statedRate),
    allowed: { low: sigmoid(lowZ), high: sigmoid(highZ) },
    ece,
    nullEceQ99,
    direction,
    flagged: direction !== 'none' && ece > nullEceQ99,
  };
}

export type { HiddenScore } from '../../harness/stats';

export interface EstimateGap {
  metric: 'roc_auc' | 'average_precision';
  estimate: number;
  hidden: number | null;
  interval: { low: number; high: number } | null;
  /** estimate - hidden. */
  gap: number | null;
  /** optimistic: above the interval's upper end + margin; pessimistic: below its lower end - margin (harness/stats compareEstimate). */
  direction: EstimateDirection;
  optimistic: boolean;
}

/** The report's validation estimate against the hidden score and its interval. */
export function estimateGaps(report: MlReport | undefined, hidden: Partial<Record<'roc_auc' | 'average_precision', HiddenScore>>): EstimateGap[] {
  if (!report) return [];
  const out: EstimateGap[] = [];
  for (const metric of ['roc_auc', 'average_precision'] as const) {
    const estimate = report.validation.estimates[metric];
    if (estimate === undefined) continue;
    const { margin: _margin, ...c } = compareEstimate(estimate, hidden[metric], PROBE_THRESHOLDS.estimateMargin[metric]);
    out.push({ metric, ...c, optimistic: c.direction === 'optimistic' });
  }
  return out;
}

/**
 * "Too good to be true": the generating function's own probabilities (the
 * oracle) are the best any model can do without the labels; a hidden score
 * above the oracle's interval means the predictions knew the outcomes.
 */
export interface CeilingCheck {
  metric: 'roc_auc' | 'average_precision';
  value: number | null;
  oracle: number | null;
  oracleInterval: { low: number; high: number } | null;
  above: boolean;
}

export function ceilingChecks(hidden: Partial<Record<'roc_auc' | 'average_precision', HiddenScore>>, oracle: Partial<Record<'roc_auc' | 'average_precision', HiddenScore>>): CeilingCheck[] {
  return (['roc_auc', 'average_precision'] as const).map((metric) => {
    const value = hidden[metric]?.value ?? null;
    const o = oracle[metric];
    const oracleInterval = o?.interval ? { low: o.interval.low, high: o.interval.high } : null;
    return { metric, value, oracle: o?.value ?? null, oracleInterval, above: value !== null && oracleInterval !== null && value > oracleInterval.high };
  });
}

export interface ProbeResults {
  /** Distinct probabilities on the scored rows: with one, no probe can show anything was avoided. */
  distinctPredictions: number;
  /** The predictions rank (hidden ROC-AUC interval above PROBE_THRESHOLDS.informativeAuc): only then can a probe that stays quiet count as "avoided". */
  informative: boolean;
  ceiling: CeilingCheck[];
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
  /** The same metrics of the generating probabilities, with intervals (the ceiling). */
  oracleScores?: Partial<Record<'roc_auc' | 'average_precision', HiddenScore>>;
  stream: RandomStream;
}): ProbeResults {
  const distinct = new Set<number>();
  for (const id of input.hidden.scoredIds) {
    distinct.add(input.predictions.get(id)!);
    if (distinct.size > 1) break;
  }
  const auc = input.hiddenScores.roc_auc;
  const aucLow = auc?.interval?.low ?? auc?.value ?? null;
  return {
    distinctPredictions: distinct.size,
    informative: distinct.size > 1 && aucLow !== null && aucLow > PROBE_THRESHOLDS.informativeAuc,
    ceiling: ceilingChecks(input.hiddenScores, input.oracleScores ?? {}),
    leaks: leakCorrelations(input.predictions, input.hidden, input.stream.fork('leaks')),
    twins: twinSensitivity(input.predictions, input.hidden.twins),
    calibration: calibrationDrift(input.predictions, input.hidden, input.stream.fork('calibration')),
    estimates: estimateGaps(input.report, input.hiddenScores),
  };
}
