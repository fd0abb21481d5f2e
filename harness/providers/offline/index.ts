export { OfflineEmbedder, cosineSimilarity, DEFAULT_EMBEDDING_DIMENSION, MAX_EMBEDDING_DIMENSION, type OfflineEmbedderOptions } from './embedder';
export { ExtractiveChat, findQuestion, REFUSAL, type ChatMessageText, type ExtractiveAnswer, type ExtractiveChatOptions } from './extractive';
export { countTokens, countChatTokens, truncateToTokens, decodeTokens, type CountableMessage } from './tokens';
export { splitContext, splitSentences, type ContextUnit } from './units';
export { completeOffline, streamPieces, type OfflineCompletion, type OfflineCompletionOptions } from './complete';
