import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors';
import { OfflineChatModel } from './chat-model';
import { OfflineEmbeddings } from './embeddings';
import { createChatModel, createEmbeddings, providerKind, readProviderConfig } from './factory';

describe('readProviderConfig', () => {
  it('reads the OpenAI variables, treating empty ones as unset', () => {
    const config = readProviderConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_API_KEY: 'tok', OPENAI_CHAT_MODEL: 'm1', OPENAI_EMBEDDING_MODEL: '' });
    expect(config).toMatchObject({ baseURL: 'http://127.0.0.1:9/v1', apiKey: 'tok', chatModel: 'm1', embeddingModel: 'text-embedding-3-small' });
    expect(providerKind(config)).toBe('openai');
    expect(providerKind(readProviderConfig({ OPENAI_API_KEY: 'sk-real' }))).toBe('offline');
  });

  it('fails closed with a ConfigError naming the field', () => {
    expect(() => readProviderConfig({ OPENAI_BASE_URL: 'not a url' })).toThrow(ConfigError);
    expect(() => readProviderConfig({ OPENAI_BASE_URL: 'not a url' })).toThrow(/baseURL/);
    expect(() => readProviderConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' })).toThrow(/no API key/);
  });
});

describe('createChatModel / createEmbeddings', () => {
  it('return the offline classes without an endpoint', () => {
    expect(createChatModel()).toBeInstanceOf(OfflineChatModel);
    const embeddings = createEmbeddings({ embeddingDimension: 64 });
    expect(embeddings).toBeInstanceOf(OfflineEmbeddings);
    expect((embeddings as OfflineEmbeddings).embedder.dimension).toBe(64);
  });

  it('return ChatOpenAI / OpenAIEmbeddings on the endpoint with the key and model', () => {
    const config = { baseURL: 'http://127.0.0.1:9/v1', apiKey: 'tok', chatModel: 'gpt-4o-mini', embeddingModel: 'text-embedding-3-small' };
    const chat = createChatModel(config);
    expect(chat).toBeInstanceOf(ChatOpenAI);
    expect((chat as ChatOpenAI).model).toBe('gpt-4o-mini');
    const embeddings = createEmbeddings(config);
    expect(embeddings).toBeInstanceOf(OpenAIEmbeddings);
    expect((embeddings as OpenAIEmbeddings).model).toBe('text-embedding-3-small');
  });
});
