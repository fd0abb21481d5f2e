/**
 * Metrics of the ML grader: pure functions over a ScoreTable built once by
 * prepareScores, a typed registry, and a stratified bootstrap. Definitions:
 * graders/ml/metrics/README.md.
 */
export { prepareScores, type PreparedScores } from './prepare';
export { averagePrecision, averagePrecisionLift, bestF1, f1AtThreshold, f1Regret, precisionAtTop, reviewBudget, rocAuc } from './ranking';
export { brier, brierSkill, logLoss } from './probabilistic';
export { calibrationInTheLarge, eceQuantile, eceUniform, eceWithEdges, quantileEdges, uniformEdges } from './calibration';
export { computeMetric, computeMetrics, METRICS, type MetricResults } from './registry';
export {
  bootstrapMethod,
  bootstrapMetrics,
  resampleInto,
  type BootstrapInterval,
  type BootstrapMetric,
  type BootstrapOptions,
  type BootstrapResult,
} from './bootstrap';
export * from './types';
export { toScorecardMetric, toScorecardMetrics } from './scorecard';
