import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gradeRag } from '../../graders/rag/grade';
import type { BenchContext, BenchReport } from '../types';

/**
 * A hostile RAG submission that stops answering after its third question,
 * graded on a full hidden set with the default limits (20 s a question): the
 * grade must end in under 3 minutes (issue 11), not in one limit per
 * remaining question (about 53 minutes before restarts and cut-offs).
 *
 * Two forms: `persistent` keeps its count in the working copy, so a restarted
 * process never answers again (cut off after three failures in a row);
 * `per-process` counts per process, so each restart answers the warm-up and two
 * more questions before hanging again (cut off at the restart limit).
 */
const HANGER = (persistent: boolean) => `
import fs from 'node:fs';
import readline from 'node:readline';
let mine = 0;
const rl = readline.createInterface({ input: process.stdin });
for await (const line of rl) {
  const q = JSON.parse(line);
  let n = mine;
  if (${persistent}) { try { n = Number(fs.readFileSync('count', 'utf8')); } catch {} }
  if (n >= 3) await new Promise(() => setInterval(() => undefined, 1000));
  mine = n + 1;
  if (${persistent}) fs.writeFileSync('count', String(mine));
  console.log(JSON.stringify({ id: q.id, answer: 'no idea', citations: [], refused: false }));
}
`;

export async function run(ctx: BenchContext): Promise<BenchReport> {
  const metrics: BenchReport['metrics'] = [];
  const notes: string[] = [];
  for (const form of ['persistent', 'per-process'] as const) {
    const sub = await mkdtemp(join(tmpdir(), 'takehome-bench-hang-'));
    try {
      await writeFile(join(sub, 'takehome.json'), JSON.stringify({ exercise: 'rag', ingest: 'true', answer: 'node answer.mjs' }));
      await writeFile(join(sub, 'answer.mjs'), HANGER(form === 'persistent'));
      const start = performance.now();
      const sc = await gradeRag({ submissionDir: sub, secret: 'demo', candidate: 'bench-candidate', split: 'hidden', log: ctx.log });
      const wallS = (performance.now() - start) / 1000;
      const proc = sc.items.find((i) => i.id === 'answer-process')?.evidence as { restarts: number; timeouts: number; cutOff: string | null; notAsked: number } | undefined;
      metrics.push(
        { name: `${form}: hidden questions`, value: sc.metrics.overall?.denominator ?? 0, unit: 'questions' },
        { name: `${form}: grade wall time`, value: Number(wallS.toFixed(1)), unit: 's', goal: '< 180 s', pass: wallS < 180 },
        { name: `${form}: timeouts`, value: proc?.timeouts ?? -1, unit: 'questions' },
        { name: `${form}: restarts`, value: proc?.restarts ?? -1, unit: 'restarts' },
        { name: `${form}: questions not asked`, value: proc?.notAsked ?? -1, unit: 'questions' },
      );
      notes.push(`${form}: cut off: ${proc?.cutOff ?? 'no'}; sandbox ${sc.sandbox?.mode ?? '?'}`);
    } finally {
      await rm(sub, { recursive: true, force: true });
    }
  }
  notes.push('default limits: 20 s a question, start-up 120 s (a restart gets 3x the first start-up, at least 20 s), 3 failures in a row or 5 restarts end the answer phase');
  return { metrics, notes };
}
