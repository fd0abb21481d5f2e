import { existsSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import {
  buildComparison,
  type CompareInput,
  comparisonCsv,
  comparisonJson,
  findSimilarSubmissions,
  pseudonymsFor,
  renderComparisonHtml,
  renderComparisonTerminal,
  scorecardsByName,
  loadResults,
  type SimilarityResult,
} from '../../compare';
import { UsageError } from '../../errors';
import { writeFileAtomic } from '../../fs';
import type { Loop } from '../../loop';
import { HARNESS_ROOT } from '../../sandbox';
import { resolveSecret } from '../../secrets';
import { type CliContext, loadExercise, resolveLoop } from '../context';

export interface CompareFlags {
  exercise?: string;
  loop?: string;
  format: 'table' | 'json' | 'csv';
  out?: string;
  blind?: boolean;
  submissions?: string;
  starter?: string;
  similarity: boolean;
  pair?: string[];
  secretFile?: string;
}

/** Where the results are: the folders given, else the loop's results/EXERCISE (or results/ for a one-exercise loop). */
function resultDirs(given: readonly string[], loop: Loop | undefined, exercise: string | undefined): string[] {
  if (given.length > 0) return [...given];
  if (!loop) throw new UsageError('no results to compare', { hint: 'give results folders (takehome compare DIR...), or run inside a hiring loop (or with --loop DIR)' });
  const id = exercise ?? (loop.config.exercises.length === 1 ? loop.config.exercises[0] : undefined);
  if (id === undefined)
    throw new UsageError(`the loop in ${loop.dir} has ${loop.config.exercises.length} exercises: compare one at a time`, { hint: `add --exercise ${loop.config.exercises.join(' or --exercise ')}` });
  return [join(loop.dir, 'results', id)];
}

/** Each input's submission folder, by candidate id or label, under DIR. */
function submissionsUnder(dir: string, inputs: readonly CompareInput[]): { name: string; dir: string }[] {
  return inputs.flatMap((i) => {
    // The label, the candidate id, or the label without its "EXERCISE-" prefix (the demo's results folders are named so).
    for (const name of [i.label, i.scorecard.candidate, i.label.replace(new RegExp(`^${i.scorecard.exercise}-`), '')]) {
      const path = join(dir, name);
      if (existsSync(path) && statSync(path).isDirectory()) return [{ name: i.label, dir: path }];
    }
    return [];
  });
}

async function similarity(
  context: CliContext,
  flags: CompareFlags,
  loop: Loop | undefined,
  exercise: string,
  inputs: readonly CompareInput[],
  starter: string | undefined,
): Promise<{ result: SimilarityResult | null; note?: string }> {
  if (!flags.similarity) return { result: null };
  const candidates = flags.submissions ? [resolve(flags.submissions)] : loop ? [join(loop.dir, 'submissions', exercise), join(loop.dir, 'submissions')] : [];
  if (candidates.length === 0) return { result: null, note: 'code similarity not run: no submission folders (--submissions DIR, one folder per candidate)' };
  if (flags.submissions && !existsSync(candidates[0] as string))
    throw new UsageError(`--submissions ${flags.submissions}: no such folder`, { hint: 'give a folder holding one submission folder per candidate, named by candidate id' });
  const found = candidates.map((d) => submissionsUnder(d, inputs)).find((s) => s.length > 0) ?? [];
  if (found.length < 2) return { result: null, note: `code similarity not run: ${found.length} of ${inputs.length} submissions found as folders named by candidate under ${candidates.join(' or ')}` };
  context.io.err(`comparing the code of ${found.length} submissions ...\n`);
  const result = await findSimilarSubmissions(found, { starterDir: starter });
  const missing = inputs.length - found.length;
  return { result, ...(missing > 0 ? { note: `code similarity: ${missing} submission(s) not found under ${dirname(found[0]?.dir ?? '')}` } : {}) };
}

export async function runCompareCommand(context: CliContext, given: string[], flags: CompareFlags): Promise<number> {
  const io = context.io;
  if (flags.out !== undefined && !['.html', '.htm'].includes(extname(flags.out).toLowerCase())) throw new UsageError(`--out ${flags.out}: the page is HTML`, { hint: 'name the file FILE.html' });
  const loop = await resolveLoop(context, flags);
  const loaded = await loadResults(resultDirs(given, loop, flags.exercise), flags.exercise);
  if (!context.exercises[loaded.exercise])
    throw new UsageError(`the scorecards are of exercise "${loaded.exercise}", which this harness does not offer`, { hint: `the exercises: ${Object.keys(context.exercises).join(', ')}` });
  const exercise = await loadExercise(context, loaded.exercise);
  const starter = flags.starter ? resolve(flags.starter) : exercise.starterDir ? resolve(HARNESS_ROOT, exercise.starterDir) : undefined;
  const sim = await similarity(context, flags, loop, loaded.exercise, loaded.inputs, starter);
  let pseudonyms: Map<string, string> | undefined;
  if (flags.blind) {
    const secretFile = flags.secretFile ?? loop?.secretFile;
    const secret = secretFile || io.env.TAKEHOME_SECRET ? resolveSecret({ secretFile, env: io.env }).value : undefined;
    pseudonyms = pseudonymsFor(loaded.inputs, secret);
  }
  const extraPairs = (flags.pair ?? []).map((p): [string, string] => {
    const [a, b, ...rest] = p.split(',').map((s) => s.trim());
    const known = new Set(loaded.inputs.map((i) => i.label));
    if (!a || !b || rest.length || !known.has(a) || !known.has(b))
      throw new UsageError(`--pair ${p}: name two of the candidates, comma-separated`, { hint: `the candidates: ${[...known].join(', ')}` });
    return [a, b];
  });
  const cmp = buildComparison(loaded.inputs, { exercise: loaded.exercise, headlineMetric: exercise.headline, pseudonyms, extraPairs, similarity: sim.result });
  if (sim.note) cmp.notes.push(sim.note);
  if (loaded.skipped.length) cmp.notes.push(`${loaded.skipped.length} result(s) of other exercises left out`);
  if (flags.format === 'json') io.out(comparisonJson(cmp));
  else if (flags.format === 'csv') io.out(comparisonCsv(cmp));
  else io.out(renderComparisonTerminal(cmp, { colour: io.color === true }));
  if (flags.out) {
    const out = resolve(flags.out);
    const html = await renderComparisonHtml(cmp, scorecardsByName(loaded.inputs, pseudonyms), out);
    await writeFileAtomic(out, html);
    io.err(`wrote ${out} (${Math.round(Buffer.byteLength(html) / 1024)} KiB)\n`);
  }
  return 0;
}
