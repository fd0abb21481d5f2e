import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { UsageError } from '../errors';
import { readScorecard } from '../scorecard';
import type { CompareInput } from './model';

/** Results folders under DIR: DIR itself when it holds scorecard.json, else its subfolders that do (one level down). */
async function resultFolders(dir: string): Promise<string[]> {
  if (existsSync(join(dir, 'scorecard.json'))) return [dir];
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (cause) {
    throw new UsageError(`cannot read ${dir}`, { cause, hint: 'give results folders (each holds scorecard.json, written by takehome grade) or a folder of them' });
  }
  return entries
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'scorecard.json')))
    .map((e) => join(dir, e.name))
    .sort();
}

/** A label per result: the candidate id, or the folder's name where ids repeat (the demo grades many submissions as one candidate). */
function labelled(found: { dir: string; candidate: string }[]): string[] {
  const count = new Map<string, number>();
  for (const f of found) count.set(f.candidate, (count.get(f.candidate) ?? 0) + 1);
  const labels = found.map((f) => ((count.get(f.candidate) ?? 0) > 1 ? basename(f.dir) : f.candidate));
  const again = new Map<string, number>();
  return labels.map((l) => {
    const n = (again.get(l) ?? 0) + 1;
    again.set(l, n);
    return n > 1 ? `${l}#${n}` : l;
  });
}

export interface LoadedResults {
  exercise: string;
  inputs: CompareInput[];
  /** Results of other exercises that were left out. */
  skipped: string[];
}

/**
 * Read the scorecards of DIRS (results folders, or folders holding them) for
 * one exercise: EXERCISE, or the only one found. Every scorecard is validated
 * (a bad one stops with its file and field); none found is a usage error.
 */
export async function loadResults(dirs: readonly string[], exercise?: string): Promise<LoadedResults> {
  const folders = [...new Set((await Promise.all(dirs.map((d) => resultFolders(resolve(d))))).flat())];
  if (folders.length === 0)
    throw new UsageError(`no scorecard.json in ${dirs.join(', ')} or the folders directly under it`, {
      hint: 'grade submissions first (takehome grade), or point at the folder that holds their results',
    });
  const scorecards = await Promise.all(folders.map(async (dir) => ({ dir, scorecard: await readScorecard(join(dir, 'scorecard.json')) })));
  const exercises = [...new Set(scorecards.map((s) => s.scorecard.exercise))].sort();
  const chosen = exercise ?? (exercises.length === 1 ? exercises[0] : undefined);
  if (chosen === undefined)
    throw new UsageError(`the results hold scorecards of ${exercises.length} exercises (${exercises.join(', ')}): compare one at a time`, {
      hint: `add --exercise ${exercises.join(' or --exercise ')}`,
    });
  const kept = scorecards.filter((s) => s.scorecard.exercise === chosen);
  if (kept.length === 0) throw new UsageError(`no ${chosen} scorecards among ${folders.length} result(s) (found ${exercises.join(', ')})`, { hint: `compare one of: ${exercises.join(', ')}` });
  const labels = labelled(kept.map((k) => ({ dir: k.dir, candidate: k.scorecard.candidate })));
  return {
    exercise: chosen,
    inputs: kept.map((k, i) => ({ label: labels[i] as string, scorecard: k.scorecard, resultsDir: k.dir })),
    skipped: scorecards.filter((s) => s.scorecard.exercise !== chosen).map((s) => s.dir),
  };
}
