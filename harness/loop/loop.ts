import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { parseYamlFile, type YamlProblem } from '../config/yaml';
import { ConfigError, UsageError } from '../errors';
import { LOOP_FILE, LOOP_SCHEMA, type LoopConfig, loopSchema } from './config';

/** A loaded hiring loop: its folder, its config, and where each thing lives. */
export interface Loop {
  dir: string;
  config: LoopConfig;
  secretFile: string;
  kitDir(exercise: string, candidate: string): string;
  resultsDir(exercise: string, candidate: string): string;
  /** Reviews are kept under the candidate's pseudonym (harness/review): the folder names nobody. */
  reviewsDir(exercise: string, pseudonym: string): string;
}

export const LOOP_FOLDERS = ['kits', 'submissions', 'results', 'reviews'] as const;

function loopAt(dir: string, config: LoopConfig): Loop {
  return {
    dir,
    config,
    secretFile: isAbsolute(config.secretFile) ? config.secretFile : join(dir, config.secretFile),
    kitDir: (exercise, candidate) => join(dir, 'kits', exercise, candidate),
    resultsDir: (exercise, candidate) => join(dir, 'results', exercise, candidate),
    reviewsDir: (exercise, pseudonym) => join(dir, 'reviews', exercise, pseudonym),
  };
}

/** Read DIR/takehome.loop.yaml; KNOWN_EXERCISES are the ids the harness offers. */
export async function loadLoop(dir: string, knownExercises: readonly string[]): Promise<Loop> {
  const file = join(dir, LOOP_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`no ${LOOP_FILE} in ${dir}`, { cause, hint: `create a loop with: takehome loop init ${dir}` });
  }
  const config = parseYamlFile(text, file, loopSchema, {
    hint: `fix ${file}`,
    check: (c) =>
      c.exercises.flatMap((e, i): YamlProblem[] =>
        knownExercises.includes(e) ? [] : [{ path: ['exercises', i], message: `unknown exercise "${e}"; the harness offers: ${knownExercises.join(', ')}` }],
      ),
  });
  return loopAt(resolve(dir), config);
}

export interface InitLoopOptions {
  exercises: readonly string[];
  candidates: readonly string[];
  interviewers: readonly string[];
  /** Use this secret file instead of creating one in the loop. */
  secretFile?: string | undefined;
  name?: string | undefined;
}

/**
 * Create a hiring loop in DIR (new or empty): the config, the folders, a
 * README, a .gitignore that keeps the secret out of git, and, unless a secret
 * file is named, a new random secret in DIR/secret, readable by its owner
 * only.
 */
export async function initLoop(dir: string, options: InitLoopOptions): Promise<Loop> {
  if (existsSync(dir) && (await readdir(dir)).length > 0) throw new UsageError(`${dir} already exists and is not empty`, { hint: 'choose a new folder for the loop' });
  const config = loopSchema.parse({
    schema: LOOP_SCHEMA,
    ...(options.name ? { name: options.name } : {}),
    exercises: [...options.exercises],
    candidates: [...options.candidates],
    interviewers: [...options.interviewers],
    secretFile: options.secretFile ? resolve(options.secretFile) : 'secret',
  });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  for (const folder of LOOP_FOLDERS) await mkdir(join(dir, folder), { mode: 0o700 });
  if (!options.secretFile) await writeFile(join(dir, 'secret'), `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  await writeFile(
    join(dir, LOOP_FILE),
    `# A takehome hiring loop. Commands run inside this folder (or with --loop) read it: the secret,\n# where kits, results and reviews go, which candidates exist. Paths are relative to this folder.\n${stringify(config)}`,
    { mode: 0o600 },
  );
  await writeFile(join(dir, '.gitignore'), 'secret\n');
  // The logs are append-only: a union merge keeps both sides' new lines when two interviewers push reviews at once.
  await writeFile(join(dir, '.gitattributes'), 'reviews/**/reviews.jsonl merge=union\nresults/**/history.jsonl merge=union\n');
  await writeFile(
    join(dir, 'README.md'),
    `# Hiring loop${config.name ? `: ${config.name}` : ''}\n\n| folder | what |\n|---|---|\n| \`kits/EXERCISE/CANDIDATE/\` | each candidate's kit (\`takehome kit EXERCISE --candidate ID\`) |\n| \`submissions/EXERCISE/CANDIDATE/\` | what each candidate sent back (\`takehome review\` reads it there) |\n| \`results/EXERCISE/CANDIDATE/\` | scorecards and reports (\`takehome grade SUBMISSION --candidate ID\`), with their history |\n| \`reviews/EXERCISE/PSEUDONYM/\` | interviewers' reviews (\`takehome review\`, append-only \`reviews.jsonl\`) and the anonymised copy a blind reviewer reads; \`takehome score\` merges them into the results |\n\n\`secret\` derives every candidate's variant: keep it private and never commit it (\`.gitignore\` keeps it out of git).\n`,
  );
  return loopAt(resolve(dir), config);
}
