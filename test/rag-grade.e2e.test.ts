import { RAG_METRICS } from '../graders/rag/metric-names';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeRag } from '../graders/rag/grade';
import { HARNESS_ROOT } from '../harness/sandbox';
import { useTempDirs } from './test-helpers';
import { SAFETY_NET_MS } from './test-helpers';
import { runTakehome } from './test-helpers';

const tempDir = useTempDirs();
/** Limits that never decide a grade here: a busy machine must not turn a slow answer into a timeout. */
const NO_TIME_LIMITS = { perQuestionTimeoutMs: SAFETY_NET_MS, ingestTimeoutMs: SAFETY_NET_MS };

const takehome = (args: string[]) => runTakehome(args, { TAKEHOME_SECRET: 'grading-test-secret-0123456789' });

describe('RAG grading end to end (sandbox, offline gateway)', () => {
  it('the reference beats the naive starter on the same questions, reproducibly', async () => {
    const common = { secret: 'grading-test-secret-0123456789', candidate: 'e2e-candidate', split: 'dev' as const, limit: 16, ...NO_TIME_LIMITS };
    const reference = await gradeRag({ ...common, submissionDir: join(HARNESS_ROOT, 'exercises/rag/reference') });
    const naive = await gradeRag({ ...common, submissionDir: join(HARNESS_ROOT, 'exercises/rag/calibration/naive') });
    expect(reference.status).toBe('graded');
    expect(reference.metrics.overall!.counts!.asked).toBe(16);
    expect(reference.metrics.overall!.value!).toBeGreaterThan(naive.metrics.overall!.value!);
    expect(reference.metrics['hit@5']!.value!).toBeGreaterThan(0.5);
    expect(reference.usage!.requests).toBeGreaterThan(16);
    // The typed union of metric names is exactly what the grader writes (judge metrics only with --judge).
    expect(Object.keys(reference.metrics).sort()).toEqual(RAG_METRICS.filter((m) => !m.startsWith('judge') && m !== 'referenceOverall').sort());
    // Its report.json and own eval set: the evals rerun after the graded questions and the self-assessment items written.
    expect(reference.metrics.ownEvalQuestions).toMatchObject({ value: 12, numerator: 12 });
    expect(reference.items.filter((i) => i.category === 'self-assessment').map((i) => i.id)).toEqual(['self-assessment', 'self-estimate', 'self-failure-modes', 'self-eval-claims']);
    const claims = reference.items.find((i) => i.id === 'self-eval-claims')!.evidence.claims as { source: string; outcome: string }[];
    expect(claims.filter((c) => c.source === 'evals/own-evals.jsonl').every((c) => c.outcome === 'reproduced' || c.outcome === 'within-noise')).toBe(true);
    // The naive v0 has no report: the real failure modes are listed as not named.
    expect(naive.items.find((i) => i.id === 'self-failure-modes')!.verdicts['real-but-not-named']?.pass).toBe(false);
    expect(naive.metrics.failureModesF05?.value).toBe(0);
    const again = await gradeRag({ ...common, submissionDir: join(HARNESS_ROOT, 'exercises/rag/reference') });
    expect(again.metrics.overall).toEqual(reference.metrics.overall);
    expect(again.items.map((i) => i.evidence.answer)).toEqual(reference.items.map((i) => i.evidence.answer));
  });

  it('a pipeline that crashes on every question scores zero with each error counted, not dropped', async () => {
    const sub = tempDir('takehome-crash-');
    writeFileSync(join(sub, 'takehome.json'), JSON.stringify({ exercise: 'rag', ingest: 'true', answer: 'node -e "process.exit(3)"' }));
    const sc = await gradeRag({ submissionDir: sub, secret: 'x-secret-0123456789', candidate: 'crash', split: 'dev', limit: 5, ...NO_TIME_LIMITS });
    expect(sc.metrics.overall!.value).toBe(0);
    expect(sc.metrics.overall!.counts).toMatchObject({ asked: 5, answered: 0 });
    expect(sc.items.filter((i) => i.kind === 'question').every((i) => i.status === 'error' || i.status === 'timeout')).toBe(true);
  });

  it('takehome grade: exit 1 and a message naming takehome.json for a submission without one; nothing written', async () => {
    const sub = tempDir('takehome-empty-');
    const out = join(tempDir('takehome-out-'), 'ada');
    const r = await takehome(['grade', sub, '--exercise', 'rag', '--candidate', 'ada', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no takehome\.json in/);
    expect(r.stderr).toMatch(/next:/);
    expect(() => readFileSync(join(out, 'scorecard.json'))).toThrow();
  });

  it('takehome grade: exit 2 for an exercise it cannot grade, listing the valid ones', async () => {
    const r = await takehome(['grade', '.', '--exercise', 'chess', '--candidate', 'ada', '--out', '/tmp/x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Allowed choices are rag, ml/);
  });
});
