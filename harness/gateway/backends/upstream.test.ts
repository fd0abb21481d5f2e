import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatOpenAI } from '@langchain/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseModelMap, parsePriceTable } from '../config';
import { startGateway, type Gateway } from '../server';
import { raw, sseData } from '../test-helpers';
import { scrubSecret } from './scrub';
import { waitFor } from '../../../test/test-helpers';

const UPSTREAM_KEY = 'sk-test-UPSTREAMSECRET-0123456789abcdef';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
}

/** A small OpenAI-compatible server that records what it receives. */
function fakeUpstream(received: Received[]): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      received.push({ path: req.url ?? '', headers: req.headers, body });
      const content = JSON.stringify(body.messages ?? '');
      if (req.headers.authorization !== `Bearer ${UPSTREAM_KEY}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'bad key', type: 'invalid_request_error', code: 'invalid_api_key' } }));
        return;
      }
      if (content.includes('trigger-401')) {
        // What OpenAI does: echo (part of) the key in the message.
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { message: `Incorrect API key provided: ${UPSTREAM_KEY}. Also sk-proj-****wxyz.`, type: 'invalid_request_error', code: 'invalid_api_key' } }));
        return;
      }
      if (content.includes('trigger-500')) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`internal trouble with key ${UPSTREAM_KEY}`);
        return;
      }
      if (req.url === '/v1/embeddings') {
        const inputs = Array.isArray(body.input) ? body.input : [body.input];
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            object: 'list',
            model: body.model,
            data: inputs.map((_: unknown, index: number) => ({ object: 'embedding', index, embedding: [0.1, 0.2, 0.3] })),
            usage: { prompt_tokens: 42, total_tokens: 42 },
          }),
        );
        return;
      }
      const echo = content.includes('echo-key') ? `the key is ${UPSTREAM_KEY}` : 'upstream says hello';
      const withUsage = body.model !== 'up-nousage';
      if (body.stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const base = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: body.model };
        for (const piece of echo.split(' ')) res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: `${piece} ` }, finish_reason: null }] })}\n\n`);
        res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
        if (withUsage && body.stream_options?.include_usage) res.write(`data: ${JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: 111, completion_tokens: 7, total_tokens: 118 } })}\n\n`);
        res.end('data: [DONE]\n\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: 'c1',
          object: 'chat.completion',
          created: 1,
          model: body.model,
          choices: [{ index: 0, message: { role: 'assistant', content: echo }, finish_reason: 'stop' }],
          ...(withUsage ? { usage: { prompt_tokens: 111, completion_tokens: 7, total_tokens: 118 } } : {}),
        }),
      );
    });
  });
}

const models = parseModelMap({
  models: {
    'gpt-4o-mini': { kind: 'chat', offline: 'offline-extractive', upstream: 'up-chat' },
    'cheap-chat': { kind: 'chat', offline: 'offline-extractive', upstream: 'up-nousage' },
    'offline-only': { kind: 'chat', offline: 'offline-extractive' },
    'text-embedding-3-small': { kind: 'embedding', offline: 'offline-hashed-tfidf-512', upstream: 'up-embed' },
  },
});
const prices = parsePriceTable({
  models: { 'gpt-4o-mini': { input: 1, output: 2 }, 'cheap-chat': { input: 1, output: 1 }, 'offline-only': { input: 0, output: 0 }, 'text-embedding-3-small': { input: 0.5, output: 0 } },
});

let upstream: Server;
let gw: Gateway;
let dir: string;
const received: Received[] = [];
const clientSaw: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'takehome-up-'));
  upstream = fakeUpstream(received);
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const { port } = upstream.address() as AddressInfo;
  gw = await startGateway({
    backend: 'upstream',
    listen: { port: 0 },
    models,
    prices,
    upstream: { baseURL: `http://127.0.0.1:${port}/v1`, apiKey: UPSTREAM_KEY },
    tracePath: join(dir, 'trace.jsonl'),
  });
});

afterAll(async () => {
  await gw.close();
  await new Promise((r) => upstream.close(r));
  await rm(dir, { recursive: true, force: true });
});

async function post(token: string, path: string, body: unknown) {
  const res = await raw({ port: gw.port!, path, headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  clientSaw.push(res.text, JSON.stringify(res.headers));
  return res;
}

describe('upstream backend', () => {
  it('offers only models with an upstream id', () => {
    expect(gw.models).toEqual(['gpt-4o-mini', 'cheap-chat', 'text-embedding-3-small']);
  });

  it('forwards chat with the upstream key and mapped model, and meters the upstream usage', async () => {
    const run = gw.createRun({ label: 'up' });
    run.setQuestion('q1');
    const res = await post(run.token, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], temperature: 0.2 });
    expect(res.status).toBe(200);
    expect(res.json().choices[0].message.content).toBe('upstream says hello');
    const last = received.at(-1)!;
    expect(last.path).toBe('/v1/chat/completions');
    expect(last.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
    expect(JSON.stringify(last.headers)).not.toContain(run.token);
    expect(last.body).toMatchObject({ model: 'up-chat', temperature: 0.2 });
    expect(run.usage().perQuestion.q1).toMatchObject({ promptTokens: 111, completionTokens: 7 });
    expect(run.usage().costUsd).toBeCloseTo((111 * 1 + 7 * 2) / 1e6, 12);
    run.close();
  });

  it('counts tokens itself when the upstream reports no usage', async () => {
    const run = gw.createRun({ label: 'nousage' });
    const res = await post(run.token, '/v1/chat/completions', { model: 'cheap-chat', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(200);
    const usage = run.usage();
    expect(usage.promptTokens).toBeGreaterThan(0);
    expect(usage.completionTokens).toBe(4); // "upstream says hello" in cl100k_base
    run.close();
  });

  it('passes streaming through; asks upstream for usage but hides it from a client that did not ask', async () => {
    const run = gw.createRun({ label: 'stream' });
    const res = await post(run.token, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true });
    expect(received.at(-1)!.body.stream_options).toEqual({ include_usage: true });
    const events = sseData(res.text);
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('')).toBe('upstream says hello ');
    expect(chunks.some((c) => c.usage)).toBe(false);
    expect(run.usage()).toMatchObject({ promptTokens: 111, completionTokens: 7 });

    const withUsage = await post(run.token, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } });
    expect(sseData(withUsage.text).some((e) => e.includes('"usage"'))).toBe(true);
    run.close();
  });

  it('forwards embeddings with the mapped model and meters upstream usage', async () => {
    const run = gw.createRun({ label: 'embed' });
    const res = await post(run.token, '/v1/embeddings', { model: 'text-embedding-3-small', input: ['a', 'b'] });
    expect(res.json().data).toHaveLength(2);
    expect(received.at(-1)!.body.model).toBe('up-embed');
    expect(run.usage().promptTokens).toBe(42);
    run.close();
  });

  it('scrubs the key from upstream errors and bodies, and maps upstream auth trouble to 502', async () => {
    const run = gw.createRun({ label: 'scrub' });
    const auth = await post(run.token, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'trigger-401' }] });
    expect(auth.status).toBe(502);
    expect(auth.json().error.message).toContain('[redacted]');
    const server = await post(run.token, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'trigger-500' }] });
    expect(server.status).toBe(502);
    const echo = await post(run.token, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'echo-key' }] });
    expect(echo.json().choices[0].message.content).toBe('the key is [redacted]');
    const echoStream = await post(run.token, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'echo-key' }], stream: true });
    expect(echoStream.text).toContain('[redacted]');
    expect(run.usage().errors).toBe(2);
    run.close();
  });

  it('ChatOpenAI works through the upstream backend', async () => {
    const run = gw.createRun({ label: 'lc' });
    const model = new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: run.token, configuration: { baseURL: gw.url }, maxRetries: 0 });
    expect((await model.invoke('hello')).text).toBe('upstream says hello');
    let streamed = '';
    for await (const chunk of await model.stream('hello')) streamed += chunk.text;
    expect(streamed).toBe('upstream says hello ');
    run.close();
  });

  it('never lets the upstream key reach a client or the trace', async () => {
    expect(clientSaw.length).toBeGreaterThan(10);
    for (const text of clientSaw) {
      expect(text).not.toContain(UPSTREAM_KEY);
      expect(text).not.toContain('UPSTREAMSECRET');
    }
    // The trace is written through a buffered stream: wait for the lines, however long the disk takes.
    const lines = async () => (await readFile(join(dir, 'trace.jsonl'), 'utf8')).trim().split('\n').length;
    await waitFor(async () => (await lines()) > 8);
    const trace = await readFile(join(dir, 'trace.jsonl'), 'utf8');
    expect(trace.trim().split('\n').length).toBeGreaterThan(8);
    expect(trace).not.toContain('UPSTREAMSECRET');
  });

  it('answers 502 when the upstream is unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise((r) => closed.close(r));
    const down = await startGateway({ backend: 'upstream', listen: { port: 0 }, models, prices, upstream: { baseURL: `http://127.0.0.1:${port}/v1`, apiKey: UPSTREAM_KEY } });
    const run = down.createRun({ label: 'down' });
    const res = await raw({ port: down.port!, path: '/v1/embeddings', headers: { authorization: `Bearer ${run.token}` }, body: JSON.stringify({ model: 'text-embedding-3-small', input: 'x' }) });
    expect(res.status).toBe(502);
    expect(res.json().error.code).toBe('upstream_unreachable');
    expect(res.text).not.toContain('UPSTREAMSECRET');
    await down.close();
  });

  it('refuses to start without a key', async () => {
    await expect(startGateway({ backend: 'upstream', listen: { port: 0 }, models, prices, upstream: { baseURL: 'http://127.0.0.1:1/v1', apiKey: '' } })).rejects.toThrow(/API key/);
  });
});

describe('scrubSecret', () => {
  it('removes the key, its head and tail, and masked sk- keys', () => {
    expect(scrubSecret(`a ${UPSTREAM_KEY} b`, UPSTREAM_KEY)).toBe('a [redacted] b');
    expect(scrubSecret(`starts ${UPSTREAM_KEY.slice(0, 10)}`, UPSTREAM_KEY)).not.toContain(UPSTREAM_KEY.slice(0, 8));
    expect(scrubSecret('key sk-proj-****abcd here', UPSTREAM_KEY)).toBe('key [redacted] here');
    expect(scrubSecret('nothing secret', UPSTREAM_KEY)).toBe('nothing secret');
  });
});
