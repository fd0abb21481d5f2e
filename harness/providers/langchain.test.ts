import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { describe, expect, it } from 'vitest';
import { OfflineChatModel } from './chat-model';
import { OfflineEmbeddings } from './embeddings';
import { REFUSAL } from './offline/extractive';

const CONTEXT = '[billing-02] Refunds\nCustomers may request a refund within 30 days of purchase.\n\n[ops-03] Uptime\nThe uptime objective is 99.9% per month.';

describe('OfflineEmbeddings through LangChain', () => {
  const embeddings = new OfflineEmbeddings({ dimension: 128 });

  it('embedDocuments and embedQuery agree and have the configured dimension', async () => {
    const [doc] = await embeddings.embedDocuments(['refund within 30 days']);
    const query = await embeddings.embedQuery('refund within 30 days');
    expect(doc).toHaveLength(128);
    expect(query).toEqual(doc);
    expect(embeddings.model).toBe('offline-hashed-tfidf-128');
  });

  it('embeds a batch in order', async () => {
    const vectors = await embeddings.embedDocuments(['alpha', 'beta', 'alpha']);
    expect(vectors).toHaveLength(3);
    expect(vectors[0]).toEqual(vectors[2]);
    expect(vectors[0]).not.toEqual(vectors[1]);
  });
});

describe('OfflineChatModel through LangChain', () => {
  const model = new OfflineChatModel();
  const messages = [new SystemMessage('Answer from the context only.'), new HumanMessage(`Context:\n${CONTEXT}\n\nQuestion: How many days do customers have to request a refund?`)];

  it('invoke answers from the context with usage metadata', async () => {
    const reply = await model.invoke(messages);
    expect(reply.text).toContain('within 30 days of purchase');
    expect(reply.text).toContain('[billing-02]');
    expect(reply.usage_metadata?.input_tokens).toBeGreaterThan(20);
    expect(reply.usage_metadata?.output_tokens).toBeGreaterThan(5);
    expect(reply.response_metadata.finish_reason).toBe('stop');
  });

  it('works in a prompt-template chain and refuses off-context questions', async () => {
    const prompt = ChatPromptTemplate.fromMessages([
      ['system', 'Use the context.\n{context}'],
      ['human', '{question}'],
    ]);
    const chain = prompt.pipe(model);
    const good = await chain.invoke({ context: CONTEXT, question: 'What is the uptime objective?' });
    expect(good.text).toContain('99.9%');
    const bad = await chain.invoke({ context: CONTEXT, question: 'Who founded the company?' });
    expect(bad.text).toBe(REFUSAL);
  });

  it('stream yields pieces that join to the invoke answer, with usage on the last chunk', async () => {
    const whole = await model.invoke(messages);
    const pieces: string[] = [];
    let usage: number | undefined;
    for await (const chunk of await model.stream(messages)) {
      pieces.push(chunk.text);
      if (chunk.usage_metadata) usage = chunk.usage_metadata.total_tokens;
    }
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join('')).toBe(whole.text);
    expect(usage).toBe(whole.usage_metadata?.total_tokens);
  });

  it('honours maxTokens and stop', async () => {
    const short = new OfflineChatModel({ maxTokens: 3 });
    const reply = await short.invoke(messages);
    expect(reply.usage_metadata?.output_tokens).toBe(3);
    expect(reply.response_metadata.finish_reason).toBe('length');
    const stopped = await model.invoke(messages, { stop: ['30 days'] });
    expect(stopped.text).not.toContain('30 days');
  });
});
