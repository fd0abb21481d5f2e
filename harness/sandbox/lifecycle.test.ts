// The sandbox must not outlive the harness: if the harness process dies (crash,
// SIGKILL), nothing enforces the timeout any more, so the namespace ends itself.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canIsolate, skipReason } from './_testkit';
import { sweepStaleSandboxes } from './sweep';
import { sandboxCapabilities } from './capabilities';
import { SAFETY_NET_MS, waitFor } from '../../test/test-helpers';
import { pidsWithArg } from '../../test/test-helpers';

describe.skipIf(!canIsolate)(`sandbox lifetime${skipReason ? ` (${skipReason})` : ''}`, () => {
  it('ends the candidate when the harness process is killed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'takehome-sbx-test-life-'));
    // A sleep length no other process on the machine uses, to find the candidate by its argv.
    const token = `${4000 + (process.pid % 1000)}.${Date.now() % 1000}`;
    const sub = join(dir, 'sub');
    const script = join(dir, 'harness.mts');
    try {
      const { mkdirSync } = await import('node:fs');
      mkdirSync(sub);
      writeFileSync(
        script,
        `import { runSandboxed } from ${JSON.stringify(join(process.cwd(), 'harness/sandbox/index.ts'))};
         await runSandboxed({ command: 'sleep ${token}', submissionDir: ${JSON.stringify(sub)}, limits: { wallMs: ${SAFETY_NET_MS} } });`,
      );
      const harness = spawn(process.execPath, ['--import', 'tsx', script], { cwd: process.cwd(), stdio: 'ignore' });
      try {
        expect(await waitFor(() => pidsWithArg(token).length > 0)).toBe(true);
        harness.kill('SIGKILL');
        expect(await waitFor(() => pidsWithArg(token).length === 0)).toBe(true);
        // What the dead harness left behind is swept: its run folder and its cgroups.
        const leftBehind = readdirSync('/tmp')
          .filter((name) => name.startsWith('takehome-sbx-'))
          .map((name) => join('/tmp', name))
          .filter((root) => {
            try {
              return JSON.parse(readFileSync(join(root, 'owner.json'), 'utf8')).pid === harness.pid;
            } catch {
              return false;
            }
          });
        expect(leftBehind.length).toBe(1);
        const swept = await sweepStaleSandboxes();
        expect(swept.runRoots).toEqual(expect.arrayContaining(leftBehind));
        expect(existsSync(leftBehind[0]!)).toBe(false);
        // (Any isolated run sweeps stale cgroups first, so a parallel test may have removed them already.)
        const caps = sandboxCapabilities();
        const stale = [caps.cgroupMemory, caps.cgroupPids].filter((d): d is string => d !== null).flatMap((d) => readdirSync(d).filter((n) => n.startsWith(`takehome-sbx-${harness.pid}-`)));
        expect(stale).toEqual([]);
        expect(swept.cgroups.every((dir) => !existsSync(dir))).toBe(true);
      } finally {
        harness.kill('SIGKILL');
        for (const pid of pidsWithArg(token)) process.kill(pid, 'SIGKILL');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
