import { quantileSorted } from '../harness/stats';
/** The contract between `npm run bench` (bench/run.ts) and each bench/<name>/index.ts. */
export interface BenchMetric {
  name: string;
  value: number;
  unit: string;
  /** Human-readable goal, e.g. "< 1 ms". */
  goal?: string;
  /** Whether the goal was met, when there is one. */
  pass?: boolean;
}

export interface BenchReport {
  metrics: BenchMetric[];
  /** Caveats a reader needs: sample sizes, what was compared, machine noise. */
  notes: string[];
}

export interface BenchContext {
  /** Repository root. */
  root: string;
  log: (line: string) => void;
}

/** Each bench module exports `run`. */
export type BenchModule = { run: (ctx: BenchContext) => Promise<BenchReport> };

/** p-th percentile (0..100) of samples, by linear interpolation (harness/stats does the arithmetic). */
export function percentile(samples: readonly number[], p: number): number {
  return quantileSorted(Float64Array.from(samples).sort(), p / 100);
}
