export { bootstrapMeanInterval, quantileSorted, type PercentileInterval } from './bootstrap';
export { pearson } from './correlation';
