import { ML_REPORT_SCHEMA_ID, type MlReport } from '../../../graders/ml/report';

/**
 * The kit's report.example.json. Not the grader's EXAMPLE_ML_REPORT: that one
 * names a real column of the claims data as excluded, with the reason, which
 * would hand the candidate the answer to one trap. This one shows the shape
 * with placeholders that name no column of the data and suggest no choice.
 */
export const KIT_EXAMPLE_REPORT: MlReport = {
  schema: ML_REPORT_SCHEMA_ID,
  validation: {
    strategy: 'other',
    time_aware: false,
    group_aware: false,
    description: 'How you split the training claims for validation, and why that split tells you how the model will do on test.csv.',
    estimates: { roc_auc: 0.5, average_precision: 0.05 },
  },
  excluded_features: [{ column: 'some_column', reason: 'Why you chose not to use it.' }],
  data_issues: [{ issue: 'A problem you found in the data.', columns: ['some_column', 'another_column'], handling: 'What you did about it, and why.' }],
  imbalance: { method: 'other', recalibrated: false, description: 'How you handled the rare positive class, if at all, and whether your probabilities are calibrated.' },
  threshold: { value: 0.5, reason: 'Why this probability is the right cut-off for sending a claim to an investigator.' },
};
