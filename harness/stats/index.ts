export { bootstrapMeanInterval, quantileSorted } from './bootstrap';
export { pearson } from './correlation';
