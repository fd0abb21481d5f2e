import { calibrationInTheLarge, eceQuantile, eceUniform } from './calibration';
import { brier, brierSkill, logLoss } from './probabilistic';
import { averagePrecision, averagePrecisionLift, bestF1, f1AtThreshold, f1Regret, precisionAtTop, rocAuc } from './ranking';
import { DEFAULT_PARAMS, METRIC_NAMES, type MetricDetailsByName, type MetricName, type MetricParams, type MetricRegistry, type MetricResult, type ScoreTable } from './types';

/** Every metric by name; the mapped type makes a name without a function a compile error. */
export const METRICS: MetricRegistry = {
  roc_auc: { compute: rocAuc, direction: 'higher', description: 'ROC-AUC (Mann-Whitney, ties count a half)' },
  average_precision: { compute: averagePrecision, direction: 'higher', description: 'average precision (step-wise, scikit-learn)' },
  average_precision_lift: { compute: averagePrecisionLift, direction: 'higher', description: 'average precision / prevalence' },
  log_loss: { compute: logLoss, direction: 'lower', description: 'log loss, p clipped to [1e-15, 1 - 1e-15]' },
  brier: { compute: brier, direction: 'lower', description: 'Brier score' },
  brier_skill: { compute: brierSkill, direction: 'higher', description: 'Brier skill score against the prevalence' },
  ece_uniform: { compute: eceUniform, direction: 'lower', description: 'expected calibration error, 10 equal-width bins' },
  ece_quantile: { compute: eceQuantile, direction: 'lower', description: 'expected calibration error, 10 equal-mass bins' },
  calibration_in_the_large: { compute: calibrationInTheLarge, direction: 'none', description: 'mean probability minus prevalence (0 is best)' },
  f1_at_threshold: { compute: f1AtThreshold, direction: 'higher', description: 'F1 at the stated threshold (p >= threshold)' },
  best_f1: { compute: bestF1, direction: 'higher', description: 'best F1 over all thresholds' },
  f1_regret: { compute: f1Regret, direction: 'lower', description: 'best F1 minus F1 at the stated threshold' },
  precision_at_top: { compute: precisionAtTop, direction: 'higher', description: 'precision in the top 5% by probability' },
};

export type MetricResults = { [K in MetricName]: MetricResult<MetricDetailsByName[K]> };

/** Run one metric by name with typed details. */
export function computeMetric<K extends MetricName>(name: K, table: ScoreTable, params: Partial<MetricParams> = {}): MetricResult<MetricDetailsByName[K]> {
  const definition = METRICS[name] as MetricRegistry[K];
  return definition.compute(table, { ...DEFAULT_PARAMS, ...params });
}

/** Run every metric on one table. */
export function computeMetrics(table: ScoreTable, params: Partial<MetricParams> = {}): MetricResults {
  const full = { ...DEFAULT_PARAMS, ...params };
  const out: Partial<Record<MetricName, MetricResult<unknown>>> = {};
  for (const name of METRIC_NAMES) out[name] = METRICS[name].compute(table, full);
  return out as MetricResults;
}
