import { UsageError } from '../errors';
import type { ExerciseTable } from '../exercise';
import type { Loop } from '../loop';

/** Where the CLI reads and writes: the real process, or a test's buffers. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  /** stderr when it is a terminal: progress bars draw there; undefined in pipes, CI and tests. */
  tty?: NodeJS.WriteStream | undefined;
  /** stdout is a colour terminal (false with NO_COLOR, in pipes, CI and tests): tables and verdicts in colour. */
  color?: boolean | undefined;
  /** Where a hiring loop is looked for when no --loop is given (default: the process's working folder). */
  cwd?: string | undefined;
  /** stdin and stdout are a terminal: `review` may prompt. */
  interactive?: boolean | undefined;
  /** The prompts `review` asks on a terminal (default: @inquirer/prompts; tests pass scripted ones). */
  prompts?: Prompts | undefined;
}

/** The few prompts the CLI asks, in @inquirer/prompts' shape. */
export interface Prompts {
  select<T>(options: { message: string; choices: { name: string; value: T; description?: string }[]; default?: T }): Promise<T>;
  input(options: { message: string; default?: string; validate?: (value: string) => boolean | string }): Promise<string>;
  confirm(options: { message: string; default?: boolean }): Promise<boolean>;
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
    // hasColors() is false with NO_COLOR (or NODE_DISABLE_COLORS, TERM=dumb).
    color: process.stdout.isTTY === true && process.stdout.hasColors(),
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
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

/** Flags every loop-aware command takes. */
export interface LoopFlags {
  loop?: string | undefined;
  secretFile?: string | undefined;
}

/**
 * The hiring loop a command runs in: --loop DIR, else the loop folder that
 * holds the working folder, else none (every command works without a loop).
 */
export async function resolveLoop(context: CliContext, flags: LoopFlags): Promise<Loop | undefined> {
  // The finder alone first: outside a loop the config's parser (yaml, zod) is never loaded.
  const { findLoopDir } = await import('../loop/find');
  const dir = flags.loop ?? findLoopDir(context.io.cwd ?? process.cwd());
  if (dir === undefined) return undefined;
  const { loadLoop } = await import('../loop');
  return loadLoop(dir, Object.keys(context.exercises));
}

/**
 * In a loop, a candidate and an exercise must be the loop's: a mistyped id
 * would silently make another variant. Outside a loop anything valid goes.
 */
export function checkInLoop(loop: Loop | undefined, exercise: string, candidate: string): void {
  if (!loop) return;
  const file = `${loop.dir}/takehome.loop.yaml`;
  if (!loop.config.exercises.includes(exercise))
    throw new UsageError(`exercise "${exercise}" is not part of the loop in ${loop.dir}`, { hint: `the loop's exercises: ${loop.config.exercises.join(', ')}; add it to ${file} if it should be` });
  if (!loop.config.candidates.includes(candidate)) {
    throw new UsageError(`candidate "${candidate}" is not in the loop in ${loop.dir}`, {
      hint: `the loop's candidates: ${loop.config.candidates.join(', ') || '(none yet)'}; add the id to ${file} if it is new`,
    });
  }
}

/** A folder flag the loop can fill in: the flag, else the loop's folder, else a usage error. */
export function outFolder(given: string | undefined, loop: Loop | undefined, fromLoop: (loop: Loop) => string, flag = '--out'): string {
  if (given !== undefined) return given;
  if (loop) return fromLoop(loop);
  throw new UsageError(`${flag} is required outside a hiring loop`, { hint: `pass ${flag} DIR, or run inside a loop folder (takehome loop init DIR) or with --loop DIR` });
}

/**
 * What kit and key do first: the exercise, an empty or absent OUT (nothing is
 * ever overwritten), the secret (its warnings printed) and the candidate's seed.
 * In a loop, OUT and the secret default to the loop's.
 */
export async function prepareCandidateOutput(
  context: CliContext,
  id: string,
  flags: LoopFlags & { candidate: string; out?: string | undefined; json?: boolean | undefined },
  folder: 'kitDir' | 'keyDir',
) {
  // Only what the first line needs is loaded before it; the exercise (and its data generator, graders, reports) after.
  const { assertEmptyOrAbsent } = await import('../kit/repo');
  const { resolveSecret } = await import('../secrets/secret');
  const { deriveCandidateSeed } = await import('../secrets/seed');
  const { join } = await import('node:path');
  const loop = await resolveLoop(context, flags);
  checkInLoop(loop, id, flags.candidate);
  const out = outFolder(flags.out, loop, (l) => (folder === 'kitDir' ? l.kitDir(id, flags.candidate) : join(l.dir, 'keys', id, flags.candidate)));
  await assertEmptyOrAbsent(out);
  const secret = resolveSecret({ secretFile: flags.secretFile ?? loop?.secretFile, env: context.io.env });
  for (const warning of secret.warnings) context.io.err(`${warning}\n`);
  const seed = deriveCandidateSeed(secret.value, id, flags.candidate);
  // A first line before the exercise loads and renders (seconds on a busy machine).
  if (!flags.json) context.io.err(`${id} ${folder === 'kitDir' ? 'kit' : 'key'} for ${seed.candidate} (variant ${seed.fingerprint}): writing ${out} ...\n`);
  const exercise = await loadExercise(context, id);
  return { exercise, out, seed };
}
