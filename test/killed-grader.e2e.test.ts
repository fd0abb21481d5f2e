// A grader killed mid-grade leaves its scratch folders (takehome-rag-*, the sandbox's takehome-sbx-*)
// and its candidate's processes; the processes end with it, and the next sweep removes the folders.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepStaleSandboxes } from '../harness/sandbox';
import { SAFETY_NET_MS, useTempDirs, waitFor } from './test-helpers';
import { pidsWithArg } from './test-helpers';

const tempDir = useTempDirs();
const ROOT = new URL('..', import.meta.url).pathname;

/** Scratch folders whose owner file names PID, in /tmp and the temp dir. */
function foldersOf(pid: number): string[] {
  return [...new Set(['/tmp', tmpdir()])].flatMap((base) =>
    readdirSync(base)
      .filter((name) => /^takehome-(sbx|rag|ml)-/.test(name))
      .map((name) => join(base, name))
      .filter((dir) => {
        try {
          return JSON.parse(readFileSync(join(dir, 'owner.json'), 'utf8')).pid === pid;
        } catch {
          return false;
        }
      }),
  );
}

describe('a grader that is killed', () => {
  it('leaves nothing running, and the next sweep removes its takehome-rag-* and takehome-sbx-* folders', async () => {
    const dir = tempDir('takehome-killed-');
    const sub = join(dir, 'sub');
    const token = `${6000 + (process.pid % 1000)}.${Date.now() % 1000}`;
    const { mkdirSync } = await import('node:fs');
    mkdirSync(sub);
    // Ingest never ends: the grader is killed while the sandbox and the gateway run.
    writeFileSync(join(sub, 'takehome.json'), JSON.stringify({ exercise: 'rag', ingest: `sleep ${token}`, answer: 'cat' }));
    const script = join(dir, 'grade.mts');
    writeFileSync(
      script,
      `import { gradeRag } from ${JSON.stringify(join(ROOT, 'graders/rag/grade.ts'))};
       await gradeRag({ submissionDir: ${JSON.stringify(sub)}, secret: 'killed-secret-0123456789', candidate: 'killed', split: 'dev', limit: 2, ingestTimeoutMs: ${SAFETY_NET_MS} });`,
    );
    const grader = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, stdio: 'ignore' });
    try {
      expect(await waitFor(() => pidsWithArg(token).length > 0)).toBe(true);
      const left = foldersOf(grader.pid!);
      expect(left.map((d) => d.split('/').pop()!.slice(0, 13)).sort()).toEqual(['takehome-rag-', 'takehome-sbx-']);
      grader.kill('SIGKILL');
      expect(await waitFor(() => pidsWithArg(token).length === 0)).toBe(true);
      const swept = await sweepStaleSandboxes();
      expect(swept.runRoots).toEqual(expect.arrayContaining(left));
      expect(left.filter((d) => existsSync(d))).toEqual([]);
    } finally {
      grader.kill('SIGKILL');
      for (const pid of pidsWithArg(token)) process.kill(pid, 'SIGKILL');
    }
  });
});
