import type { Metric } from '../../../harness/scorecard';
import type { BootstrapResult } from './bootstrap';
import { METRICS } from './registry';
import { METRIC_NAMES, type MetricName, type MetricParams, type MetricResult } from './types';

/**
 * Scorecard entries (takehome.scorecard/v1 `metrics`) from a bootstrap run:
 * value, numerator and denominator of the point estimate, the percentile
 * interval, direction and description. A metric without a value keeps
 * value null and says why in its description, never dropped.
 */
export function toScorecardMetrics(result: BootstrapResult, params: Pick<MetricParams, 'threshold' | 'topPercent'>): Partial<Record<MetricName, Metric>> {
  const out: Partial<Record<MetricName, Metric>> = {};
  for (const name of METRIC_NAMES) {
    const entry = result.metrics[name];
    if (entry === undefined) continue;
    out[name] = toScorecardMetric(name, entry.estimate, params, entry.interval ?? undefined, entry.reason);
  }
  return out;
}

export function toScorecardMetric(
  name: MetricName,
  estimate: MetricResult<unknown>,
  params: Pick<MetricParams, 'threshold' | 'topPercent'>,
  interval?: Metric['interval'],
  intervalReason?: string,
): Metric {
  let description = METRICS[name].description;
  if (name === 'f1_at_threshold' || name === 'f1_regret') description += ` (threshold ${params.threshold})`;
  if (name === 'precision_at_top') description = `precision in the top ${params.topPercent}% by probability (ties at the cut shared)`;
  if (estimate.value === null && estimate.reason !== undefined) description += `; undefined: ${estimate.reason}`;
  else if (interval === undefined && intervalReason !== undefined) description += `; no interval: ${intervalReason}`;
  return {
    value: estimate.value,
    ...(estimate.numerator !== undefined ? { numerator: estimate.numerator } : {}),
    ...(estimate.denominator !== undefined ? { denominator: estimate.denominator } : {}),
    ...(interval !== undefined ? { interval } : {}),
    direction: METRICS[name].direction,
    description,
  };
}
