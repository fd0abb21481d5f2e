import { describe, expect, it } from 'vitest';
import type { Exercise, ExerciseTable, HostCheck } from '../../exercise';
import type { CliIO } from '../context';
import { main } from '../main';

/** `takehome doctor` through the exercise table: the host's checks, then each exercise's own, and exit 1 when one is missing. */

function fake(id: string, checks: HostCheck[] | undefined): Exercise {
  return { id, ...(checks ? { doctor: async () => checks } : {}) } as unknown as Exercise;
}

async function doctor(table: ExerciseTable, args: string[] = []) {
  let stdout = '';
  const io: CliIO = {
    out: (s) => {
      stdout += s;
    },
    err: () => undefined,
    env: { NO_COLOR: '1' },
  };
  const code = await main(['node', 'takehome', 'doctor', ...args], { io, exercises: table });
  return { code, stdout };
}

describe('takehome doctor', () => {
  it('runs the host checks and every exercise doctor; a missing piece exits 1 and names the fix', async () => {
    const table: ExerciseTable = {
      plain: async () => fake('plain', undefined),
      py: async () =>
        fake('py', [
          { check: 'python3', ok: true, detail: 'Python 3.11' },
          { check: 'package lightgbm', ok: false, detail: 'import fails', fix: 'apt-get install -y python3-lightgbm' },
        ]),
    };
    const r = await doctor(table);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ok {6}host: Node 20 or later: node /m);
    expect(r.stdout).toMatch(/host: the sandbox isolates candidate code: /);
    expect(r.stdout).toMatch(/^ok {6}py: python3: Python 3\.11$/m);
    expect(r.stdout).toMatch(/^MISSING py: package lightgbm: import fails\n {8}fix: apt-get install -y python3-lightgbm$/m);
    expect(r.stdout).toMatch(/1 check\(s\) failed/);
  });

  it('--json gives every check with its scope', async () => {
    const r = await doctor({ py: async () => fake('py', [{ check: 'python3', ok: true, detail: 'x' }]) }, ['--json']);
    const json = JSON.parse(r.stdout) as { ok: boolean; checks: { scope: string; check: string; ok: boolean }[] };
    expect(json.checks.map((c) => c.scope)).toEqual(['host', 'host', 'py']);
    expect(json.ok).toBe(json.checks.every((c) => c.ok));
    expect(r.code).toBe(json.ok ? 0 : 1);
  });
});
