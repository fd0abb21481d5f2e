// The degraded path (no root, not Linux, or forced): only the timeout, the
// output caps and the scrubbed environment. These hold on any machine.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GradingError } from '../errors';
import { kinds, lastJson, makeSubmission, removeDir } from './_testkit';
import { chooseMode } from './launch';
import { runSandboxed } from './run';
import type { SandboxCapabilities } from './types';
import { SAFETY_NET_MS, waitFor } from '../../test/test-helpers';

const SECRET = 'tk-secret-degraded-51c7';

function pidAlive(pid: number): boolean {
  try {
    const state = /^State:\s+(\S)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return state?.[1] !== 'Z';
  } catch {
    return false;
  }
}

describe('degraded sandbox (forced)', () => {
  const subs: string[] = [];
  const saved = process.env.TAKEHOME_SECRET;
  beforeAll(() => {
    process.env.TAKEHOME_SECRET = SECRET;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.TAKEHOME_SECRET;
    else process.env.TAKEHOME_SECRET = saved;
    subs.forEach(removeDir);
  });
  const submission = (files: Record<string, string>) => {
    const dir = makeSubmission(files);
    subs.push(dir);
    return dir;
  };

  it('scrubs the environment and says it is degraded', async () => {
    const sub = submission({ 'env.mjs': 'console.log(JSON.stringify(process.env));' });
    const result = await runSandboxed({ command: 'node env.mjs', submissionDir: sub, mode: 'degraded', env: { CORPUS_DIR: '/corpus' } });
    await result.cleanup();
    expect(result.mode).toBe('degraded');
    expect(result.warnings.join(' ')).toMatch(/degraded/);
    expect(result.mechanisms).toContain('env-allowlist');
    expect(result.mechanisms).not.toContain('netns');
    const env = lastJson<Record<string, string>>(result);
    expect(env.TAKEHOME_SECRET).toBeUndefined();
    expect(env.CORPUS_DIR).toBe('/corpus');
    expect(result.stdout).not.toContain(SECRET);
  });

  it('kills the whole process group at the timeout', async () => {
    const sub = submission({ 'loop.sh': 'sleep 1000 & echo "child=$!"; while :; do :; done' });
    // The script never ends, so the timeout fires whatever the machine's speed. A machine too busy to
    // start the child before it fires gets a longer limit, until the child exists to be checked.
    let result: Awaited<ReturnType<typeof runSandboxed>>;
    for (let wallMs = 1_000; ; wallMs *= 4) {
      result = await runSandboxed({ command: 'sh loop.sh', submissionDir: sub, mode: 'degraded', limits: { wallMs } });
      await result.cleanup();
      if (/child=\d+/.test(result.stdout) || wallMs >= SAFETY_NET_MS) break;
    }
    expect(result.timedOut).toBe(true);
    expect(kinds(result)).toEqual(['timeout']);
    const child = Number(/child=(\d+)/.exec(result.stdout)?.[1]);
    expect(child).toBeGreaterThan(0);
    // The orphaned sleep is reaped by init shortly after the SIGKILL.
    expect(await waitFor(() => !pidAlive(child))).toBe(true);
  });

  it('ends background processes when the command exits, and feeds the given stdin', async () => {
    const sub = submission({ 'bg.sh': 'sleep 1000 & echo "child=$!"; cat' });
    const result = await runSandboxed({ command: 'sh bg.sh', submissionDir: sub, mode: 'degraded', stdin: 'from stdin\n', limits: { wallMs: SAFETY_NET_MS } });
    await result.cleanup();
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('from stdin');
    const child = Number(/child=(\d+)/.exec(result.stdout)?.[1]);
    expect(await waitFor(() => !pidAlive(child))).toBe(true);
  });

  it('caps the captured output', async () => {
    const sub = submission({ 'flood.sh': 'head -c 20000000 /dev/zero | tr "\\0" "y"' });
    const result = await runSandboxed({ command: 'sh flood.sh', submissionDir: sub, mode: 'degraded', limits: { outputBytes: 10_000, wallMs: SAFETY_NET_MS } });
    await result.cleanup();
    expect(result.stdoutTruncated).toBe(true);
    expect(result.stdout.length).toBe(10_000);
    expect(kinds(result)).toEqual(['output-cap']);
  });

  it('works on a copy: the original submission is untouched and the copy can be removed', async () => {
    const sub = submission({ 'w.sh': 'echo changed > w.sh; echo new > new.txt' });
    const result = await runSandboxed({ command: 'sh w.sh', submissionDir: sub, mode: 'degraded' });
    expect(readFileSync(`${sub}/w.sh`, 'utf8')).toBe('echo changed > w.sh; echo new > new.txt');
    expect(existsSync(`${sub}/new.txt`)).toBe(false);
    expect(readFileSync(`${result.workDir}/new.txt`, 'utf8')).toBe('new\n');
    await result.cleanup();
    expect(existsSync(result.workDir)).toBe(false);
  });
});

describe('chooseMode', () => {
  const caps = (isolated: boolean): SandboxCapabilities => ({
    platform: 'linux',
    root: isolated,
    tools: {},
    namespaces: isolated,
    cgroupMemory: null,
    cgroupPids: null,
    isolated,
    reasons: isolated ? [] : ['not running as root'],
  });

  it.each([
    { requested: 'auto' as const, isolated: true, mode: 'isolated', warned: false },
    { requested: 'auto' as const, isolated: false, mode: 'degraded', warned: true },
    { requested: 'degraded' as const, isolated: true, mode: 'degraded', warned: true },
    { requested: 'isolated' as const, isolated: true, mode: 'isolated', warned: false },
  ])('$requested on a machine that can isolate=$isolated runs $mode', ({ requested, isolated, mode, warned }) => {
    const chosen = chooseMode(requested, caps(isolated));
    expect(chosen.mode).toBe(mode);
    expect(chosen.warnings.length > 0).toBe(warned);
  });

  it('refuses to degrade when isolation is required', () => {
    expect(() => chooseMode('isolated', caps(false))).toThrow(GradingError);
    expect(() => chooseMode('isolated', caps(false))).toThrow(/not running as root/);
  });
});
