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

// Answers until it reads "hang": then writes half a line and hangs, leaving a background sleeper.
const HANGER = `
  import readline from 'node:readline';
  import { readFileSync } from 'node:fs';
  import { spawn } from 'node:child_process';
  const state = readFileSync('/tmp/state.txt', 'utf8').trim();
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) {
    const q = JSON.parse(line);
    if (q.question === 'hang') {
      spawn('sleep', ['3600'], { stdio: 'ignore' }).unref();
      process.stdout.write('{"id":"' + q.id + '","ans');
      setInterval(() => undefined, 1000);
      await new Promise(() => undefined);
    }
    if (q.question === 'exit') process.exit(4);
    console.log(JSON.stringify({ id: q.id, answer: state + ':' + q.question + ':' + process.pid }));
  }
`;

describe.each([
  { mode: 'isolated' as const, skip: !canIsolate },
  { mode: 'degraded' as const, skip: false },
])('spawnSandboxed restart ($mode)', ({ mode, skip }) => {
  const subs: string[] = [];
  afterAll(() => subs.forEach(removeDir));

  it.skipIf(skip)(`restarts a hung command without its first part, keeping /tmp, dropping its half line and unread input${skip ? ` (${skipReason})` : ''}`, async () => {
    const sub = makeSubmission({ 'answer.mjs': HANGER });
    subs.push(sub);
    // "ingest" writes state to the private /tmp (degraded: the real /tmp, so a unique name there).
    const stateFile = mode === 'isolated' ? '/tmp/state.txt' : `${sub}/state.txt`;
    const script = HANGER.replace("'/tmp/state.txt'", JSON.stringify(stateFile));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${sub}/answer.mjs`, script);
    const proc = await spawnSandboxed({
      command: `echo built > ${stateFile} && exec node answer.mjs`,
      restartCommand: 'exec node answer.mjs',
      submissionDir: sub,
      mode,
      limits: { wallMs: SAFETY_NET_MS },
    });
    const ask = async (lines: AsyncIterableIterator<string>, id: string, question: string) => {
      proc.stdin.write(`${JSON.stringify({ id, question })}\n`);
      const next = await lines.next();
      return next.done ? undefined : (JSON.parse(next.value) as { id: string; answer: string });
    };
    let lines = proc.lines();
    const first = await ask(lines, 'q1', 'one');
    expect(first?.answer).toMatch(/^built:one:\d+$/);
    // The command hangs mid-line; a question it never reads is queued behind it.
    proc.stdin.write(`${JSON.stringify({ id: 'q2', question: 'hang' })}\n`);
    proc.stdin.write(`${JSON.stringify({ id: 'q2b', question: 'never read' })}\n`);
    await proc.restart();
    expect(await lines.next()).toEqual({ value: undefined, done: true });
    lines = proc.lines();
    const third = await ask(lines, 'q3', 'three');
    // A new process, the state ingest left in /tmp intact, and neither the half line nor q2b seen.
    expect(third?.id).toBe('q3');
    expect(third?.answer).toMatch(/^built:three:\d+$/);
    expect(third?.answer.split(':')[2]).not.toBe(first?.answer.split(':')[2]);
    // A command that exits on its own ends its lines; a restart brings the next one.
    proc.stdin.write(`${JSON.stringify({ id: 'q4', question: 'exit' })}\n`);
    expect(await lines.next()).toEqual({ value: undefined, done: true });
    await proc.restart();
    lines = proc.lines();
    expect((await ask(lines, 'q5', 'five'))?.answer).toMatch(/^built:five:/);
    const result = await proc.stop();
    await result.cleanup();
    expect(result.violations).toEqual([]);
    expect(result.exitCode).toBe(0);
    // Isolated: the hung command's background sleeper died with it.
    if (mode === 'isolated') expect(processesOfUid(uidOf(result))).toEqual([]);
  });

  it.skipIf(skip)(`refuses a restart without restartCommand${skip ? ` (${skipReason})` : ''}`, async () => {
    const sub = makeSubmission({ 'answer.mjs': ECHO });
    subs.push(sub);
    const proc = await spawnSandboxed({ command: 'node answer.mjs', submissionDir: sub, mode, limits: { wallMs: SAFETY_NET_MS } });
    await expect(proc.restart()).rejects.toThrow(UsageError);
    const result = await proc.stop();
    await result.cleanup();
  });
});

describe('sandbox setup errors', () => {
  it('rejects options that fail the schema with a UsageError naming the field', async () => {
    await expect(runSandboxed({ command: 'true', submissionDir: 'relative/path' })).rejects.toThrow(UsageError);
    await expect(runSandboxed({ command: 'true', submissionDir: 'relative/path' })).rejects.toThrow(/submissionDir/);
  });

  it.skipIf(!canIsolate)('fails with a GradingError when a mount target would have to be made in a read-only runtime folder', async () => {
    const sub = makeSubmission({ 'x.sh': 'true' });
    try {
      await expect(runSandboxed({ command: 'sh x.sh', submissionDir: sub, readOnlyMounts: [{ source: sub, target: '/usr/takehome-no-such-dir/x' }] })).rejects.toThrow(GradingError);
    } finally {
      removeDir(sub);
    }
  });

  it.skipIf(!canIsolate)('makes any other absolute mount target in the sandbox own root, never on the host', async () => {
    const sub = makeSubmission({ 'x.sh': 'ls /takehome-no-such-dir/x' });
    const { chmodSync, existsSync } = await import('node:fs');
    chmodSync(sub, 0o755);
    try {
      const result = await runSandboxed({ command: 'sh x.sh', submissionDir: sub, readOnlyMounts: [{ source: sub, target: '/takehome-no-such-dir/x' }] });
      await result.cleanup();
      expect(result.stdout).toContain('x.sh');
      expect(existsSync('/takehome-no-such-dir')).toBe(false);
    } finally {
      removeDir(sub);
    }
  });
});
