import { join } from 'node:path';
import { gradeRag } from '../../graders/rag/grade';
import type { BenchContext, BenchReport } from '../types';

/**
 * Grading the RAG reference on a candidate's full hidden set, offline, in the
 * sandbox: wall time (ingest included) and the harness's own time per question
 * once an answer has arrived (bookkeeping, scoring, evidence).
 */
export async function run(ctx: BenchContext): Promise<BenchReport> {
  const start = performance.now();
  const sc = await gradeRag({ submissionDir: join(ctx.root, 'exercises/rag/reference'), secret: 'demo', candidate: 'bench-candidate', split: 'hidden', log: ctx.log });
  const wallS = (performance.now() - start) / 1000;
  const questions = sc.metrics.overall?.denominator ?? 0;
  const overhead = sc.timing?.harnessOverheadP50Ms ?? Number.NaN;
  return {
    metrics: [
      { name: 'hidden questions graded', value: questions, unit: 'questions' },
      { name: 'grade wall time (ingest included)', value: Number(wallS.toFixed(2)), unit: 's', goal: '< 60 s', pass: wallS < 60 },
      { name: 'ingest', value: Number(((sc.timing?.ingestMs ?? 0) / 1000).toFixed(2)), unit: 's' },
      { name: 'pipeline latency p50', value: Number((sc.timing?.latencyP50Ms ?? 0).toFixed(2)), unit: 'ms' },
      { name: 'harness overhead per question p50', value: Number(overhead.toFixed(3)), unit: 'ms', goal: '< 5 ms', pass: overhead < 5 },
    ],
    notes: [
      'reference pipeline, demo secret, candidate "bench-candidate", offline gateway, sandbox isolated when run as root',
      "harness overhead = time from an answer line arriving to the next question being sent (gateway bookkeeping, scoring, evidence); the pipeline's own time is excluded",
    ],
  };
}
