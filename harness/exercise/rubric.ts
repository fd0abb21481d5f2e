import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors';
import { parseRubric, type Rubric } from '../rubric';
import type { Exercise } from './contract';

export interface LoadedRubric {
  rubric: Rubric;
  /** sha256 of the rubric file's text: recorded with every review and every rubric section. */
  sha256: string;
  file: string;
}

/** The exercise's rubric, validated against its metric names; a usage error when the exercise has none. */
export async function loadExerciseRubric(exercise: Exercise): Promise<LoadedRubric> {
  const file = exercise.rubricFile;
  if (!file) throw new ConfigError(`the ${exercise.id} exercise has no rubric`, { hint: `add exercises/${exercise.id}/rubric.yaml and name it as rubricFile in the exercise object` });
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read the rubric ${file}`, { cause, hint: `every exercise keeps its rubric in exercises/${exercise.id}/rubric.yaml` });
  }
  return { rubric: parseRubric(text, file, { exercise: exercise.id, metrics: exercise.metrics }), sha256: createHash('sha256').update(text).digest('hex'), file };
}

/** Whether any automatic criterion is taken relative to the reference (then scoring needs the reference's scorecard). */
export function needsReference(rubric: Rubric): boolean {
  return rubric.criteria.some((c) => c.auto?.relativeToReference);
}
