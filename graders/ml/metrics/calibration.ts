import { quantilesOfGroups } from '../../../harness/stats';
import type { CalibrationBin, CalibrationDetails, MetricParams, MetricResult, PrevalenceDetails, ScoreTable } from './types';

/**
 * Equal-width edges 0, 1/B, ..., 1 computed as numpy.linspace does (k * (1/B)),
 * so 3/10 is 0.30000000000000004 exactly as in scikit-learn's calibration_curve.
 */
export function uniformEdges(bins: number): Float64Array {
  const edges = new Float64Array(bins + 1);
  const step = 1 / bins;
  for (let k = 0; k < bins; k++) edges[k] = k * step;
  edges[bins] = 1;
  return edges;
}

/**
 * Equal-mass edges: numpy.percentile(p, linspace(0, 1, B + 1) * 100) with the
 * default linear method and numpy's own interpolation, over the table's rows
 * (each group counted by its weight): harness/stats' quantilesOfGroups.
 */
export function quantileEdges(t: ScoreTable, bins: number): Float64Array {
  const qs = new Float64Array(bins + 1);
  const step = 1 / bins;
  for (let k = 0; k <= bins; k++) qs[k] = k === bins ? 1 : (k * step * 100) / 100;
  return quantilesOfGroups(t.scores, (g) => (t.pos[g] as number) + (t.neg[g] as number), t.n, qs, 'numpy');
}

/**
 * ECE = sum over bins of |sum p - sum y| / n = sum of |mean p - mean y| * n_bin / n.
 * A row goes in bin b = the number of inner edges strictly below p, which is
 * numpy.searchsorted(edges[1:-1], p) as in calibration_curve: bins are
 * (lower, upper], the first also holds p = 0 (or the minimum), and p = 1.0 is
 * in the last bin.
 */
export function eceWithEdges(t: ScoreTable, edges: Float64Array): MetricResult<CalibrationDetails> {
  if (t.n === 0) return { value: null, reason: 'no rows' };
  const bins = edges.length - 1;
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  // Scores descend, so the bin only ever steps down: sum in locals, store on a step.
  let b = bins - 1;
  let c = 0;
  let sp = 0;
  let sy = 0;
  for (let g = 0; g < t.scores.length; g++) {
    const s = t.scores[g] as number;
    if (b > 0 && !((edges[b] as number) < s)) {
      count[b] = c;
      sumP[b] = sp;
      sumY[b] = sy;
      c = 0;
      sp = 0;
      sy = 0;
      while (b > 0 && !((edges[b] as number) < s)) b--;
    }
    const pos = t.pos[g] as number;
    const rows = pos + (t.neg[g] as number);
    c += rows;
    sp += rows * s;
    sy += pos;
  }
  count[b] = c;
  sumP[b] = sp;
  sumY[b] = sy;
  let gap = 0;
  const out: CalibrationBin[] = [];
  for (let k = 0; k < bins; k++) {
    const c = count[k] as number;
    gap += Math.abs((sumP[k] as number) - (sumY[k] as number));
    out.push({
      lower: edges[k] as number,
      upper: edges[k + 1] as number,
      count: c,
      meanP: c > 0 ? (sumP[k] as number) / c : null,
      meanY: c > 0 ? (sumY[k] as number) / c : null,
    });
  }
  return { value: gap / t.n, numerator: gap, denominator: t.n, details: { bins: out } };
}

/** ECE over params.bins equal-width bins of p. */
export function eceUniform(t: ScoreTable, params: MetricParams): MetricResult<CalibrationDetails> {
  return eceWithEdges(t, uniformEdges(params.bins));
}

/** ECE over params.bins equal-mass bins (edges at the p quantiles; tied rows stay in one bin, so bins may be uneven or empty). */
export function eceQuantile(t: ScoreTable, params: MetricParams): MetricResult<CalibrationDetails> {
  if (t.n === 0) return { value: null, reason: 'no rows' };
  return eceWithEdges(t, quantileEdges(t, params.bins));
}

/** mean(p) - prevalence: > 0 over-predicts the positive class, < 0 under-predicts. */
export function calibrationInTheLarge(t: ScoreTable): MetricResult<PrevalenceDetails & { meanP: number }> {
  if (t.n === 0) return { value: null, reason: 'no rows' };
  let sumP = 0;
  for (let g = 0; g < t.scores.length; g++) sumP += ((t.pos[g] as number) + (t.neg[g] as number)) * (t.scores[g] as number);
  const meanP = sumP / t.n;
  const prevalence = t.positives / t.n;
  return { value: meanP - prevalence, details: { prevalence, meanP } };
}
