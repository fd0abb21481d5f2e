// A client that tries to turn the gateway against the grader: responses too big to make, responses
// it never reads, more calls than its budget, many connections at once.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RESPONSE_BYTES } from './backends/offline';
import { sendJsonParts } from './http';
import { startGateway, type Gateway } from './server';
import { raw } from './test-helpers';

let gw: Gateway;
let port: number;

beforeAll(async () => {
  gw = await startGateway({ backend: 'offline', listen: { port: 0 } });
  port = gw.port!;
});

afterAll(async () => {
  await gw.close();
});

const embed = (token: string, body: unknown) => raw({ port, path: '/v1/embeddings', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(body) });

describe('caps', () => {
  it('refuses an embeddings request whose response would pass the cap, before computing it, naming what to change', async () => {
    const run = gw.createRun({ label: 'big' });
    // 2,048 one-word inputs at 8,192 dimensions: ~89 MB base64, ~400 MB as JSON floats.
    const input = Array.from({ length: 2048 }, (_, i) => `w${i}`);
    for (const encoding_format of ['base64', 'float']) {
      const res = await embed(run.token, { model: 'text-embedding-3-small', input, dimensions: 8192, encoding_format });
      expect(res.status).toBe(400);
      expect(res.json().error.code).toBe('response_too_large');
      expect(res.json().error.message).toMatch(/fewer inputs per request, fewer dimensions/);
    }
    // The same inputs at the default dimension are served (a real pipeline's batch).
    const ok = await embed(run.token, { model: 'text-embedding-3-small', input, encoding_format: 'base64' });
    expect(ok.status).toBe(200);
    expect(ok.json().data).toHaveLength(2048);
    expect(ok.text.length).toBeLessThan(MAX_RESPONSE_BYTES);
    expect(run.usage().requests).toBe(3);
  });

  it('refuses more than 2,048 inputs and more than the dimension cap', async () => {
    const run = gw.createRun({ label: 'many' });
    expect((await embed(run.token, { model: 'text-embedding-3-small', input: Array.from({ length: 2049 }, () => 'x') })).status).toBe(400);
    expect((await embed(run.token, { model: 'text-embedding-3-small', input: 'x', dimensions: 8193 })).status).toBe(400);
  });
});

describe('a budget of requests', () => {
  it('allows exactly that many calls, then answers 429 that clients do not retry, and reports it', async () => {
    const run = gw.createRun({ label: 'counted', budget: { requests: 2 } });
    const body = { model: 'text-embedding-3-small', input: 'hello' };
    expect((await embed(run.token, body)).status).toBe(200);
    expect((await embed(run.token, body)).status).toBe(200);
    const refused = await embed(run.token, body);
    expect(refused.status).toBe(429);
    expect(refused.headers['x-should-retry']).toBe('false');
    expect(refused.json().error.message).toMatch(/2 of 2 requests/);
    expect(run.usage()).toMatchObject({ requests: 3, rejected: 1, budget: { requests: 2, remainingRequests: 0, exhausted: true } });
  });
});

/** A response whose client never reads: its socket takes nothing after the first slice. */
class StalledResponse extends Writable {
  headersSent = false;
  constructor() {
    super({ highWaterMark: 16 * 1024 });
  }
  writeHead(): this {
    this.headersSent = true;
    return this;
  }
  override _write(_chunk: unknown, _encoding: string, _callback: () => void): void {
    // never calls back: nothing is ever taken
  }
}

describe('backpressure', () => {
  it('makes the next piece of a response only once the client took the previous ones: an unread response is not built', async () => {
    let made = 0;
    function* parts(): Generator<string> {
      for (let i = 0; i < 10_000; i++) {
        made += 1;
        yield 'x'.repeat(10_000);
      }
    }
    const res = new StalledResponse();
    const sending = sendJsonParts(res as never, 200, parts());
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    // About one 64 KiB slice made and handed over, out of 100 MB.
    expect(made).toBeLessThan(20);
    res.destroy();
    expect(await sending).toBe(false);
    expect(made).toBeLessThan(20);
  });
});
