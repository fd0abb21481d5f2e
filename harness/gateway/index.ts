export { startGateway } from './server';
export type { Budget, QuestionUsage, RunUsage } from './runs';
export { loadModelMap, loadPriceTable, type ModelMap, type PriceTable } from './config';
