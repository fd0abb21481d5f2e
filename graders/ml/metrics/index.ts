/**
 * Metrics of the ML grader: pure functions over a ScoreTable built once by
 * prepareScores, a typed registry, and a stratified bootstrap. Definitions:
 * graders/ml/metrics/README.md.
 */
export { prepareScores, type PreparedScores } from './prepare';
export { reviewBudget } from './ranking';
export { quantileEdges, uniformEdges } from './calibration';
export { computeMetric, computeMetrics, METRICS } from './registry';
export { bootstrapMetrics, resampleInto } from './bootstrap';
export * from './types';
export { toScorecardMetrics } from './scorecard';
export { type CurveEvidence, curveEvidence } from './curves';
