// Resource escapes: fork bombs, memory hogs, endless loops, floods of output,
// huge files. Each attempt is capped inside the script too, so a broken
// sandbox cannot take the machine down.
import { afterAll, describe, expect, it } from 'vitest';
import { canIsolate, hasMemoryCgroup, hasPidsCgroup, kinds, makeSubmission, processesOfUid, removeDir, skipReason, uidOf } from './_testkit';
import { parseSandboxOptions, resolveLimits } from './options';
import { runSandboxed } from './run';
import { startSession } from './session';
import { SAFETY_NET_MS } from '../../test/test-helpers';

const MiB = 1024 * 1024;

describe.skipIf(!canIsolate)(`isolated sandbox: resource limits${skipReason ? ` (${skipReason})` : ''}`, () => {
  const subs: string[] = [];
  const submission = (files: Record<string, string>) => {
    const dir = makeSubmission(files);
    subs.push(dir);
    return dir;
  };
  afterAll(() => subs.forEach(removeDir));

  it.skipIf(!hasPidsCgroup)('contains a fork bomb at the process limit and reports it (needs the pids cgroup)', async () => {
    // 300 sleeps at most, so even an unlimited sandbox would not hurt the machine.
    const sub = submission({ 'bomb.sh': 'i=0; while [ $i -lt 300 ]; do sleep 3 & i=$((i+1)); done; wait; echo done' });
    const result = await runSandboxed({ command: 'sh bomb.sh', submissionDir: sub, limits: { processes: 24, wallMs: SAFETY_NET_MS } });
    await result.cleanup();
    expect(kinds(result)).toContain('processes');
    expect(result.timedOut).toBe(false);
    expect(processesOfUid(uidOf(result))).toEqual([]);
  });

  it.skipIf(!hasMemoryCgroup)('kills a memory hog at the memory limit and reports it (needs the memory cgroup)', async () => {
    // Grows by 16 MiB up to 1 GiB: four times the limit, well within the machine.
    const sub = submission({
      'hog.mjs': `
        const keep = [];
        for (let i = 0; i < 64; i++) { keep.push(Buffer.alloc(16 * 1024 * 1024, 1)); }
        console.log('survived', keep.length);
      `,
    });
    const result = await runSandboxed({ command: 'node hog.mjs', submissionDir: sub, limits: { memoryBytes: 256 * MiB, wallMs: SAFETY_NET_MS } });
    await result.cleanup();
    expect(result.stdout).not.toContain('survived');
    expect(kinds(result)).toContain('memory');
    expect(result.exitCode === 0).toBe(false);
  });

  it('kills an endless loop and its children at the timeout, leaving no process behind', async () => {
    const sub = submission({ 'loop.sh': 'sleep 1000 & (while :; do :; done) & while :; do :; done' });
    const result = await runSandboxed({ command: 'sh loop.sh', submissionDir: sub, limits: { wallMs: 1_500 } });
    await result.cleanup();
    expect(result.timedOut).toBe(true);
    expect(kinds(result)).toEqual(['timeout']);
    expect(result.exitCode).toBeNull();
    expect(result.durationMs).toBeGreaterThanOrEqual(1_500);
    expect(processesOfUid(uidOf(result))).toEqual([]);
  });

  it('ends background processes when the command exits, and feeds the given stdin', async () => {
    const sub = submission({ 'bg.sh': 'sleep 1000 & (while :; do sleep 1; done) & cat' });
    const result = await runSandboxed({ command: 'sh bg.sh', submissionDir: sub, stdin: 'from stdin\n', limits: { wallMs: SAFETY_NET_MS } });
    await result.cleanup();
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('from stdin\n');
    expect(processesOfUid(uidOf(result))).toEqual([]);
  });

  it('truncates a flood of stdout at the output cap, kills and reports it', async () => {
    const sub = submission({ 'flood.sh': 'head -c 50000000 /dev/zero | tr "\\0" "y"' });
    const result = await runSandboxed({ command: 'sh flood.sh', submissionDir: sub, limits: { outputBytes: 64 * 1024, wallMs: SAFETY_NET_MS } });
    await result.cleanup();
    expect(result.stdoutTruncated).toBe(true);
    expect(result.stdout.length).toBe(64 * 1024);
    expect(kinds(result)).toEqual(['output-cap']);
    expect(result.timedOut).toBe(false);
  });

  it('truncates a flood of stderr too', async () => {
    const sub = submission({ 'flood.sh': 'head -c 50000000 /dev/zero | tr "\\0" "e" >&2' });
    const result = await runSandboxed({ command: 'sh flood.sh', submissionDir: sub, limits: { outputBytes: 32 * 1024, wallMs: SAFETY_NET_MS } });
    await result.cleanup();
    expect(result.stderrTruncated).toBe(true);
    expect(result.stderr.length).toBe(32 * 1024);
    expect(result.stdoutTruncated).toBe(false);
    expect(kinds(result)).toEqual(['output-cap']);
  });

  it('stops a file at the file-size limit and reports it', async () => {
    const sub = submission({ 'big.sh': 'head -c 8000000 /dev/zero > big.bin; echo "rc=$?"' });
    const result = await runSandboxed({ command: 'sh big.sh', submissionDir: sub, limits: { fileBytes: 1 * MiB, wallMs: SAFETY_NET_MS } });
    const { statSync } = await import('node:fs');
    const size = statSync(`${result.workDir}/big.bin`).size;
    await result.cleanup();
    expect(size).toBe(1 * MiB);
    expect(kinds(result)).toContain('file-size');
  });
});

// A machine without writable cgroups: the RSS watchdog and RLIMIT_NPROC stand in.
describe.skipIf(!canIsolate)(`isolated sandbox without cgroups${skipReason ? ` (${skipReason})` : ''}`, () => {
  const subs: string[] = [];
  afterAll(() => subs.forEach(removeDir));
  const run = async (files: Record<string, string>, command: string, limits: Parameters<typeof resolveLimits>[0]) => {
    const sub = makeSubmission(files);
    subs.push(sub);
    const options = parseSandboxOptions({ command, submissionDir: sub, limits });
    const session = await startSession(options, resolveLimits(options.limits), { interactive: false }, { disableCgroups: true });
    const result = await session.done;
    await result.cleanup();
    return result;
  };

  it('kills a memory hog through the RSS watchdog', async () => {
    // Grows by 16 MiB every 20 ms up to 1 GiB, then holds it and never exits: however late a busy
    // machine runs the 100 ms poll, the watchdog is the only thing that can end it.
    const result = await run(
      {
        'hog.mjs': `
          const keep = [];
          for (let i = 0; i < 64; i++) { keep.push(Buffer.alloc(16 * 1024 * 1024, 1)); await new Promise((r) => setTimeout(r, 20)); }
          console.log('survived', keep.length);
          setInterval(() => keep.length, 1000);
        `,
      },
      'node hog.mjs',
      { memoryBytes: 256 * MiB, wallMs: SAFETY_NET_MS },
    );
    expect(result.mechanisms).toContain('rss-watchdog');
    expect(result.mechanisms).not.toContain('cgroup-memory');
    expect(result.timedOut).toBe(false);
    expect(kinds(result)).toEqual(['memory']);
    expect(processesOfUid(uidOf(result))).toEqual([]);
  });

  it('contains a fork bomb with RLIMIT_NPROC', async () => {
    const result = await run({ 'bomb.sh': 'i=0; while [ $i -lt 300 ]; do sleep 3 & i=$((i+1)); done; wait; echo done' }, 'sh bomb.sh', { processes: 24, wallMs: SAFETY_NET_MS });
    expect(result.mechanisms).not.toContain('cgroup-pids');
    expect(result.stderr).toMatch(/fork|resource/i);
    expect(result.stdout).not.toContain('done');
    expect(processesOfUid(uidOf(result))).toEqual([]);
  });
});

describe.each([
  { mode: 'isolated' as const, skip: !canIsolate },
  { mode: 'degraded' as const, skip: false },
])('what a candidate leaves in its working copy ($mode)', ({ mode, skip }) => {
  it.skipIf(skip)(`a tree deeper than PATH_MAX and an unreadable folder are removed by cleanup${skip ? ` (${skipReason})` : ''}`, async () => {
    const sub = makeSubmission({
      'deep.js':
        "const fs=require('fs');fs.mkdirSync('locked');fs.writeFileSync('locked/x','x');fs.chmodSync('locked',0);for(let i=0;i<1500;i++){fs.mkdirSync('dd');process.chdir('dd')}fs.writeFileSync('f','x');console.log('made')",
    });
    try {
      const result = await runSandboxed({ command: 'node deep.js', submissionDir: sub, mode, limits: { wallMs: SAFETY_NET_MS } });
      expect(result.stdout).toBe('made\n');
      await result.cleanup();
      const { existsSync } = await import('node:fs');
      expect(existsSync(result.workDir)).toBe(false);
    } finally {
      removeDir(sub);
    }
  });
});
