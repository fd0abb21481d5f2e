import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SAFETY_NET_MS } from './test-helpers';

const run = promisify(execFile);
const bin = new URL('../bin/takehome.mjs', import.meta.url).pathname;

async function takehome(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH, TMPDIR: process.env.TMPDIR, NO_COLOR: '1', ...env }, timeout: SAFETY_NET_MS });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('takehome CLI (subprocess)', () => {
  it('--help lists the commands and exits 0', async () => {
    const r = await takehome(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/demo/);
    expect(r.stdout).toMatch(/variant/);
  });

  it('an unknown command is a usage error: exit 2', async () => {
    const r = await takehome(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command/);
  });

  it('a missing secret is a configuration error with the next step: exit 2', async () => {
    const r = await takehome(['variant', '--exercise', 'rag', '--candidate', 'ada']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/TAKEHOME_SECRET/);
    expect(r.stderr).toMatch(/next:/);
  });

  it('prints the variant fingerprint, never the seed, and warns about the demo secret', async () => {
    const r = await takehome(['variant', '--exercise', 'rag', '--candidate', 'ada', '--json'], { TAKEHOME_SECRET: 'demo' });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { fingerprint: string };
    expect(out.fingerprint).toMatch(/^[0-9a-f]{12}$/);
    expect(r.stderr).toMatch(/public demo secret/);
  });
});
