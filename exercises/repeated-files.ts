import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The files an exercise's submission projects repeat. Each project
 * (reference/, starter/, calibration/<name>/, malformed/<name>/) is a
 * standalone npm project that may not import anything outside its folder, so
 * shared code is copied; the copies must stay byte-identical to the
 * reference's. Used by exercises/<id>/shared-files.test.ts.
 */

export interface RepeatedFile {
  /** The project folder relative to the exercise, e.g. "calibration/leaky". */
  project: string;
  /** The file relative to the project, e.g. "src/logistic.ts". */
  file: string;
  /** Byte-identical to reference/<file>. */
  identical: boolean;
}

/** Project folders of an exercise other than reference/, relative to it, sorted. */
export function submissionProjects(exerciseDir: string): string[] {
  const out: string[] = [];
  if (existsSync(join(exerciseDir, 'starter'))) out.push('starter');
  for (const group of ['calibration', 'malformed']) {
    const dir = join(exerciseDir, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) if (statSync(join(dir, name)).isDirectory()) out.push(`${group}/${name}`);
  }
  return out;
}

/** Files of a project, relative to it, sorted; skips node_modules, outputs (out/) and dot-entries (.index, .git). */
export function projectFiles(projectDir: string, under = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(projectDir, under)).sort()) {
    if (name.startsWith('.') || name === 'node_modules' || (under === '' && name === 'out')) continue;
    const rel = under ? `${under}/${name}` : name;
    if (statSync(join(projectDir, rel)).isDirectory()) out.push(...projectFiles(projectDir, rel));
    else out.push(rel);
  }
  return out;
}

/**
 * Every file a submission project has at the same path as the reference
 * (a repeat), with whether the bytes match; and the paths two or more
 * projects share that the reference lacks (a repeat with no master copy).
 */
export function repeatedFiles(
  exerciseDir: string,
  options: {
    /** The master copy's folder (default "reference"); an exercise with submissions in two languages has one per language. */
    reference?: string;
    /** Which submission projects belong to this reference (default: all). */
    projects?: (project: string) => boolean;
  } = {},
): { repeats: RepeatedFile[]; withoutReference: string[] } {
  const reference = join(exerciseDir, options.reference ?? 'reference');
  const referenceFiles = new Set(projectFiles(reference));
  const repeats: RepeatedFile[] = [];
  const elsewhere = new Map<string, number>();
  for (const project of submissionProjects(exerciseDir).filter(options.projects ?? (() => true))) {
    for (const file of projectFiles(join(exerciseDir, project))) {
      if (referenceFiles.has(file)) {
        const identical = readFileSync(join(exerciseDir, project, file)).equals(readFileSync(join(reference, file)));
        repeats.push({ project, file, identical });
      } else {
        elsewhere.set(file, (elsewhere.get(file) ?? 0) + 1);
      }
    }
  }
  const withoutReference = [...elsewhere]
    .filter(([, n]) => n > 1)
    .map(([file]) => file)
    .sort();
  return { repeats, withoutReference };
}
