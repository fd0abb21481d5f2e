/**
 * Candidates of one exercise side by side (`takehome compare`): rubric levels
 * and totals, how sure each difference is, interviewer agreement and code
 * similarity, rendered for a terminal, JSON, CSV and one static HTML page.
 * Engine layer: reads scorecards (and submission folders, for similarity) only.
 */
export { buildComparison, scorecardsByName } from './build';
export { comparisonCsv, comparisonJson } from './export';
export { renderComparisonHtml } from './html';
export { loadResults } from './load';
export { COMPARISON_SCHEMA, type CompareInput } from './model';
export { pseudonymsFor } from './pseudonym';
export { findSimilarSubmissions, type SimilarityResult } from './similarity';
export { renderComparisonTerminal } from './table';
