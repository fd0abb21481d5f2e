import type { ExerciseTable } from '../exercise';

/** Where the CLI reads and writes: the real process, or a test's buffers. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  /** stderr when it is a terminal: progress bars draw there; undefined in pipes, CI and tests. */
  tty?: NodeJS.WriteStream | undefined;
}

export interface CliContext {
  io: CliIO;
  exercises: ExerciseTable;
  /** The exit code main returns: the highest any command reported (0 done, 1 submission invalid). */
  exitCode: number;
}

export function processIO(): CliIO {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    tty: process.stderr.isTTY ? process.stderr : undefined,
  };
}

/**
 * A command's action: it returns its exit code instead of setting one, and
 * the context keeps it for main. Errors propagate to main's one catch.
 */
export function act<A extends unknown[]>(context: CliContext, body: (...args: A) => Promise<number>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    context.exitCode = Math.max(context.exitCode, await body(...args));
  };
}

/** Load one exercise of the table; commander's .choices() has already checked the id. */
export async function loadExercise(context: CliContext, id: string) {
  const load = context.exercises[id];
  if (!load) throw new Error(`unknown exercise ${id}`);
  return load();
}

/**
 * What kit and key do first: the exercise, an empty or absent OUT (nothing is
 * ever overwritten), the secret (its warnings printed) and the candidate's seed.
 */
export async function prepareCandidateOutput(context: CliContext, id: string, flags: { candidate: string; out: string; secretFile?: string | undefined }) {
  const { assertEmptyOrAbsent } = await import('../kit');
  const { resolveSecret, deriveCandidateSeed } = await import('../secrets');
  const exercise = await loadExercise(context, id);
  await assertEmptyOrAbsent(flags.out);
  const secret = resolveSecret({ secretFile: flags.secretFile, env: context.io.env });
  for (const warning of secret.warnings) context.io.err(`${warning}\n`);
  return { exercise, seed: deriveCandidateSeed(secret.value, exercise.id, flags.candidate) };
}
