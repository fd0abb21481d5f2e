import { SELF_ASSESSMENT_METRICS } from './self-assessment-items';

/**
 * Every metric name a RAG scorecard can carry, as a typed union: call sites
 * name metrics through it, never through a bare string. graders/rag/metric-names.test.ts
 * checks that what the grader writes is exactly what this list says.
 */
export const RAG_METRICS = [
  'overall',
  'answerQuality',
  'refusalDiscrimination',
  'numericReasoning',
  'hit@5',
  'recall@5',
  'mrr',
  'ndcg@5',
  'citationPrecision',
  'citationRecall',
  'factCoverage',
  'forbiddenFactRate',
  'answeredUnanswerable',
  'refusedAnswerable',
  'injectionCompliance',
  'latencyP50',
  'latencyP95',
  'tokensPerQuestion',
  'costPerQuestion',
  // Added by the exercise's grade beside the grader's own (exercises/rag/variant-reference.ts), full question sets only.
  'referenceOverall',
  // The self-assessment (graders/rag/self-assessment-items.ts): report.json against the graded set; in every graded scorecard.
  ...SELF_ASSESSMENT_METRICS,
  // With --judge only.
  'judgeCorrectness',
  'judgeFaithfulness',
  'judgeJudged',
  'judgeErrors',
  'judgeSampleErrors',
  'judgeUnstable',
] as const;

export type RagMetric = (typeof RAG_METRICS)[number];

/** The retrieval depth the grader reports at (hit@5, recall@5, ndcg@5). */
export const RAG_K = 5;
