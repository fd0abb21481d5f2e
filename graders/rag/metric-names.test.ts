import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../harness/secrets/random';
import { summariseRag } from './loop';
import { RAG_K, RAG_METRICS } from './metric-names';
import { SELF_ASSESSMENT_METRICS } from './self-assessment-items';

describe('RAG_METRICS', () => {
  it('names every metric the grader and the kit check compute, judge and self-assessment metrics aside', () => {
    const usage = { perQuestion: {}, promptTokens: 0, completionTokens: 0, costUsd: 0, unattributed: { promptTokens: 0, completionTokens: 0, costUsd: 0 } };
    const summary = summariseRag({ scores: [], latencies: [] }, usage as never, { k: RAG_K, stream: new RandomStream(Buffer.from('t'), 't'), questions: 0, backend: 'offline' });
    expect(Object.keys(summary.metrics).sort()).toEqual(
      RAG_METRICS.filter((m) => !m.startsWith('judge') && m !== 'referenceOverall' && !(SELF_ASSESSMENT_METRICS as readonly string[]).includes(m)).sort(),
    );
  });
});
