import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { parseYamlFile, type YamlProblem } from '../config/yaml';
import { ConfigError } from '../errors';
import type { NewReview } from './log';

export const REVIEW_INPUT_SCHEMA = 'takehome.review-input/v1';

const reviewInputSchema = z.strictObject({
  schema: z.literal(REVIEW_INPUT_SCHEMA).optional(),
  /** Optional: when given, it must be the candidate (id or pseudonym) and interviewer on the command line. */
  candidate: z.string().min(1).optional(),
  interviewer: z.string().min(1).optional(),
  levels: z.record(
    z.string(),
    z.strictObject({
      level: z.number({ error: 'a level is 1 (strong no), 2 (no), 3 (yes) or 4 (strong yes)' }).int().min(1, 'a level is 1 to 4').max(4, 'a level is 1 to 4'),
      note: z.string({ error: 'a note saying why is required' }).trim().min(1, 'a note saying why is required'),
    }),
  ),
});

export interface ReviewInputContext {
  /** The criteria an interviewer levels (manual ones), by id. */
  manual: readonly string[];
  /** The candidate as named on the command line: its id, or its pseudonym. */
  candidateNames: readonly string[];
  interviewer: string;
}

/**
 * Read an interviewer's review from YAML (`takehome review --from FILE`):
 *
 *     schema: takehome.review-input/v1     # optional
 *     levels:
 *       write-up: { level: 3, note: "argued choices, two failure modes with examples" }
 *
 * Every problem names the file, the line and the field.
 */
export function parseReviewInput(text: string, file: string, context: ReviewInputContext): NewReview[] {
  const input = parseYamlFile(text, file, reviewInputSchema, {
    hint: `fix ${file}; levels maps each manual criterion (${context.manual.join(', ')}) to { level: 1-4, note: "..." }`,
    check: (value) => {
      const problems: YamlProblem[] = [];
      if (value.candidate !== undefined && !context.candidateNames.includes(value.candidate))
        problems.push({ path: ['candidate'], message: `this review is for "${value.candidate}", not the candidate on the command line` });
      if (value.interviewer !== undefined && value.interviewer !== context.interviewer)
        problems.push({ path: ['interviewer'], message: `this review is by "${value.interviewer}", not --interviewer ${context.interviewer}` });
      const ids = Object.keys(value.levels);
      if (ids.length === 0) problems.push({ path: ['levels'], message: `give at least one criterion: ${context.manual.join(', ')}` });
      for (const id of ids) {
        if (!context.manual.includes(id)) problems.push({ path: ['levels', id], message: `"${id}" is not a criterion an interviewer levels; the manual criteria: ${context.manual.join(', ')}` });
      }
      return problems;
    },
  });
  return Object.entries(input.levels).map(([criterion, r]) => ({ criterion, level: r.level, note: r.note }));
}

export async function readReviewInput(file: string, context: ReviewInputContext): Promise<NewReview[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read the review file ${file}`, { cause, hint: 'check the path given to --from' });
  }
  return parseReviewInput(text, file, context);
}
