import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors';
import { planGateway, serveGateway } from './serve';
import { raw } from './test-helpers';

describe('planGateway', () => {
  it('defaults to the offline backend on a free loopback port', () => {
    expect(planGateway({}, {})).toEqual({ gateway: { backend: 'offline', listen: { port: 0, host: '127.0.0.1' } }, run: { label: 'cli', budget: {} } });
  });

  it('reads budgets, files, socket and the upstream key from the environment', () => {
    const plan = planGateway(
      { backend: 'upstream', socket: '/tmp/gw.sock', budgetTokens: '1000', budgetUsd: '0.5', trace: 't.jsonl', models: 'm.yaml', upstreamUrl: 'http://127.0.0.1:9/v1' },
      { TAKEHOME_UPSTREAM_API_KEY: 'sk-x' },
    );
    expect(plan.gateway).toMatchObject({
      backend: 'upstream',
      listen: { socketPath: '/tmp/gw.sock' },
      tracePath: 't.jsonl',
      modelsFile: 'm.yaml',
      upstream: { baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-x' },
    });
    expect(plan.run.budget).toEqual({ tokens: 1000, costUsd: 0.5 });
  });

  it.each([
    [{ backend: 'gpt' }, /offline or upstream/],
    [{ port: 'abc' }, /--port/],
    [{ port: '70000' }, /65535/],
    [{ port: '1', socket: '/tmp/s' }, /not both/],
    [{ budgetTokens: '-5' }, /--budget-tokens/],
    [{ budgetTokens: '1.5' }, /integer/],
    [{ budgetUsd: 'lots' }, /--budget-usd/],
    [{ backend: 'upstream' }, /--upstream-url/],
    [{ backend: 'upstream', upstreamUrl: 'http://127.0.0.1:9/v1' }, /TAKEHOME_UPSTREAM_API_KEY/],
    [{ upstreamUrl: 'http://127.0.0.1:9/v1' }, /needs --backend upstream/],
  ])('rejects %j with a usage error', (flags, message) => {
    expect(() => planGateway(flags, {})).toThrow(UsageError);
    expect(() => planGateway(flags, {})).toThrow(message);
  });
});

describe('serveGateway', () => {
  it('prints the URL and token, serves until stopped, then prints usage', async () => {
    const lines: string[] = [];
    let stop!: (signal: string) => void;
    const stopped = new Promise<string>((resolve) => {
      stop = resolve;
    });
    let listening!: () => void;
    const ready = new Promise<void>((resolve) => {
      listening = resolve;
    });
    const serving = serveGateway(
      { json: true, budgetTokens: '100000' },
      {
        env: {},
        write: (line) => {
          lines.push(line);
          listening();
        },
        untilStopped: () => stopped,
      },
    );
    await ready;
    const info = JSON.parse(lines[0]!);
    expect(info).toMatchObject({ event: 'listening', backend: 'offline', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v1$/), token: expect.stringMatching(/^thk_/) });
    const res = await raw({ port: info.port, path: '/v1/embeddings', headers: { authorization: `Bearer ${info.token}` }, body: JSON.stringify({ model: 'text-embedding-3-small', input: 'hello' }) });
    expect(res.status).toBe(200);
    stop('SIGTERM');
    const usage = await serving;
    expect(usage.requests).toBe(1);
    expect(JSON.parse(lines[1]!)).toMatchObject({ event: 'stopped', signal: 'SIGTERM', usage: { requests: 1, budget: { tokens: 100000 } } });
  });
});
