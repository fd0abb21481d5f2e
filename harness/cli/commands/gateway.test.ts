import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../program';
import { SAFETY_NET_MS } from '../../../test/test-helpers';

const BIN = fileURLToPath(new URL('../../../bin/takehome.mjs', import.meta.url));

describe('takehome gateway (subprocess)', () => {
  it('starts, prints URL and token as JSON, answers 401 without a token, stops on SIGTERM with usage', async () => {
    const child = spawn(process.execPath, [BIN, 'gateway', '--backend', 'offline', '--port', '0', '--json'], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const killer = setTimeout(() => child.kill('SIGKILL'), SAFETY_NET_MS);
    try {
      const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
      const first = await lines.next();
      const info = JSON.parse(String(first.value));
      expect(info).toMatchObject({ event: 'listening', backend: 'offline', token: expect.stringMatching(/^thk_/) });
      expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);

      const anonymous = await fetch(`${info.url}/models`);
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('invalid_api_key');
      const authed = await fetch(`${info.url}/models`, { headers: { authorization: `Bearer ${info.token}` } });
      expect(authed.status).toBe(200);

      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      const second = await lines.next();
      expect(JSON.parse(String(second.value))).toMatchObject({ event: 'stopped', signal: 'SIGTERM', usage: { requests: 1 } });
      expect(await exited).toBe(0);
    } finally {
      clearTimeout(killer);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

describe('gateway --help', () => {
  it('says plainly that the offline backend is a baseline, not a language model', () => {
    const { program } = createProgram();
    const help = program.commands.find((c) => c.name() === 'gateway')!.helpInformation();
    expect(help).toContain('not a language model');
    expect(help).toContain('--budget-tokens');
    expect(help).toContain('--socket');
  });
});
