import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { InvalidSubmissionError } from '../../harness/errors';
import { fieldPath } from '../../harness/submission/json-report';

/**
 * report.json, the candidate's structured account of the work: how they
 * validated (and what they expect the hidden score to be), which columns they
 * dropped and why, what data issues they found, how they handled imbalance,
 * and their decision threshold. The grader reads it next to the leakage
 * probes (graders/ml/probes.ts) to decide per trap: fell for it, avoided it,
 * or unknown.
 */

export const ML_REPORT_SCHEMA_ID = 'takehome.ml-report/v1';
export const REPORT_FILE = 'report.json';

const text = z.string().max(2000, 'at most 2000 characters');
const score = z.number().min(0, 'must be in [0, 1]').max(1, 'must be in [0, 1]');

export const VALIDATION_STRATEGIES = ['time-split', 'group-kfold', 'time-group-split', 'random-kfold', 'stratified-kfold', 'holdout', 'other'] as const;
export const IMBALANCE_METHODS = ['none', 'class-weights', 'oversampling', 'undersampling', 'threshold-only', 'other'] as const;

export const mlReportSchema = z
  .strictObject({
    schema: z.literal(ML_REPORT_SCHEMA_ID),
    validation: z.strictObject({
      strategy: z.enum(VALIDATION_STRATEGIES),
      time_aware: z.boolean(),
      group_aware: z.boolean(),
      description: text,
      estimates: z.strictObject({ roc_auc: score.optional(), average_precision: score.optional() }).refine((e) => e.roc_auc !== undefined || e.average_precision !== undefined, {
        message: 'give at least one of roc_auc, average_precision',
      }),
    }),
    excluded_features: z.array(z.strictObject({ column: z.string().min(1).max(200), reason: text })),
    data_issues: z.array(z.strictObject({ issue: text, columns: z.array(z.string().max(200)), handling: text })),
    imbalance: z.strictObject({
      method: z.enum(IMBALANCE_METHODS),
      recalibrated: z.boolean(),
      description: text,
    }),
    threshold: z.strictObject({ value: score, reason: text }),
  })
  .meta({ title: 'takehome ML report', description: 'report.json of the takehome ML exercise' });

export type MlReport = z.infer<typeof mlReportSchema>;

/** JSON Schema of report.json (draft 2020-12), for the kit and editors. */
export function mlReportJsonSchema(): Record<string, unknown> {
  return { $id: ML_REPORT_SCHEMA_ID, ...(z.toJSONSchema(mlReportSchema) as Record<string, unknown>) };
}

export const EXAMPLE_ML_REPORT: MlReport = {
  schema: ML_REPORT_SCHEMA_ID,
  validation: {
    strategy: 'time-group-split',
    time_aware: true,
    group_aware: true,
    description: 'Trained on claims filed before the last two months, validated on the last two months; all claims of one policyholder stay on one side.',
    estimates: { roc_auc: 0.8, average_precision: 0.3 },
  },
  excluded_features: [{ column: 'investigation_calls', reason: 'recorded after the outcome' }],
  data_issues: [{ issue: 'mixed null tokens', columns: ['repair_estimate'], handling: 'mapped "N/A", "-" and "" to missing' }],
  imbalance: { method: 'class-weights', recalibrated: true, description: 'balanced class weights, then Platt scaling on the validation fold' },
  threshold: { value: 0.25, reason: 'maximises expected savings at the stated review cost' },
};

const HINT = `report.json must follow ${ML_REPORT_SCHEMA_ID}; see the example in exercises/ml/README.md`;

/** Validate a parsed value; problems as `field: message` strings (empty when valid). */
export function checkMlReport(value: unknown): { report: MlReport; problems: [] } | { report: undefined; problems: string[] } {
  const parsed = mlReportSchema.safeParse(value);
  if (parsed.success) return { report: parsed.data, problems: [] };
  return { report: undefined, problems: parsed.error.issues.map((i) => `field ${fieldPath(i.path)}: ${i.message}`) };
}

/** Read and validate SUBMISSION/report.json; InvalidSubmissionError names the field and the next step. */
export async function parseMlReport(path: string, options: { label?: string } = {}): Promise<MlReport> {
  const label = options.label ?? path;
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new InvalidSubmissionError(missing ? `no report.json at ${label}` : `cannot read ${label}: ${(cause as Error).message}`, { cause, hint: HINT });
  }
  let value: unknown;
  try {
    value = JSON.parse(raw.replace(/^\uFEFF/, ''));
  } catch (cause) {
    throw new InvalidSubmissionError(`${label} is not valid JSON: ${(cause as Error).message}`, { cause, hint: HINT });
  }
  const checked = checkMlReport(value);
  if (checked.report) return checked.report;
  const shown = checked.problems.slice(0, 10);
  const more = checked.problems.length - shown.length;
  throw new InvalidSubmissionError(`${label}: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`, { hint: HINT });
}
