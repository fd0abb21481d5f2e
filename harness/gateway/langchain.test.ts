import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatModel, createEmbeddings } from '../providers/factory';
import { OfflineEmbedder } from '../providers/offline/embedder';
import { startGateway, type Gateway } from './server';
import { CONTEXT } from './test-helpers';

let gw: Gateway;

beforeAll(async () => {
  gw = await startGateway({ backend: 'offline', listen: { port: 0 } });
});

afterAll(async () => {
  await gw.close();
});

const messages = [new SystemMessage(`Answer from the context.\n${CONTEXT}`), new HumanMessage('How long is the refund window on the Pro plan?')];

describe('@langchain/openai clients through the gateway', () => {
  it('ChatOpenAI invoke gets the offline answer with usage, metered on the run', async () => {
    const run = gw.createRun({ label: 'lc-chat' });
    run.setQuestion('q1');
    const model = new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: run.token, configuration: { baseURL: gw.url }, maxRetries: 0 });
    const reply = await model.invoke(messages);
    expect(reply.text).toContain('30 days');
    expect(reply.usage_metadata?.input_tokens).toBeGreaterThan(10);
    expect(run.usage().perQuestion.q1).toMatchObject({ requests: 1, promptTokens: reply.usage_metadata?.input_tokens });
    run.close();
  });

  it('ChatOpenAI stream yields the same text, with streamed usage', async () => {
    const run = gw.createRun({ label: 'lc-stream' });
    const model = new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: run.token, configuration: { baseURL: gw.url }, maxRetries: 0, streamUsage: true });
    const whole = await model.invoke(messages);
    let text = '';
    let total = 0;
    let chunks = 0;
    for await (const chunk of await model.stream(messages)) {
      text += chunk.text;
      chunks += 1;
      total = chunk.usage_metadata?.total_tokens ?? total;
    }
    expect(chunks).toBeGreaterThan(3);
    expect(text).toBe(whole.text);
    expect(total).toBe(whole.usage_metadata?.total_tokens);
    expect(run.usage().requests).toBe(2);
    expect(run.usage().unattributed.calls.map((c) => c.stream)).toEqual([false, true]);
    run.close();
  });

  it('OpenAIEmbeddings (base64 on the wire by default) gets the offline vectors', async () => {
    const run = gw.createRun({ label: 'lc-embed' });
    const embeddings = new OpenAIEmbeddings({ model: 'text-embedding-3-small', apiKey: run.token, configuration: { baseURL: gw.url }, maxRetries: 0 });
    const [doc] = await embeddings.embedDocuments(['refund within 30 days']);
    const query = await embeddings.embedQuery('refund within 30 days');
    const local = new OfflineEmbedder().embed('refund within 30 days');
    expect(doc).toHaveLength(512);
    doc!.forEach((x, i) => expect(x).toBeCloseTo(local[i]!, 6));
    expect(query).toEqual(doc);
    expect(run.usage().requests).toBe(2);
    run.close();
  });

  it('a spent budget stops ChatOpenAI at once (no retry storm)', async () => {
    const run = gw.createRun({ label: 'lc-budget', budget: { tokens: 1 } });
    const model = new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: run.token, configuration: { baseURL: gw.url } });
    await model.invoke(messages);
    await expect(model.invoke(messages)).rejects.toThrow(/budget exhausted/i);
    // LangChain's default is 6 retries with backoff; the gateway's 429 must make it give up after one.
    expect(run.usage()).toMatchObject({ requests: 2, rejected: 1 });
    run.close();
  });

  it('a bad token fails with an authentication error', async () => {
    const model = new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: 'thk_wrong', configuration: { baseURL: gw.url }, maxRetries: 0 });
    await expect(model.invoke('hi')).rejects.toThrow(/401|API key/i);
  });

  it('the provider factory, pointed at the gateway, uses it', async () => {
    const run = gw.createRun({ label: 'factory' });
    const config = { baseURL: gw.url, apiKey: run.token };
    const reply = await createChatModel(config).invoke(messages);
    expect(reply.text).toContain('30 days');
    expect(await createEmbeddings(config).embedQuery('uptime')).toHaveLength(512);
    expect(run.usage().requests).toBe(2);
    run.close();
  });
});
