import type { ScoreGroups } from '../../../harness/stats';
/**
 * Shapes shared by every metric. A metric is a pure function of a ScoreTable
 * (distinct scores with positive/negative counts) and a few parameters, so the
 * point estimate and every bootstrap replicate run the same code: a replicate
 * is the same table with other counts.
 */

/**
 * The predictions grouped by distinct score, highest score first. Counts are
 * stored as doubles so a bootstrap replicate (multiplicities, still integers)
 * is the same shape; every sum below stays an exact integer under 2^53.
 */
export type ScoreTable = Omit<ScoreGroups, 'positiveGroups' | 'negativeGroups'>;

export interface MetricParams {
  /** Decision threshold: predict positive when p >= threshold (F1 and its regret). */
  readonly threshold: number;
  /** Review budget as a whole percentage of rows: the top ceil(n * topPercent / 100). */
  readonly topPercent: number;
  /** Bins for both ECE variants. */
  readonly bins: number;
  /** Log-loss clipping: p is clipped to [eps, 1 - eps]. */
  readonly logLossEps: number;
}

export const DEFAULT_PARAMS: MetricParams = {
  threshold: 0.5,
  topPercent: 5,
  bins: 10,
  logLossEps: 1e-15,
};

/** A metric's value with what it rests on. `value` is null (never NaN) when the metric is undefined, with `reason` saying why. */
export interface MetricResult<D = undefined> {
  value: number | null;
  reason?: string;
  numerator?: number;
  denominator?: number;
  details?: D;
}

export interface CalibrationBin {
  /** Lower and upper edge; a bin holds lower < p <= upper, except the first, which also holds p = lower. */
  lower: number;
  upper: number;
  count: number;
  meanP: number | null;
  meanY: number | null;
}

export interface CalibrationDetails {
  bins: CalibrationBin[];
}

export interface PrevalenceDetails {
  prevalence: number;
}

export interface BrierSkillDetails {
  brier: number;
  /** Brier score of always predicting the prevalence: prev * (1 - prev). */
  reference: number;
}

export interface ThresholdDetails {
  threshold: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface BestF1Details {
  /** The highest probability threshold (predict p >= it) that attains the best F1. */
  bestThreshold: number;
}

export interface F1RegretDetails {
  threshold: number;
  f1AtThreshold: number;
  bestF1: number;
  bestThreshold: number;
}

export interface TopDetails {
  /** ceil(n * topPercent / 100): the review budget. */
  k: number;
  /** The lowest probability inside the budget. */
  cutoff: number;
  /** Rows at the cutoff probability, which share the places left at the cut. */
  tiedAtCutoff: number;
}

/** Every metric the ML grader knows, in report order. */
export const METRIC_NAMES = [
  'roc_auc',
  'average_precision',
  'average_precision_lift',
  'log_loss',
  'brier',
  'brier_skill',
  'ece_uniform',
  'ece_quantile',
  'calibration_in_the_large',
  'f1_at_threshold',
  'best_f1',
  'f1_regret',
  'precision_at_top',
] as const;

export type MetricName = (typeof METRIC_NAMES)[number];

/** The details each metric returns; a name missing here fails to compile in the registry. */
export interface MetricDetailsByName {
  roc_auc: undefined;
  average_precision: PrevalenceDetails;
  average_precision_lift: PrevalenceDetails & { averagePrecision: number };
  log_loss: undefined;
  brier: undefined;
  brier_skill: BrierSkillDetails;
  ece_uniform: CalibrationDetails;
  ece_quantile: CalibrationDetails;
  calibration_in_the_large: PrevalenceDetails & { meanP: number };
  f1_at_threshold: ThresholdDetails;
  best_f1: BestF1Details;
  f1_regret: F1RegretDetails;
  precision_at_top: TopDetails;
}

export type MetricFn<K extends MetricName = MetricName> = (table: ScoreTable, params: MetricParams) => MetricResult<MetricDetailsByName[K]>;

export interface MetricDefinition<K extends MetricName> {
  readonly compute: MetricFn<K>;
  /** For the scorecard: is a higher value better? */
  readonly direction: 'higher' | 'lower' | 'none';
  readonly description: string;
}

export type MetricRegistry = { readonly [K in MetricName]: MetricDefinition<K> };
