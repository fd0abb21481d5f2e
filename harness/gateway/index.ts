export { startGateway } from './server';
export type { QuestionUsage, RunUsage } from './runs';
export { loadModelMap, loadPriceTable, type ModelMap, type PriceTable } from './config';
