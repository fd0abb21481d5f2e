export { renderHtmlReport } from './html';
export { renderMarkdownReport } from './markdown';
export { renderComparisonTable } from './table';
export { writeGradeOutputs } from './write';
