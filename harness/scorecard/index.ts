export * from './schema';
export { parseScorecard, readScorecard, stableStringify, writeScorecard } from './io';
export { boundScorecard, SCORECARD_BOUNDS } from './bound';
