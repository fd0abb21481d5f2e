import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayRun } from './runs';
import { startGateway, type Gateway } from './server';
import { raw, ragMessages, rawSocket } from './test-helpers';
import { waitFor } from '../../test/test-helpers';

let gw: Gateway;
let run: GatewayRun;
let port: number;

beforeAll(async () => {
  gw = await startGateway({ backend: 'offline', listen: { port: 0 }, maxBodyBytes: 64 * 1024 });
  port = gw.port!;
  run = gw.createRun({ label: 'fuzz' });
});

afterAll(async () => {
  await gw.close();
});

const headers = () => ({ authorization: `Bearer ${run.token}` });

async function stillServes(): Promise<void> {
  const res = await raw({ port, path: '/v1/embeddings', headers: headers(), body: JSON.stringify({ model: 'text-embedding-3-small', input: 'still alive' }) });
  expect(res.status).toBe(200);
}

const chat = '/v1/chat/completions';
const embed = '/v1/embeddings';
const msg = [{ role: 'user', content: 'hi' }];

describe.each([
  ['not JSON', chat, '{"model": ', 400, 'invalid_json'],
  ['empty body', chat, '', 400, 'invalid_json'],
  ['JSON null', chat, 'null', 400, 'invalid_value'],
  ['JSON array', chat, '[1,2]', 400, 'invalid_value'],
  ['a string', chat, '"hello"', 400, 'invalid_value'],
  ['missing messages', chat, JSON.stringify({ model: 'gpt-4o-mini' }), 400, 'invalid_value'],
  ['empty messages', chat, JSON.stringify({ model: 'gpt-4o-mini', messages: [] }), 400, 'invalid_value'],
  ['bad role', chat, JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'robot', content: 'x' }] }), 400, 'invalid_value'],
  ['content a number', chat, JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 5 }] }), 400, 'invalid_value'],
  ['model a number', chat, JSON.stringify({ model: 4, messages: msg }), 400, 'invalid_value'],
  ['stream a string', chat, JSON.stringify({ model: 'gpt-4o-mini', messages: msg, stream: 'yes' }), 400, 'invalid_value'],
  ['negative max_tokens', chat, JSON.stringify({ model: 'gpt-4o-mini', messages: msg, max_tokens: -1 }), 400, 'invalid_value'],
  ['n too large', chat, JSON.stringify({ model: 'gpt-4o-mini', messages: msg, n: 1000 }), 400, 'invalid_value'],
  ['deep nesting', chat, `${'['.repeat(5000)}${']'.repeat(5000)}`, 400, 'invalid_value'],
  ['__proto__ key', chat, '{"__proto__": {"admin": true}, "model": "gpt-4o-mini"}', 400, 'invalid_value'],
  ['embedding input missing', embed, JSON.stringify({ model: 'text-embedding-3-small' }), 400, 'invalid_value'],
  ['embedding input empty string', embed, JSON.stringify({ model: 'text-embedding-3-small', input: '' }), 400, 'invalid_value'],
  ['embedding input empty array', embed, JSON.stringify({ model: 'text-embedding-3-small', input: [] }), 400, 'invalid_value'],
  ['embedding input mixed', embed, JSON.stringify({ model: 'text-embedding-3-small', input: ['a', 1] }), 400, 'invalid_value'],
  ['embedding input object', embed, JSON.stringify({ model: 'text-embedding-3-small', input: { a: 1 } }), 400, 'invalid_value'],
  ['embedding bad token id', embed, JSON.stringify({ model: 'text-embedding-3-small', input: [-1] }), 400, 'invalid_value'],
  ['embedding huge dimensions', embed, JSON.stringify({ model: 'text-embedding-3-small', input: 'x', dimensions: 1e9 }), 400, 'invalid_value'],
  ['embedding bad format', embed, JSON.stringify({ model: 'text-embedding-3-small', input: 'x', encoding_format: 'hex' }), 400, 'invalid_value'],
  ['invalid UTF-8', embed, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 400, 'invalid_json'],
])('bad input: %s', (_name, path, body, status, code) => {
  it(`answers ${status} ${code} in OpenAI error format and keeps serving`, async () => {
    const res = await raw({ port, path, headers: headers(), body });
    expect(res.status).toBe(status);
    const error = res.json().error;
    expect(error).toMatchObject({ code, type: 'invalid_request_error' });
    expect(typeof error.message).toBe('string');
    await stillServes();
  });
});

describe('wrong method, path and headers', () => {
  it.each([
    ['GET', chat, 405],
    ['PUT', embed, 405],
    ['POST', '/v1/models', 405],
    ['POST', '/v1/completions', 404],
    ['GET', '/', 404],
    ['GET', '/v1/../../etc/passwd', 404],
    ['GET', '/v1/models/%E0%A4%A', 404],
  ])('%s %s -> %i', async (method, path, status) => {
    const res = await raw({ port, method, path, headers: headers(), ...(method === 'GET' ? {} : { body: '{}' }) });
    expect(res.status).toBe(status);
    expect(res.json().error.message).toEqual(expect.any(String));
  });

  it('answers 400 to a malformed HTTP request line', async () => {
    const reply = await rawSocket(port, 'THIS IS NOT HTTP\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    await stillServes();
  });
});

describe('size cap', () => {
  it('answers 413 to a declared oversize body, before reading it', async () => {
    const reply = await rawSocket(port, `POST ${embed} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${run.token}\r\ncontent-type: application/json\r\ncontent-length: 10000000\r\n\r\n{"model":`);
    expect(reply).toMatch(/^HTTP\/1\.1 413/);
    expect(reply).toContain('request_too_large');
    await stillServes();
  });

  it('answers 413 to a chunked body that grows past the cap', async () => {
    const res = await raw({
      port,
      path: embed,
      headers: { ...headers(), 'transfer-encoding': 'chunked' },
      body: JSON.stringify({ model: 'text-embedding-3-small', input: 'x'.repeat(100_000) }),
    }).catch((error: Error) => error);
    // The server may close the connection while the client still writes; either way it must not accept the body.
    if (!(res instanceof Error)) expect(res.status).toBe(413);
    await stillServes();
  });
});

describe('clients that go away', () => {
  it('survives connections aborted mid-body', async () => {
    const before = run.usage().errors;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        rawSocket(
          port,
          `POST ${chat} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${run.token}\r\ncontent-type: application/json\r\ncontent-length: 5000\r\n\r\n{"model":"gpt-4o-mini","mess`,
          100,
          true,
        ),
      ),
    );
    await stillServes();
    // Each aborted request is metered as an error (client_closed), none is lost.
    await waitFor(() => run.usage().errors >= before + 10);
    expect(run.usage().errors).toBeGreaterThanOrEqual(before + 10);
  });

  it('survives a client that disconnects mid-stream', async () => {
    const long = Array.from({ length: 400 }, (_, i) => `Fact ${i}: the refund window for plan ${i} is ${i} days.`).join(' ');
    const body = JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: `Context: ${long}\nQuestion: What is the refund window for plan 7?` }] });
    await Promise.all(
      Array.from(
        { length: 5 },
        () =>
          new Promise<void>((resolve) => {
            const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: chat, headers: { ...headers(), 'content-type': 'application/json' }, agent: false }, (res) => {
              res.once('data', () => {
                req.destroy();
                resolve();
              });
            });
            req.on('error', () => resolve());
            req.end(body);
          }),
      ),
    );
    await stillServes();
  });

  it('survives a connection that sends nothing and one that sends half a header', async () => {
    await Promise.all([rawSocket(port, '', 50, true), rawSocket(port, 'POST /v1/embeddings HTTP/1.1\r\nauthoriz', 50, true)]);
    await stillServes();
  });
});

describe('hostile but well-formed bodies', () => {
  it('meters a near-cap body of one unbroken run without stalling', async () => {
    const res = await raw({
      port,
      path: chat,
      headers: headers(),
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Context: ${'語'.repeat(20_000)}\nQuestion: what?` }] }),
    });
    expect(res.status).toBe(200);
    expect(res.json().usage.prompt_tokens).toBeGreaterThan(20_000);
  });

  it('answers many concurrent requests correctly', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        raw({
          port,
          path: chat,
          headers: headers(),
          body: JSON.stringify({ model: 'gpt-4o-mini', messages: ragMessages(i % 2 ? 'What is the uptime objective?' : 'How long is the refund window?') }),
        }),
      ),
    );
    results.forEach((res, i) => expect(res.json().choices[0].message.content).toContain(i % 2 ? '99.9%' : '30 days'));
  });
});
