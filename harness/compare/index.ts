/**
 * Candidates of one exercise side by side (`takehome compare`): rubric levels
 * and totals, how sure each difference is, interviewer agreement and code
 * similarity, rendered for a terminal, JSON, CSV and one static HTML page.
 * Engine layer: reads scorecards (and submission folders, for similarity) only.
 */
export { ALPHA_CALIBRATE, interviewerAgreement } from './agreement';
export { buildComparison, type CompareOptions, scorecardsByName } from './build';
export { comparisonCsv, comparisonJson } from './export';
export { renderComparisonHtml } from './html';
export { loadResults, type LoadedResults } from './load';
export { COMPARISON_SCHEMA, type CompareInput, type Comparison, type ComparisonRow, type PairComparison } from './model';
export { pseudonymsFor } from './pseudonym';
export { findSimilarSubmissions, type SimilarityResult, type SimilaritySubmission } from './similarity';
export { renderComparisonTerminal, TERMINAL_WIDTH } from './table';
