import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readRegularFile, UnsafeFileError } from '../../harness/fs';
import { parseJsonReport, type FileProblem } from '../../harness/submission/json-report';
import { capEvalSets, EVAL_FILE_NAME, evalFilePath, MAX_EVAL_FILE_BYTES, parseEvalSet, type EvalSet } from './evals';
import { EVALS_DIR, RAG_REPORT_DOCS, RAG_REPORT_FILE, ragReportSchema, type RagReport } from './report';

/** report.json is a page of JSON: a bigger one is refused before it is parsed. */
export const RAG_REPORT_MAX_BYTES = 256 * 1024;

export interface SelfAssessmentFiles {
  reportPresent: boolean;
  report: RagReport | undefined;
  reportProblems: FileProblem[];
  evalSets: EvalSet[];
  evalProblems: FileProblem[];
}

/** Read a file of the submission as a regular file (no link followed, capped); undefined when it is not there. */
async function readOwnFile(dir: string, rel: string, maxBytes: number, problems: FileProblem[]): Promise<string | undefined> {
  try {
    return (await readRegularFile(join(dir, rel), maxBytes)).toString('utf8');
  } catch (error) {
    if (!(error instanceof UnsafeFileError)) throw error;
    if (error.reason === 'missing') return undefined;
    const what = error.reason === 'too-big' ? `over the ${maxBytes}-byte cap` : error.reason === 'symlink' ? 'a symbolic link' : 'not a regular file';
    problems.push({ file: rel, message: `${rel} is ${what}`, fix: error.reason === 'too-big' ? 'make it smaller' : 'commit it as a regular file' });
    return '';
  }
}

/**
 * report.json and evals/*.jsonl of a submission (the grader) or of the
 * candidate's kit (the check), parsed; every problem names the file, and the
 * line or field. Files are read as regular files only, never through a link,
 * each under a cap. Never throws for the candidate's content.
 */
export async function readSelfAssessmentFiles(dir: string): Promise<SelfAssessmentFiles> {
  const reportProblems: FileProblem[] = [];
  const text = await readOwnFile(dir, RAG_REPORT_FILE, RAG_REPORT_MAX_BYTES, reportProblems);
  let report: RagReport | undefined;
  if (text) {
    const parsed = parseJsonReport(text, RAG_REPORT_FILE, ragReportSchema, RAG_REPORT_DOCS);
    report = parsed.value;
    reportProblems.push(...parsed.problems);
  } else if (text === '' && reportProblems.length === 0) reportProblems.push({ file: RAG_REPORT_FILE, message: 'the file is empty', fix: 'start from report.example.json' });

  const evalProblems: FileProblem[] = [];
  const sets: EvalSet[] = [];
  const folder = join(dir, EVALS_DIR);
  const st = await lstat(folder).catch(() => undefined);
  if (st && !st.isDirectory())
    evalProblems.push({ file: EVALS_DIR, message: `${EVALS_DIR} is ${st.isSymbolicLink() ? 'a symbolic link' : 'not a folder'}`, fix: 'make evals/ a folder of .jsonl files' });
  else if (st) {
    const entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = evalFilePath(entry.name);
      if (!entry.name.endsWith('.jsonl')) continue;
      if (!EVAL_FILE_NAME.test(entry.name)) {
        evalProblems.push({ file: rel, message: 'not run: an eval file is named with letters, digits, dots, dashes and underscores', fix: 'rename it, e.g. evals/refusals.jsonl' });
        continue;
      }
      const body = await readOwnFile(dir, rel, MAX_EVAL_FILE_BYTES, evalProblems);
      if (body === undefined) continue;
      const parsed = parseEvalSet(body, rel);
      evalProblems.push(...parsed.problems);
      // A set with a bad line is not run: its figures would not be the ones the candidate's check printed.
      if (parsed.problems.length === 0) sets.push(parsed.set);
    }
  }
  const capped = capEvalSets(sets);
  evalProblems.push(...capped.problems);
  return { reportPresent: text !== undefined, report, reportProblems, evalSets: capped.sets, evalProblems };
}

/**
 * What a valid report.json says that the kit does not back: an eval set it
 * claims figures for that did not run, a question count that differs, an
 * example id that is neither a dev question nor one of the eval sets'. Each
 * names its field; the kit's check fails on them, the grader shows them.
 */
export function reportConsistency(report: RagReport, devIds: ReadonlySet<string>, sets: readonly EvalSet[]): FileProblem[] {
  const problems: FileProblem[] = [];
  const byFile = new Map(sets.map((s) => [s.file, s]));
  const evalIds = new Set(sets.flatMap((s) => s.questions.map((q) => q.id)));
  report.evaluation.eval_sets.forEach((s, i) => {
    const set = byFile.get(s.file);
    if (!set)
      problems.push({
        file: RAG_REPORT_FILE,
        where: `field evaluation.eval_sets[${i}].file`,
        message: `${s.file} did not run: it is missing or has a problem listed here`,
        fix: 'commit the eval set, fix its problems, or remove this entry',
      });
    else if (set.questions.length !== s.questions)
      problems.push({
        file: RAG_REPORT_FILE,
        where: `field evaluation.eval_sets[${i}].questions`,
        message: `${s.file} holds ${set.questions.length} question(s), not ${s.questions}`,
        fix: `write ${set.questions.length}, and the figures the check printed for it`,
      });
  });
  report.failure_modes.forEach((f, i) => {
    f.examples.forEach((id, j) => {
      if (!devIds.has(id) && !evalIds.has(id))
        problems.push({
          file: RAG_REPORT_FILE,
          where: `field failure_modes[${i}].examples[${j}]`,
          message: `"${id}" is neither a question of dev/questions.jsonl nor of your eval sets`,
          fix: 'give the id of a dev question or of a question in evals/*.jsonl',
        });
    });
  });
  return problems;
}
