import type { Embeddings } from '@langchain/core/embeddings';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import { z } from 'zod';
import { ConfigError } from '../errors';
import { OfflineChatModel } from './chat-model';
import { OfflineEmbeddings } from './embeddings';

export const DEFAULT_CHAT_MODEL = 'gpt-4o-mini';
export const DEFAULT_EMBEDDING_MODEL = 'text-embedding-3-small';

export const ProviderConfigSchema = z.strictObject({
  /** An OpenAI-compatible endpoint (the gateway, in a graded run). Absent: the offline models. */
  baseURL: z.url({ protocol: /^https?$/ }).optional(),
  apiKey: z.string().min(1).optional(),
  chatModel: z.string().min(1).default(DEFAULT_CHAT_MODEL),
  embeddingModel: z.string().min(1).default(DEFAULT_EMBEDDING_MODEL),
  /** Passed to ChatOpenAI only when set (reasoning models reject anything but the default). */
  temperature: z.number().min(0).max(2).optional(),
  /** Offline vector length, or OpenAI's `dimensions` for text-embedding-3 models. */
  embeddingDimension: z.number().int().min(1).max(8192).optional(),
  maxRetries: z.number().int().min(0).max(10).default(2),
});

export type ProviderConfigInput = z.input<typeof ProviderConfigSchema>;
export type ProviderConfig = z.output<typeof ProviderConfigSchema>;

export type ProviderEnv = Readonly<Record<string, string | undefined>>;

/**
 * Provider config from the environment a submission runs in:
 * OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_CHAT_MODEL, OPENAI_EMBEDDING_MODEL.
 * Empty values count as unset.
 */
export function readProviderConfig(env: ProviderEnv = process.env): ProviderConfig {
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  return parseProviderConfig(
    {
      baseURL: get('OPENAI_BASE_URL'),
      apiKey: get('OPENAI_API_KEY'),
      chatModel: get('OPENAI_CHAT_MODEL'),
      embeddingModel: get('OPENAI_EMBEDDING_MODEL'),
    },
    'the environment (OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_CHAT_MODEL, OPENAI_EMBEDDING_MODEL)',
  );
}

export function parseProviderConfig(input: ProviderConfigInput, source = 'provider config'): ProviderConfig {
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const parsed = ProviderConfigSchema.safeParse(defined);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`, {
      hint: 'set baseURL to an http(s) URL ending in /v1 (or leave it unset for the offline models)',
    });
  }
  if (parsed.data.baseURL && !parsed.data.apiKey) {
    throw new ConfigError(`${source}: an endpoint is configured (${parsed.data.baseURL}) but no API key`, {
      hint: 'set OPENAI_API_KEY (in a graded run, the gateway token the harness hands you)',
    });
  }
  return parsed.data;
}

/** Whether the factories will talk to an endpoint or use the offline models. */
export function providerKind(config: ProviderConfig): 'offline' | 'openai' {
  return config.baseURL ? 'openai' : 'offline';
}

/**
 * The chat model: ChatOpenAI on the configured endpoint, or the offline
 * extractive baseline when no endpoint is configured (never the public
 * OpenAI API by default, even when a key is set).
 */
export function createChatModel(input: ProviderConfigInput = {}): BaseChatModel {
  const config = parseProviderConfig(input);
  if (!config.baseURL) return new OfflineChatModel();
  return new ChatOpenAI({
    model: config.chatModel,
    apiKey: config.apiKey!,
    maxRetries: config.maxRetries,
    ...(config.temperature === undefined ? {} : { temperature: config.temperature }),
    configuration: { baseURL: config.baseURL },
  });
}

/** The embeddings: OpenAIEmbeddings on the configured endpoint, or the offline hashed TF-IDF embedder. */
export function createEmbeddings(input: ProviderConfigInput = {}): Embeddings {
  const config = parseProviderConfig(input);
  if (!config.baseURL) return new OfflineEmbeddings(config.embeddingDimension === undefined ? {} : { dimension: config.embeddingDimension });
  return new OpenAIEmbeddings({
    model: config.embeddingModel,
    apiKey: config.apiKey!,
    maxRetries: config.maxRetries,
    ...(config.embeddingDimension === undefined ? {} : { dimensions: config.embeddingDimension }),
    configuration: { baseURL: config.baseURL },
  });
}
