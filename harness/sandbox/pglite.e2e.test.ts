// Candidate pipelines use PGlite (Postgres compiled to WebAssembly). WebAssembly
// reserves far more address space than it uses, so this guards against a
// memory limit built on RLIMIT_AS (PGlite needs more than 28 GiB of address
// space, measured), and shows how candidate code finds the
// project's node_modules: a read-only mount at `node_modules` in its working copy.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canIsolate, lastJson, makeSubmission, removeDir, skipReason } from './_testkit';
import { HARNESS_ROOT } from './launch';
import { DEFAULT_LIMITS, parseSandboxOptions, resolveLimits } from './options';
import { runSandboxed } from './run';
import { startSession } from './session';
import { SAFETY_NET_MS } from '../../test/test-helpers';

const nodeModules = join(HARNESS_ROOT, 'node_modules');

describe.skipIf(!canIsolate)(`PGlite inside the isolated sandbox${skipReason ? ` (${skipReason})` : ''}`, () => {
  const subs: string[] = [];
  afterAll(() => subs.forEach(removeDir));

  it('opens a database, writes to disk in the working copy and queries, under the default limits', async () => {
    expect(existsSync(join(nodeModules, '@electric-sql', 'pglite'))).toBe(true);
    const sub = makeSubmission({
      'db.mjs': `
        import { PGlite } from '@electric-sql/pglite';
        const mem = new PGlite();
        const two = await mem.query('select 1 + 1 as two');
        await mem.close();
        const disk = new PGlite('./pgdata');
        await disk.exec('create table doc (id int primary key, body text)');
        await disk.query('insert into doc values ($1, $2)', [1, 'hello']);
        const rows = await disk.query('select body from doc where id = 1');
        await disk.close();
        console.log(JSON.stringify({ two: two.rows[0].two, body: rows.rows[0].body }));
      `,
    });
    subs.push(sub);
    const result = await runSandboxed({
      command: 'node db.mjs',
      submissionDir: sub,
      readOnlyMounts: [{ source: nodeModules, target: 'node_modules' }],
      limits: { wallMs: SAFETY_NET_MS },
    });
    try {
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
      expect(lastJson(result)).toEqual({ two: 2, body: 'hello' });
      expect(result.violations).toEqual([]);
      // A memory limit was in force: the cgroup, or the RSS watchdog where no cgroup is writable.
      expect(result.mechanisms.some((m) => m === 'cgroup-memory' || m === 'rss-watchdog')).toBe(true);
      expect(DEFAULT_LIMITS.memoryBytes).toBe(2 * 1024 ** 3);
      expect(readdirSync(join(result.workDir, 'pgdata')).length).toBeGreaterThan(0);
    } finally {
      await result.cleanup();
    }
  });

  it('also runs where no cgroup is writable (the RSS watchdog, not RLIMIT_AS, limits memory)', async () => {
    const sub = makeSubmission({
      'db.mjs': `
        import { PGlite } from '@electric-sql/pglite';
        const db = new PGlite();
        const r = await db.query('select 40 + 2 as n');
        await db.close();
        console.log(JSON.stringify({ n: r.rows[0].n }));
      `,
    });
    subs.push(sub);
    const options = parseSandboxOptions({
      command: 'node db.mjs',
      submissionDir: sub,
      readOnlyMounts: [{ source: nodeModules, target: 'node_modules' }],
      limits: { wallMs: SAFETY_NET_MS },
    });
    const session = await startSession(options, resolveLimits(options.limits), { interactive: false }, { disableCgroups: true });
    const result = await session.done;
    await result.cleanup();
    expect(result.mechanisms).toContain('rss-watchdog');
    expect(result.exitCode).toBe(0);
    expect(lastJson(result)).toEqual({ n: 42 });
  });

  it('cannot write into the shared node_modules', async () => {
    const sub = makeSubmission({ 'w.sh': 'if echo x > node_modules/injected.js; then echo writable; else echo read-only; fi' });
    subs.push(sub);
    const result = await runSandboxed({
      command: 'sh w.sh',
      submissionDir: sub,
      readOnlyMounts: [{ source: nodeModules, target: 'node_modules' }],
      limits: { wallMs: SAFETY_NET_MS },
    });
    await result.cleanup();
    expect(result.stdout.trim()).toBe('read-only');
    expect(existsSync(join(nodeModules, 'injected.js'))).toBe(false);
  });
});
