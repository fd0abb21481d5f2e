export { OfflineChatModel, toChatMessages, type OfflineChatModelParams, type OfflineChatModelCallOptions } from './chat-model';
export { OfflineEmbeddings, type OfflineEmbeddingsParams } from './embeddings';
export {
  createChatModel,
  createEmbeddings,
  readProviderConfig,
  parseProviderConfig,
  providerKind,
  ProviderConfigSchema,
  DEFAULT_CHAT_MODEL,
  DEFAULT_EMBEDDING_MODEL,
  type ProviderConfig,
  type ProviderConfigInput,
  type ProviderEnv,
} from './factory';
export * from './offline';
