import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';

/** Every model call goes through OPENAI_BASE_URL (the grading gateway, or a real provider). */
const configuration = { baseURL: process.env.OPENAI_BASE_URL };
const apiKey = process.env.OPENAI_API_KEY ?? 'missing';

export const embeddings = new OpenAIEmbeddings({ model: process.env.EMBEDDING_MODEL ?? 'text-embedding-3-small', apiKey, configuration, batchSize: 128 });
export const chat = new ChatOpenAI({ model: process.env.CHAT_MODEL ?? 'gpt-4o-mini', temperature: 0, apiKey, configuration, maxRetries: 1 });
