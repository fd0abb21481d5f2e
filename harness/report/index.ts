export { renderHtmlReport } from './html';
export { renderMarkdownReport } from './markdown';
export { renderComparisonTable } from './table';
export type { ReportOptions } from './verdict';
export { writeGradeOutputs } from './write';
