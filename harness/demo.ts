import { deriveCandidateSeed, DEMO_SECRET } from './secrets';

export interface DemoOptions {
  outDir: string;
  log: (line: string) => void;
}

export interface DemoResult {
  variants: { exercise: string; candidate: string; fingerprint: string }[];
  summary: string;
}

/** The offline demo; it grows with each capability of the harness. */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const variants = ['rag', 'ml'].map((exercise) => {
    const seed = deriveCandidateSeed(DEMO_SECRET, exercise, 'demo-candidate');
    return { exercise, candidate: seed.candidate, fingerprint: seed.fingerprint };
  });
  for (const v of variants) options.log(`variant ${v.exercise}/${v.candidate}: ${v.fingerprint}`);
  return { variants, summary: `demo done: ${variants.length} variants derived (output in ${options.outDir})` };
}
