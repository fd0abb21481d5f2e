import { RAG_REPORT_SCHEMA_ID, type RagReport } from '../../../graders/rag/report';

/**
 * The kit's report.example.json: the shape of report.json with placeholders
 * that name no failure mode of the candidate's pipeline and suggest no choice
 * (its one failure mode is of the category "other"). Every figure is 0, so
 * a copy left as it is reads as nothing measured.
 */
export const KIT_EXAMPLE_RAG_REPORT: RagReport = {
  schema: RAG_REPORT_SCHEMA_ID,
  evaluation: {
    description: 'How you evaluated: what you ran after each change, on which questions, and what you read beyond the averages.',
    metrics: ['overall', 'citationPrecision'],
    dev: { before: { overall: 0 }, after: { overall: 0, citationPrecision: 0 } },
    eval_sets: [
      {
        file: 'evals/my-evals.jsonl',
        questions: 1,
        how_built: 'How you wrote these questions and their expected facts, and which failure mode each one targets.',
        figures: { overall: 0 },
      },
    ],
  },
  estimate: { overall: 0, low: 0, high: 0, reason: 'Why you expect this on the hidden questions, which differ from the dev questions in form.' },
  failure_modes: [
    {
      category: 'other',
      title: 'A failure mode you found',
      examples: ['my-eval-01'],
      action: 'What you did about it.',
      remaining: 'What is left, and what you would try next.',
    },
  ],
  chunking: { strategy: 'How you cut the documents into pieces.', reason: 'Why that suits this corpus.' },
};
