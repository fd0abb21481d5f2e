/**
 * A candidate's estimate of a hidden score, against that score and its 95%
 * interval: the self-knowledge comparison both exercises make (ML: the
 * report's validation estimate of ROC-AUC and average precision; RAG: the
 * report's estimate of `overall`).
 *
 * optimistic: above the interval's upper end + margin; pessimistic: below its
 * lower end - margin; within otherwise; unknown without a hidden value. The
 * margin keeps an estimate that grazes the interval from reading as wrong.
 */
export type EstimateDirection = 'optimistic' | 'pessimistic' | 'within' | 'unknown';

export interface HiddenScore {
  value: number | null;
  interval?: { low: number; high: number } | undefined;
}

export interface EstimateComparison {
  estimate: number;
  hidden: number | null;
  interval: { low: number; high: number } | null;
  /** estimate - hidden. */
  gap: number | null;
  margin: number;
  direction: EstimateDirection;
}

export function compareEstimate(estimate: number, hidden: HiddenScore | undefined, margin: number): EstimateComparison {
  const value = hidden?.value ?? null;
  const interval = hidden?.interval ? { low: hidden.interval.low, high: hidden.interval.high } : null;
  const upper = interval?.high ?? value;
  const lower = interval?.low ?? value;
  const direction: EstimateDirection = upper === null || lower === null ? 'unknown' : estimate > upper + margin ? 'optimistic' : estimate < lower - margin ? 'pessimistic' : 'within';
  return { estimate, hidden: value, interval, gap: value === null ? null : estimate - value, margin, direction };
}
