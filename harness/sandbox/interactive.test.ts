// The long-running protocol (the RAG `answer` command): JSONL in on stdin, JSONL out on stdout.
import { afterAll, describe, expect, it } from 'vitest';
import { GradingError, UsageError } from '../errors';
import { canIsolate, kinds, makeSubmission, processesOfUid, removeDir, skipReason, uidOf } from './_testkit';
import { runSandboxed, spawnSandboxed } from './run';
import { SAFETY_NET_MS } from '../../test/test-helpers';

const ECHO = `
  import readline from 'node:readline';
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) {
    const q = JSON.parse(line);
    console.error('got ' + q.id);
    console.log(JSON.stringify({ id: q.id, answer: q.question.toUpperCase() }));
  }
`;

describe.each([
  { mode: 'isolated' as const, skip: !canIsolate },
  { mode: 'degraded' as const, skip: false },
])('spawnSandboxed ($mode)', ({ mode, skip }) => {
  const subs: string[] = [];
  afterAll(() => subs.forEach(removeDir));

  it.skipIf(skip)(`answers questions line by line, then stops cleanly${skip ? ` (${skipReason})` : ''}`, async () => {
    const sub = makeSubmission({ 'answer.mjs': ECHO });
    subs.push(sub);
    const proc = await spawnSandboxed({ command: 'node answer.mjs', submissionDir: sub, mode, limits: { wallMs: SAFETY_NET_MS } });
    const lines = proc.lines();
    const answers: unknown[] = [];
    for (const [id, question] of [
      ['q1', 'refund window?'],
      ['q2', 'price?'],
    ]) {
      proc.stdin.write(`${JSON.stringify({ id, question })}\n`);
      const next = await lines.next();
      answers.push(JSON.parse(next.value as string));
    }
    expect(answers).toEqual([
      { id: 'q1', answer: 'REFUND WINDOW?' },
      { id: 'q2', answer: 'PRICE?' },
    ]);
    const result = await proc.stop();
    await result.cleanup();
    expect(result.mode).toBe(mode);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('got q1\ngot q2\n');
    expect(proc.stderrTail()).toBe('got q1\ngot q2\n');
    expect(result.violations).toEqual([]);
  });

  it.skipIf(skip)(`kills a process that ignores the end of stdin after the grace period${skip ? ` (${skipReason})` : ''}`, async () => {
    const sub = makeSubmission({ 'stuck.sh': 'trap "" TERM; while :; do sleep 1; done' });
    subs.push(sub);
    const proc = await spawnSandboxed({ command: 'sh stuck.sh', submissionDir: sub, mode, limits: { wallMs: SAFETY_NET_MS } });
    // Only the kill after the grace period can end it: the wall clock limit is far away (timedOut stays false).
    const result = await proc.stop(300);
    await result.cleanup();
    expect(result.exitCode).toBeNull();
    expect(result.timedOut).toBe(false);
    if (mode === 'isolated') expect(processesOfUid(uidOf(result))).toEqual([]);
  });

  it.skipIf(skip)(`counts stdout lines against the output cap${skip ? ` (${skipReason})` : ''}`, async () => {
    const sub = makeSubmission({ 'spam.sh': 'i=0; while [ $i -lt 100000 ]; do echo "line $i"; i=$((i+1)); done' });
    subs.push(sub);
    const proc = await spawnSandboxed({ command: 'sh spam.sh', submissionDir: sub, mode, limits: { outputBytes: 4096, wallMs: SAFETY_NET_MS } });
    let count = 0;
    for await (const line of proc.lines()) {
      expect(line).toMatch(/^line \d+$/);
      count += 1;
    }
    const result = await proc.exited;
    await result.cleanup();
    expect(count).toBeGreaterThan(100);
    expect(count).toBeLessThan(1000);
    expect(result.stdoutTruncated).toBe(true);
    expect(kinds(result)).toEqual(['output-cap']);
  });
});

describe('sandbox setup errors', () => {
  it('rejects options that fail the schema with a UsageError naming the field', async () => {
    await expect(runSandboxed({ command: 'true', submissionDir: 'relative/path' })).rejects.toThrow(UsageError);
    await expect(runSandboxed({ command: 'true', submissionDir: 'relative/path' })).rejects.toThrow(/submissionDir/);
  });

  it.skipIf(!canIsolate)('fails with a GradingError when a mount target cannot be made without touching the host', async () => {
    const sub = makeSubmission({ 'x.sh': 'true' });
    try {
      await expect(runSandboxed({ command: 'sh x.sh', submissionDir: sub, readOnlyMounts: [{ source: sub, target: '/takehome-no-such-dir/x' }] })).rejects.toThrow(GradingError);
    } finally {
      removeDir(sub);
    }
  });
});
