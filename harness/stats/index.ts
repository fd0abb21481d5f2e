export { bootstrapMeanInterval, quantileSorted, type PercentileInterval } from './bootstrap';
