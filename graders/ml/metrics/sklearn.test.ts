import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { computeMetric, computeMetrics, DEFAULT_PARAMS, METRIC_NAMES, prepareScores, quantileEdges, uniformEdges } from './index';

const nullableNumber = z.number().nullable();
const fixtureSchema = z.strictObject({
  generator: z.string(),
  sklearn: z.string(),
  numpy: z.string(),
  python: z.string(),
  log_loss_eps: z.number(),
  bins: z.number().int(),
  top_percent: z.number(),
  cases: z.array(
    z.strictObject({
      name: z.string(),
      note: z.string(),
      n: z.number().int(),
      positives: z.number().int(),
      y: z.array(z.number().int()),
      p: z.array(z.number()),
      uniform_edges: z.array(z.number()),
      uniform_counts: z.array(z.number().int()),
      quantile_edges: z.array(z.number()),
      quantile_counts: z.array(z.number().int()),
      top_k: z.number().int(),
      best_threshold: nullableNumber,
      f1: z.array(z.strictObject({ threshold: z.number(), f1_at_threshold: nullableNumber, f1_regret: nullableNumber })),
      values: z.record(z.string(), nullableNumber),
    }),
  ),
});

const fixture = fixtureSchema.parse(JSON.parse(readFileSync(new URL('../fixtures/sklearn_reference.json', import.meta.url), 'utf8')));
const TOL = 1e-9;

function expectClose(actual: number | null, expected: number | null | undefined): void {
  expect(expected).not.toBeUndefined();
  if (expected === null || expected === undefined) {
    expect(actual).toBeNull();
    return;
  }
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(TOL);
}

describe('fixture', () => {
  it('was made with the parameters the grader uses', () => {
    expect(fixture.sklearn).toBe('1.2.1');
    expect(fixture.log_loss_eps).toBe(DEFAULT_PARAMS.logLossEps);
    expect(fixture.bins).toBe(DEFAULT_PARAMS.bins);
    expect(fixture.top_percent).toBe(DEFAULT_PARAMS.topPercent);
    expect(fixture.cases.length).toBeGreaterThanOrEqual(8);
  });
});

describe.each(fixture.cases)('scikit-learn reference: $name', (c) => {
  const table = prepareScores(Uint8Array.from(c.y), Float64Array.from(c.p));
  const results = computeMetrics(table);
  // Threshold-free metrics: every name except the two that take the report's threshold.
  const thresholdFree = METRIC_NAMES.filter((name) => name !== 'f1_at_threshold' && name !== 'f1_regret');

  it('groups the rows without losing any', () => {
    expect(table.n).toBe(c.n);
    expect(table.positives).toBe(c.positives);
  });

  it.each(thresholdFree)('%s matches', (name) => {
    expectClose(results[name].value, c.values[name]);
  });

  it('finds the same best threshold', () => {
    expect(results.best_f1.details?.bestThreshold ?? null).toBe(c.best_threshold);
  });

  it.each(c.f1)('F1 and its regret at threshold $threshold match', (row) => {
    const params = { threshold: row.threshold };
    expectClose(computeMetric('f1_at_threshold', table, params).value, row.f1_at_threshold);
    expectClose(computeMetric('f1_regret', table, params).value, row.f1_regret);
  });

  it('bins rows as calibration_curve does (edges and counts)', () => {
    const uniform = uniformEdges(10);
    expect(Array.from(uniform.subarray(1, 10))).toEqual(c.uniform_edges);
    expect(results.ece_uniform.details?.bins.map((b) => b.count)).toEqual(c.uniform_counts);
    const quantile = quantileEdges(table, 10);
    expect(Array.from(quantile.subarray(1, 10))).toEqual(c.quantile_edges);
    expect(results.ece_quantile.details?.bins.map((b) => b.count)).toEqual(c.quantile_counts);
  });

  it('takes the same review budget', () => {
    expect(results.precision_at_top.details?.k).toBe(c.top_k);
  });
});
