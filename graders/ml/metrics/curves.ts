import { eceQuantile } from './calibration';
import { DEFAULT_PARAMS, type ScoreTable } from './types';

/**
 * What a comparison page draws for one model: its ROC and precision-recall
 * curves and its reliability diagram, as a scorecard item's evidence. Display
 * data only (no score rests on it): points are thinned to at most
 * MAX_CURVE_POINTS and rounded to 4 decimals to keep the scorecard small.
 */
export interface CurveEvidence {
  /** [false positive rate, true positive rate], from (0, 0) to (1, 1), one point per distinct score (thinned). */
  roc: [number, number][];
  /** [recall, precision] at each distinct score, highest score first (thinned). */
  pr: [number, number][];
  /** The equal-mass bins of ece_quantile: mean predicted probability, observed positive rate, rows. */
  calibration: { predicted: number; observed: number; rows: number }[];
  /** The hidden set's prevalence: the precision of a model that ranks at random. */
  prevalence: number;
}

export const MAX_CURVE_POINTS = 101;

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** Keep at most MAX points, evenly spaced by index, always the first and the last. */
function thin<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  return Array.from({ length: max }, (_, i) => points[Math.round((i * (points.length - 1)) / (max - 1))] as T);
}

export function curveEvidence(t: ScoreTable, maxPoints = MAX_CURVE_POINTS): CurveEvidence | undefined {
  if (t.positives === 0 || t.negatives === 0) return undefined;
  const roc: [number, number][] = [[0, 0]];
  const pr: [number, number][] = [];
  let tp = 0;
  let fp = 0;
  for (let g = 0; g < t.scores.length; g++) {
    tp += t.pos[g] as number;
    fp += t.neg[g] as number;
    roc.push([round4(fp / t.negatives), round4(tp / t.positives)]);
    pr.push([round4(tp / t.positives), round4(tp / (tp + fp))]);
  }
  const bins = eceQuantile(t, DEFAULT_PARAMS).details?.bins ?? [];
  return {
    roc: thin(roc, maxPoints),
    pr: thin(pr, maxPoints),
    calibration: bins.filter((b) => b.count > 0 && b.meanP !== null && b.meanY !== null).map((b) => ({ predicted: round4(b.meanP as number), observed: round4(b.meanY as number), rows: b.count })),
    prevalence: round4(t.positives / t.n),
  };
}
