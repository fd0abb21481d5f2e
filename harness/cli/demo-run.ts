import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeRagKey, writeRagKit } from '../kit/rag';
import type { Scorecard } from '../scorecard';
import { DEMO_SECRET, deriveCandidateSeed } from '../secrets';
import { runRagCalibration, type CalibrationCheck } from './calibrate-run';

export interface DemoOptions {
  outDir: string;
  json?: boolean;
  log: (line: string) => void;
}

export interface DemoResult {
  kits: { exercise: string; kit: string; key: string; commit: string }[];
  scorecards: { label: string; path: string; overall: number | null; status: Scorecard['status']; flags: string[] }[];
  checks: CalibrationCheck[];
  pass: boolean;
  summary: string;
}

export const DEMO_CANDIDATE = 'demo-candidate';

/**
 * The offline demo on the public demo secret: writes the demo candidate's RAG
 * kit and hidden key, then grades the reference and the three calibration
 * submissions on the demo candidate's hidden questions, in the sandbox,
 * through the metered offline gateway, prints them side by side and checks
 * the ranking the grader must give them. The demo owns OUT/kits and OUT/keys
 * and rewrites them on each run.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const outDir = resolve(options.outDir);
  options.log('takehome demo: public demo secret, offline backend (a deterministic extractive baseline, not an LLM)');
  const seed = deriveCandidateSeed(DEMO_SECRET, 'rag', DEMO_CANDIDATE);
  const kitDir = join(outDir, 'kits', 'rag');
  const keyDir = join(outDir, 'keys', 'rag');
  await rm(kitDir, { recursive: true, force: true });
  await rm(keyDir, { recursive: true, force: true });
  const kit = await writeRagKit(kitDir, seed);
  const key = await writeRagKey(keyDir, seed);
  options.log(`rag kit for ${DEMO_CANDIDATE} (variant ${seed.fingerprint}): ${kit.files} files in ${kitDir}, commit ${kit.commit.slice(0, 12)}`);
  options.log(`rag key: ${key.hiddenQuestions} hidden questions in ${keyDir}`);
  const calibration = await runRagCalibration({ secret: DEMO_SECRET, candidates: [DEMO_CANDIDATE], outDir, split: 'hidden', json: options.json, log: options.log });
  for (const g of calibration.grades) options.log(`report: ${g.path}`);
  return {
    kits: [{ exercise: 'rag', kit: kitDir, key: keyDir, commit: kit.commit }],
    scorecards: calibration.grades.map((g) => ({
      label: `rag/${g.label}`,
      path: g.path,
      overall: g.scorecard.metrics.overall?.value ?? null,
      status: g.scorecard.status,
      flags: g.scorecard.flags.map((f) => f.code),
    })),
    checks: calibration.checks,
    pass: calibration.pass,
    summary: calibration.pass
      ? `demo done: a kit and ${calibration.grades.length} submissions graded, ranking checks hold (reports in ${outDir})`
      : `demo done, but ${calibration.checks.filter((c) => !c.pass).length} ranking check(s) FAILED (reports in ${outDir})`,
  };
}
