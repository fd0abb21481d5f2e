import { describe, expect, it } from 'vitest';
import { runTakehome } from './test-helpers';

const takehome = (args: string[], env: Record<string, string> = {}) => runTakehome(args, env);

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
