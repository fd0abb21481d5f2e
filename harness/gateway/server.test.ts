import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from './server';
import { raw, ragMessages, sseData } from './test-helpers';
import { waitFor } from '../../test/test-helpers';

let dir: string;
let gw: Gateway;
let port: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'takehome-gw-'));
  gw = await startGateway({ backend: 'offline', listen: { port: 0, host: '127.0.0.1' }, tracePath: join(dir, 'trace.jsonl') });
  port = gw.port!;
});

afterAll(async () => {
  await gw.close();
  await rm(dir, { recursive: true, force: true });
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe('gateway over TCP, offline backend', () => {
  it('listens on a free port and reports its URL', () => {
    expect(gw.url).toBe(`http://127.0.0.1:${port}/v1`);
    expect(gw.models).toContain('gpt-4o-mini');
  });

  it('answers 401 in OpenAI error format without a token or with an unknown one', async () => {
    for (const headers of [{}, auth('thk_nope'), { authorization: 'Basic abc' }]) {
      const res = await raw({ port, path: '/v1/models', method: 'GET', headers });
      expect(res.status).toBe(401);
      expect(res.json()).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
    }
  });

  it('lists the allowed models and one model', async () => {
    const run = gw.createRun({ label: 'models' });
    const list = await raw({ port, path: '/v1/models', method: 'GET', headers: auth(run.token) });
    expect(list.json().data.map((m: { id: string }) => m.id)).toEqual(gw.models);
    expect((await raw({ port, path: '/v1/models/gpt-4o-mini', method: 'GET', headers: auth(run.token) })).json()).toMatchObject({ id: 'gpt-4o-mini', object: 'model' });
    expect((await raw({ port, path: '/v1/models/gpt-9', method: 'GET', headers: auth(run.token) })).status).toBe(404);
    run.close();
  });

  it('answers a chat completion with usage, and meters it per question', async () => {
    const run = gw.createRun({ label: 'chat' });
    run.setQuestion('q1');
    const res = await raw({ port, path: '/v1/chat/completions', headers: auth(run.token), body: JSON.stringify({ model: 'gpt-4o-mini', messages: ragMessages('How long is the refund window?') }) });
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ object: 'chat.completion', model: 'gpt-4o-mini', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant' } }] });
    expect(body.choices[0].message.content).toContain('30 days');
    expect(body.choices[0].message.content).toContain('[billing-02]');
    const usage = run.usage();
    expect(usage.perQuestion.q1).toMatchObject({ requests: 1, promptTokens: body.usage.prompt_tokens, completionTokens: body.usage.completion_tokens });
    expect(usage.perQuestion.q1!.latencyMs).toHaveLength(1);
    expect(usage.perQuestion.q1!.calls[0]).toMatchObject({ question: 'q1', model: 'gpt-4o-mini', backendModel: 'offline-extractive', status: 200 });
    // gpt-4o-mini: $0.15 / 1M input, $0.60 / 1M output (prices.yaml).
    expect(usage.costUsd).toBeCloseTo((body.usage.prompt_tokens * 0.15 + body.usage.completion_tokens * 0.6) / 1e6, 12);
    run.close();
  });

  it('streams server-sent events in the chunk format, with usage when asked, ending with [DONE]', async () => {
    const run = gw.createRun({ label: 'stream' });
    const body = { model: 'gpt-4o-mini', messages: ragMessages('What is the uptime objective?'), stream: true, stream_options: { include_usage: true } };
    const res = await raw({ port, path: '/v1/chat/completions', headers: auth(run.token), body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    const events = sseData(res.text);
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    const text = chunks.flatMap((c) => c.choices.map((ch: { delta: { content?: string } }) => ch.delta.content ?? '')).join('');
    expect(text).toContain('99.9%');
    const last = chunks.at(-1);
    expect(last.choices).toEqual([]);
    expect(last.usage.total_tokens).toBe(last.usage.prompt_tokens + last.usage.completion_tokens);
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');

    const plain = await raw({ port, path: '/v1/chat/completions', headers: auth(run.token), body: JSON.stringify({ ...body, stream_options: undefined }) });
    const plainChunks = sseData(plain.text)
      .slice(0, -1)
      .map((e) => JSON.parse(e));
    expect(plainChunks.some((c) => 'usage' in c)).toBe(false);
    expect(run.usage().requests).toBe(2);
    run.close();
  });

  it('embeds string and array input as float and base64, the same vectors either way', async () => {
    const run = gw.createRun({ label: 'embed' });
    const post = (body: unknown) => raw({ port, path: '/v1/embeddings', headers: auth(run.token), body: JSON.stringify(body) });
    const single = (await post({ model: 'text-embedding-3-small', input: 'refund window' })).json();
    expect(single.data).toHaveLength(1);
    expect(single.data[0].embedding).toHaveLength(512);
    expect(single.usage).toEqual({ prompt_tokens: 2, total_tokens: 2 });
    const batch = (await post({ model: 'text-embedding-3-small', input: ['refund window', 'uptime'], encoding_format: 'base64' })).json();
    const decoded = Array.from(new Float32Array(Uint8Array.from(Buffer.from(batch.data[0].embedding, 'base64')).buffer));
    expect(decoded).toHaveLength(512);
    decoded.forEach((x, i) => expect(x).toBeCloseTo(single.data[0].embedding[i], 6));
    expect(batch.data.map((d: { index: number }) => d.index)).toEqual([0, 1]);
    const small = (await post({ model: 'text-embedding-3-small', input: 'refund', dimensions: 64 })).json();
    expect(small.data[0].embedding).toHaveLength(64);
    const tokens = (await post({ model: 'text-embedding-3-small', input: [15339, 1917] })).json();
    expect(tokens.usage.prompt_tokens).toBe(2);
    expect(run.usage().unattributed.requests).toBe(4);
    run.close();
  });

  it('rejects a chat model on the embeddings endpoint and an unlisted model, listing the allowed names', async () => {
    const run = gw.createRun({ label: 'models-bad' });
    const wrongKind = await raw({ port, path: '/v1/embeddings', headers: auth(run.token), body: JSON.stringify({ model: 'gpt-4o-mini', input: 'x' }) });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.json().error.message).toContain('text-embedding-3-small');
    const unknown = await raw({ port, path: '/v1/chat/completions', headers: auth(run.token), body: JSON.stringify({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(unknown.status).toBe(404);
    expect(unknown.json().error).toMatchObject({ code: 'model_not_found', param: 'model' });
    expect(unknown.json().error.message).toContain('gpt-4o-mini');
    expect(run.usage()).toMatchObject({ requests: 2, errors: 2, rejected: 0 });
    run.close();
  });

  it('enforces a token budget with 429 budget_exhausted, counted as rejected', async () => {
    const run = gw.createRun({ label: 'budget', budget: { tokens: 50 } });
    const body = JSON.stringify({ model: 'gpt-4o-mini', messages: ragMessages('How long is the refund window?') });
    const first = await raw({ port, path: '/v1/chat/completions', headers: auth(run.token), body });
    expect(first.status).toBe(200);
    const second = await raw({ port, path: '/v1/chat/completions', headers: auth(run.token), body });
    expect(second.status).toBe(429);
    expect(second.headers['x-should-retry']).toBe('false');
    expect(second.json().error).toMatchObject({ code: 'budget_exhausted', type: 'insufficient_quota' });
    const usage = run.usage();
    expect(usage).toMatchObject({ requests: 2, rejected: 1 });
    expect(usage.budget).toMatchObject({ tokens: 50, remainingTokens: 0, exhausted: true });
    run.close();
  });

  it('enforces a cost budget', async () => {
    const run = gw.createRun({ label: 'usd', budget: { costUsd: 0.0000001 } });
    const body = JSON.stringify({ model: 'text-embedding-3-small', input: 'a few words to embed here' });
    expect((await raw({ port, path: '/v1/embeddings', headers: auth(run.token), body })).status).toBe(200);
    expect((await raw({ port, path: '/v1/embeddings', headers: auth(run.token), body })).status).toBe(429);
    run.close();
  });

  it('invalidates a closed run token', async () => {
    const run = gw.createRun({ label: 'closing' });
    expect((await raw({ port, path: '/v1/models', method: 'GET', headers: auth(run.token) })).status).toBe(200);
    run.close();
    expect((await raw({ port, path: '/v1/models', method: 'GET', headers: auth(run.token) })).status).toBe(401);
    expect(run.usage().requests).toBe(1);
  });

  it('traces one JSON line per request, never the token', async () => {
    const run = gw.createRun({ label: 'traced' });
    run.setQuestion('q9');
    const body = JSON.stringify({ model: 'text-embedding-3-small', input: 'trace me' });
    await raw({ port, path: '/v1/embeddings', headers: auth(run.token), body });
    const tracePath = join(dir, 'trace.jsonl');
    // The trace is written through a buffered stream: wait for the line, however long the disk takes.
    let lines: string[] = [];
    await waitFor(async () => {
      lines = (await readFile(tracePath, 'utf8')).trim().split('\n');
      return lines.some((l) => l.includes('"q9"'));
    });
    const entry = JSON.parse(lines.find((l) => l.includes('"q9"'))!);
    expect(entry).toMatchObject({ run: 'traced', question: 'q9', endpoint: '/v1/embeddings', model: 'text-embedding-3-small', status: 200, promptTokens: 2 });
    const { createHash } = await import('node:crypto');
    expect(entry.requestSha256).toBe(createHash('sha256').update(body).digest('hex'));
    expect(await readFile(tracePath, 'utf8')).not.toContain(run.token);
    run.close();
  });
});

describe('gateway over a Unix socket', () => {
  it('serves the same API on a socket path and removes a stale socket', async () => {
    const socketPath = join(dir, 'gw.sock');
    const first = await startGateway({ backend: 'offline', listen: { socketPath } });
    expect(first.url).toBe(socketPath);
    const run = first.createRun({ label: 'sock' });
    const res = await raw({ socketPath, path: '/v1/embeddings', headers: auth(run.token), body: JSON.stringify({ model: 'text-embedding-3-small', input: 'hello' }) });
    expect(res.status).toBe(200);
    expect((await raw({ socketPath, path: '/v1/models', method: 'GET' })).status).toBe(401);
    await first.close();
    // A second gateway on the same path starts even if a socket file was left behind.
    const second = await startGateway({ backend: 'offline', listen: { socketPath } });
    expect((await stat(socketPath)).isSocket()).toBe(true);
    await second.close();
  });
});
