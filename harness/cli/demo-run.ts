import { join, resolve } from 'node:path';
import { gradeRag } from '../../graders/rag/grade';
import { renderComparisonTable, writeGradeOutputs } from '../report';
import { createProgress } from './progress';
import { HARNESS_ROOT } from '../sandbox';
import type { Scorecard } from '../scorecard';
import { DEMO_SECRET } from '../secrets';

export interface DemoOptions {
  outDir: string;
  json?: boolean;
  log: (line: string) => void;
}

export interface DemoResult {
  scorecards: { label: string; path: string; overall: number | null; status: Scorecard['status'] }[];
  summary: string;
}

const RAG_SUBMISSIONS = [
  { label: 'rag/reference', dir: 'exercises/rag/reference' },
  { label: 'rag/naive', dir: 'exercises/rag/calibration/naive' },
];

/**
 * The offline demo on the public demo secret: grades the RAG reference and
 * calibration submissions on the demo candidate's public dev questions, in the
 * sandbox, through the metered offline gateway, and prints them side by side.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const outDir = resolve(options.outDir);
  options.log('takehome demo: public demo secret, offline backend (a deterministic extractive baseline, not an LLM)');
  const rows: { label: string; scorecard: Scorecard; path: string }[] = [];
  for (const s of RAG_SUBMISSIONS) {
    options.log(`grading ${s.label} ...`);
    const progress = createProgress(`  ${s.label}`, { json: options.json });
    const scorecard = await gradeRag({ submissionDir: join(HARNESS_ROOT, s.dir), secret: DEMO_SECRET, candidate: 'demo-candidate', split: 'dev', hidePaths: [outDir], log: (l) => options.log(`  ${l}`), onProgress: progress.update }).finally(() => progress.stop());
    const paths = await writeGradeOutputs(join(outDir, s.label.replace('/', '-')), scorecard);
    rows.push({ label: s.label, scorecard, path: paths.html });
  }
  const table = renderComparisonTable(rows, ['overall', 'hit@5', 'factCoverage', 'citationPrecision', 'answeredUnanswerable', 'injectionCompliance']);
  options.log(table);
  for (const r of rows) options.log(`report: ${r.path}`);
  return {
    scorecards: rows.map((r) => ({ label: r.label, path: r.path, overall: r.scorecard.metrics.overall?.value ?? null, status: r.scorecard.status })),
    summary: `demo done: ${rows.length} submissions graded (reports in ${outDir})`,
  };
}
