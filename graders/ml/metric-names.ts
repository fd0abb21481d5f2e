import { METRIC_NAMES } from './metrics/types';

/**
 * Every metric name an ML scorecard carries, as a typed union: the ranking and
 * calibration metrics of graders/ml/metrics, then the trap counts and the
 * oracle's ceiling. graders/ml/metric-names.test.ts checks it against a grade.
 */
export const ML_METRICS = [...METRIC_NAMES, 'traps_fell_for', 'traps_avoided', 'traps_claimed', 'oracle_roc_auc'] as const;

export type MlMetric = (typeof ML_METRICS)[number];
