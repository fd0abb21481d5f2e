/**
 * The harness's statistics, one implementation each (README.md lists them):
 * quantiles, ranks, ROC AUC, correlation, bootstrap resampling and intervals,
 * a small logistic regression, inter-rater agreement and paired comparisons. Engine layer: imports harness/secrets only.
 */
export { median, quantileSorted, quantilesOfGroups } from './quantile';
export { averageRanks } from './ranks';
export { groupByScore, type ScoreGroups } from './groups';
export { mannWhitneyPairs, rocAuc } from './auc';
export { pearson, spearman, spearmanPermutation } from './correlation';
export { drawIntoGroups, resampleStrata } from './resample';
export { bootstrapMeanInterval, bootstrapStatisticInterval, percentileInterval, stratifiedBootstrap, type PercentileInterval } from './bootstrap';
export { cohenKappa, krippendorffAlpha } from './agreement';
export { type DifferenceEstimate, independentDifference, pairedBootstrapDifference } from './paired';
export { fitLogistic, logit, predictLogit, sigmoid } from './logistic';
export { compareEstimate, type EstimateComparison, type EstimateDirection, type HiddenScore } from './estimate';
