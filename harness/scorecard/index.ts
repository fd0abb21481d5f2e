export * from './schema';
export { parseScorecard, readScorecard, stableStringify, writeScorecard } from './io';
