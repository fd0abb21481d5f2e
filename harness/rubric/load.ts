import { readFile } from 'node:fs/promises';
import { parseYamlFile, type YamlProblem } from '../config/yaml';
import { ConfigError } from '../errors';
import { flagCodeSchema } from '../scorecard';
import { type Rubric, rubricSchema } from './schema';

export interface RubricContext {
  /** The exercise the rubric must be for. */
  exercise: string;
  /** The metric names its scorecards carry: an automatic criterion must name one of them. */
  metrics: readonly string[];
}

/**
 * Parse and validate a rubric (YAML). Every problem names the file, the line
 * and the field, and all of them are reported at once; a rubric that does not
 * validate is never used.
 */
export function parseRubric(text: string, file: string, context: RubricContext): Rubric {
  return parseYamlFile(text, file, rubricSchema, {
    hint: `fix ${file}; see harness/rubric/README.md for the format`,
    check: (rubric) => {
      const problems: YamlProblem[] = [];
      if (rubric.exercise !== context.exercise) problems.push({ path: ['exercise'], message: `this rubric is for "${rubric.exercise}", not "${context.exercise}"` });
      rubric.criteria.forEach((c, i) => {
        if (c.auto && !context.metrics.includes(c.auto.metric))
          problems.push({ path: ['criteria', i, 'auto', 'metric'], message: `unknown metric "${c.auto.metric}"; the ${context.exercise} scorecard carries: ${context.metrics.join(', ')}` });
        c.evidence?.metrics.forEach((m, j) => {
          if (!context.metrics.includes(m))
            problems.push({ path: ['criteria', i, 'evidence', 'metrics', j], message: `unknown metric "${m}"; the ${context.exercise} scorecard carries: ${context.metrics.join(', ')}` });
        });
        c.auto?.caps.forEach((cap, j) => {
          if (!flagCodeSchema.options.includes(cap.flag as never))
            problems.push({ path: ['criteria', i, 'auto', 'caps', j, 'flag'], message: `unknown flag "${cap.flag}"; flags: ${flagCodeSchema.options.join(', ')}` });
        });
      });
      return problems;
    },
  });
}

export async function loadRubric(file: string, context: RubricContext): Promise<Rubric> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read the rubric ${file}`, { cause, hint: `every exercise keeps its rubric in exercises/${context.exercise}/rubric.yaml` });
  }
  return parseRubric(text, file, context);
}
