// A grade always ends: a pipeline that stops answering is restarted and then cut off, and an
// exception in the middle of a grade stops the sandbox at once (not at its wall clock).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeRag } from '../graders/rag/grade';
import { pidsWithArg, SAFETY_NET_MS, useTempDirs, waitFor } from './test-helpers';

const tempDir = useTempDirs();

/** Answers three questions (warm-ups aside), then never again: the count is kept in the working copy, so a restart does not reset it. */
const NEVER_AFTER_THREE = `
import fs from 'node:fs';
import readline from 'node:readline';
const rl = readline.createInterface({ input: process.stdin });
for await (const line of rl) {
  const q = JSON.parse(line);
  let n = 0;
  try { n = Number(fs.readFileSync('count', 'utf8')); } catch {}
  if (n >= 3) await new Promise(() => setInterval(() => undefined, 1000));
  if (!q.id.startsWith('takehome-warmup')) fs.writeFileSync('count', String(n + 1));
  console.log(JSON.stringify({ id: q.id, answer: 'no idea', citations: [], refused: false }));
}
`;

function submission(answer: string, command = 'node answer.mjs'): string {
  const sub = tempDir('takehome-hang-');
  writeFileSync(join(sub, 'takehome.json'), JSON.stringify({ exercise: 'rag', ingest: 'true', answer: command }));
  writeFileSync(join(sub, 'answer.mjs'), answer);
  return sub;
}

describe('a RAG grade always ends', () => {
  it('a pipeline that never answers after its third question is restarted, then cut off; the scorecard says so', async () => {
    // A hang, not slowness, decides this: the per-question limit only bounds how long each hang is waited for.
    const sc = await gradeRag({
      submissionDir: submission(NEVER_AFTER_THREE),
      secret: 'hang-secret-0123456789',
      candidate: 'hang',
      split: 'dev',
      limit: 12,
      perQuestionTimeoutMs: 3_000,
      ingestTimeoutMs: SAFETY_NET_MS,
      startupTimeoutMs: SAFETY_NET_MS,
    });
    const proc = sc.items.find((i) => i.id === 'answer-process');
    expect(proc).toBeDefined();
    const evidence = proc!.evidence as { restarts: number; timeouts: number; cutOff: string | null; notAsked: number; events: { kind: string }[] };
    expect(evidence.timeouts).toBeGreaterThanOrEqual(1);
    expect(evidence.restarts).toBeGreaterThanOrEqual(1);
    expect(evidence.cutOff).toMatch(/in a row/);
    expect(evidence.notAsked).toBeGreaterThan(0);
    expect(evidence.events.map((e) => e.kind)).toContain('restart');
    expect(proc!.status).toBe('error');
    expect(sc.flags.find((f) => f.code === 'answer-process')?.message).toMatch(/restart/);
    const questions = sc.items.filter((i) => i.kind === 'question');
    expect(questions).toHaveLength(12);
    expect(questions.filter((q) => String(q.evidence.error ?? '').startsWith('not asked')).length).toBe(evidence.notAsked);
    expect(sc.metrics.overall!.counts!.asked).toBe(12);
    expect(sc.timing?.startupMs).toBeGreaterThanOrEqual(0);
  });

  it('an exception in the middle of a grade stops the sandbox and its processes at once', async () => {
    // A sleep length no other process uses, to find the candidate's process by its argv.
    const token = `${5000 + (process.pid % 1000)}.${Date.now() % 1000}`;
    const sub = submission(`import { spawn } from 'node:child_process';\nspawn('sleep', ['${token}'], { stdio: 'ignore' });\n${NEVER_AFTER_THREE}`);
    let sawSleeper = false;
    await expect(
      gradeRag({
        submissionDir: sub,
        secret: 'hang-secret-0123456789',
        candidate: 'boom',
        split: 'dev',
        limit: 3,
        perQuestionTimeoutMs: SAFETY_NET_MS,
        ingestTimeoutMs: SAFETY_NET_MS,
        startupTimeoutMs: SAFETY_NET_MS,
        onProgress: (done) => {
          if (done === 1) {
            sawSleeper = pidsWithArg(token).length > 0;
            throw new Error('boom from the progress callback');
          }
        },
      }),
    ).rejects.toThrow(/boom/);
    expect(sawSleeper).toBe(true);
    // Killed by the grader's `finally`, not by the sandbox's wall clock (hours away here).
    expect(await waitFor(() => pidsWithArg(token).length === 0, 30_000)).toBe(true);
  });
});
