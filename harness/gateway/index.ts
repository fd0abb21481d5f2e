export { startGateway, type Gateway, type GatewayOptions, type GatewayListen } from './server';
export { GatewayRun, MAX_CALLS_KEPT, type Budget, type BudgetStatus, type CreateRunOptions, type QuestionUsage, type RunUsage, type UsageTotals } from './runs';
export type { TraceEntry } from './trace';
export {
  loadModelMap,
  loadPriceTable,
  parseModelMap,
  parsePriceTable,
  checkPricesCoverModels,
  costUsd,
  DEFAULT_MODELS_FILE,
  DEFAULT_PRICES_FILE,
  type ModelMap,
  type ModelEntry,
  type PriceTable,
  type Price,
} from './config';
export { GatewayHttpError } from './openai-errors';
export type { UpstreamOptions } from './backends/upstream';
export { offlineChatCompletion, offlineEmbeddingResponse, embedderCache } from './backends/offline';
