import type { Exercise, ExerciseTable } from '../harness/exercise';

/**
 * Every exercise the harness knows. Each entry loads its exercise lazily, so
 * `takehome --help` does not pay for graders it does not run. Adding an
 * exercise: a folder exercises/<id>/ whose index.ts exports its Exercise
 * object, and one line here.
 */
export const EXERCISES = {
  rag: async (): Promise<Exercise> => (await import('./rag')).ragExercise,
  ml: async (): Promise<Exercise> => (await import('./ml')).mlExercise,
} satisfies ExerciseTable;
