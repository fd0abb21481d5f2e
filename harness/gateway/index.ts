export { startGateway } from './server';
export type { RunUsage } from './runs';
export { loadModelMap, loadPriceTable, type ModelMap, type PriceTable } from './config';
