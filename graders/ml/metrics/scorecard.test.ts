import { describe, expect, it } from 'vitest';
import { metricSchema } from '../../../harness/scorecard';
import { RandomStream } from '../../../harness/secrets';
import { bootstrapMetrics, METRIC_NAMES, prepareScores, toScorecardMetrics } from './index';

describe('toScorecardMetrics', () => {
  const stream = () => new RandomStream(Buffer.from('scorecard-test'), 'bootstrap');
  it('gives every metric as a valid scorecard metric with its interval', () => {
    const y = Uint8Array.from([1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0]);
    const p = Float64Array.from([0.9, 0.8, 0.7, 0.6, 0.5, 0.45, 0.4, 0.3, 0.3, 0.2, 0.1, 0.05]);
    const boot = bootstrapMetrics(prepareScores(y, p), { stream: stream(), replicates: 50, params: { threshold: 0.4 } });
    const metrics = toScorecardMetrics(boot, { threshold: 0.4, topPercent: 5 });
    expect(Object.keys(metrics)).toEqual([...METRIC_NAMES]);
    for (const name of METRIC_NAMES) {
      const m = metricSchema.parse(metrics[name]);
      expect(m.value).toBe(boot.metrics[name]!.estimate.value);
      expect(m.interval).toEqual(boot.metrics[name]!.interval);
    }
    expect(metrics.f1_at_threshold!.description).toContain('threshold 0.4');
    expect(metrics.log_loss!.direction).toBe('lower');
  });

  it('keeps an undefined metric as value null with the reason in its description', () => {
    const boot = bootstrapMetrics(prepareScores(Uint8Array.from([0, 0]), Float64Array.from([0.1, 0.2])), { stream: stream(), replicates: 10 });
    const metrics = toScorecardMetrics(boot, { threshold: 0.5, topPercent: 5 });
    const auc = metricSchema.parse(metrics.roc_auc);
    expect(auc.value).toBeNull();
    expect(auc.interval).toBeUndefined();
    expect(auc.description).toMatch(/undefined: no positives/);
  });
});
