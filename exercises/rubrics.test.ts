import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ML_METRICS } from '../graders/ml/metric-names';
import { RAG_METRICS } from '../graders/rag/metric-names';
import { loadRubric } from '../harness/rubric';
import { HARNESS_ROOT } from '../harness/sandbox';

describe.each([
  ['rag', RAG_METRICS],
  ['ml', ML_METRICS],
] as const)('exercises/%s/rubric.yaml', (exercise, metrics) => {
  it('validates against the metrics its scorecards carry, with automatic and manual criteria', async () => {
    const rubric = await loadRubric(join(HARNESS_ROOT, 'exercises', exercise, 'rubric.yaml'), { exercise, metrics });
    expect(rubric.criteria.some((c) => c.auto)).toBe(true);
    expect(rubric.criteria.some((c) => c.manual)).toBe(true);
  });
});
