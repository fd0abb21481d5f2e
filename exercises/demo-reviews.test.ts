import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExerciseRubric } from '../harness/exercise/rubric';
import { readReviewInput } from '../harness/review';
import { EXERCISES } from './index';

describe.each(Object.keys(EXERCISES))('the %s demo loop', (id) => {
  it('ships a valid review file for each of its three submissions and both interviewers, covering every manual criterion', async () => {
    const exercise = await EXERCISES[id as keyof typeof EXERCISES]();
    const demoLoop = exercise.calibration.demoLoop;
    if (!demoLoop) return;
    const { rubric } = await loadExerciseRubric(exercise);
    const manual = rubric.criteria.filter((c) => c.manual).map((c) => c.id);
    const dir = join(import.meta.dirname, '..', demoLoop.reviews);
    expect(readdirSync(dir).sort()).toEqual([...new Set(demoLoop.labels)].flatMap((l) => [`${l}.ines.yaml`, `${l}.omar.yaml`]).sort());
    for (const label of demoLoop.labels) {
      for (const interviewer of ['Ines', 'Omar']) {
        const reviews = await readReviewInput(join(dir, `${label}.${interviewer.toLowerCase()}.yaml`), { manual, candidateNames: [], interviewer });
        expect(reviews.map((r) => r.criterion).sort()).toEqual([...manual].sort());
      }
    }
  });
});
