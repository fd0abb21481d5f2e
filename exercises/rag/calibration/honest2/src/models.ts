import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';

// Every model call must go through OPENAI_BASE_URL: at grading time it is the
// harness's metering gateway, and no other network address is reachable.
const baseURL = process.env.OPENAI_BASE_URL;
const apiKey = process.env.OPENAI_API_KEY ?? 'not-set';

/** Chat model. The gateway allows gpt-4o-mini and gpt-4.1-mini (see README.md). */
export function chatModel(): ChatOpenAI {
  return new ChatOpenAI({ model: process.env.CHAT_MODEL ?? 'gpt-4o-mini', temperature: 0, apiKey, configuration: { baseURL }, maxRetries: 1 });
}

/** Embedding model, for when you add retrieval. */
export function embeddingModel(): OpenAIEmbeddings {
  return new OpenAIEmbeddings({ model: process.env.EMBEDDING_MODEL ?? 'text-embedding-3-small', apiKey, configuration: { baseURL } });
}
