import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { validatePredictionsFile, type PredictionProblem } from '../../../graders/ml/predictions';
import { mlReportSchema, type MlReport } from '../../../graders/ml/report';
import { parseJsonReport, type FileProblem } from '../../../harness/submission/json-report';

const REPORT_DOCS = { schema: 'report.schema.json', example: 'report.example.json' };

/**
 * The ML kit's `npm run check`, as a function that returns data: validate
 * predictions.csv with the grader's own parser (against the ids of the kit's
 * test.csv) and report.json with the grader's own schema, and list every
 * problem with its file, line or field, and the next step.
 *
 * The grader's parsePredictions throws on the same problems this lists; its
 * validatePredictionsFile gives them as values (line and message), which is
 * what a candidate needs to fix them.
 *
 * This file is bundled into the kit (tools/check.mjs): it must import nothing
 * that knows a seed, a label, the generator or the trap catalog. It reads only
 * the kit's public data/test.csv and the candidate's two files.
 */
/** "line 12", "field validation.estimates.roc_auc", or no where for the whole file. */
export type CheckProblem = FileProblem;

export interface PredictionsSummary {
  rows: number;
  min: number;
  max: number;
  mean: number;
}

export interface ReportSummary {
  strategy: string;
  estimates: Record<string, number>;
  threshold: number;
}

export interface MlCheckResult {
  ok: boolean;
  problems: CheckProblem[];
  predictions?: PredictionsSummary;
  report?: ReportSummary;
}

export interface MlCheckOptions {
  testCsv: string;
  predictions: string;
  report: string;
  /** How the candidate names a path in messages (relative to where they ran the check). */
  display?: (path: string) => string;
}

/** The ids of test.csv, in file order, read as the grader's parser reads CSV. */
export async function readTestIds(path: string): Promise<string[]> {
  const parsed = Papa.parse<Record<string, string>>(await readFile(path, 'utf8'), { header: true, skipEmptyLines: true });
  const ids = parsed.data.map((row) => row.claim_id).filter((id): id is string => typeof id === 'string' && id !== '');
  if (ids.length === 0) throw new Error(`${path} holds no claim_id column or no rows: restore it from git (git checkout -- ${path})`);
  return ids;
}

function missingFile(file: string, what: string, fix: string): CheckProblem {
  return { file, message: `no ${what} at ${file}`, fix };
}

function notFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** The next step for one problem of the grader's predictions parser (its own hint points at the harness docs). */
function predictionsFix(problem: PredictionProblem): string {
  const m = problem.message;
  if (m.startsWith('header') || m.startsWith('the file is empty')) return 'make the first line the header claim_id,probability (other columns are ignored)';
  if (m.startsWith('duplicate')) return 'keep exactly one row per claim_id';
  if (m.startsWith('unknown')) return 'predict exactly the claim_ids of data/test.csv, spelled as there';
  if (m.startsWith('empty claim_id')) return 'every row needs the claim_id it predicts';
  if (/ids have no row/.test(m)) return 'add a row for every claim_id of data/test.csv (every row of test.csv is needed, none is optional)';
  if (/probability/.test(m)) return 'write a probability: a plain decimal number from 0 to 1 (e.g. 0.031), not a class, score, percentage or NaN';
  return 'see README.md, "Deliverables"';
}

async function checkPredictions(path: string, file: string, ids: string[], problems: CheckProblem[]): Promise<PredictionsSummary | undefined> {
  let result;
  try {
    result = await validatePredictionsFile(path, ids);
  } catch (error) {
    if (!notFound(error)) throw error;
    problems.push(
      missingFile(
        file,
        'predictions file',
        'write one row per claim of data/test.csv with the header "claim_id,probability", or pass --predictions PATH (e.g. out/predictions.csv if your run command wrote it there)',
      ),
    );
    return undefined;
  }
  for (const p of result.problems) {
    problems.push({ file, ...(p.line === undefined ? {} : { where: `line ${p.line}` }), message: p.message, fix: predictionsFix(p) });
  }
  const more = result.problemCount - result.problems.length;
  if (more > 0)
    problems.push({ file, message: `and ${more} more problem${more === 1 ? '' : 's'} (the grader lists the first ${result.problems.length})`, fix: 'fix those above and run the check again' });
  if (result.problemCount > 0) return undefined;
  const values = result.predictions;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const p of values.values()) {
    min = Math.min(min, p);
    max = Math.max(max, p);
    sum += p;
  }
  return { rows: values.size, min, max, mean: values.size ? sum / values.size : 0 };
}

async function checkReport(path: string, file: string, problems: CheckProblem[]): Promise<ReportSummary | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (!notFound(error)) throw error;
    problems.push(missingFile(file, 'report', 'start from report.example.json (copy it to report.json and replace every value with your own), or pass --report PATH (e.g. out/report.json)'));
    return undefined;
  }
  const parsed = parseJsonReport(text, file, mlReportSchema, REPORT_DOCS);
  if (!parsed.value) {
    problems.push(...parsed.problems);
    return undefined;
  }
  const report: MlReport = parsed.value;
  const estimates = Object.fromEntries(Object.entries(report.validation.estimates).filter((e): e is [string, number] => typeof e[1] === 'number'));
  return { strategy: report.validation.strategy, estimates, threshold: report.threshold.value };
}

/** Check both files; never throws for a problem in the candidate's files, only for the kit's own. */
export async function checkMlSubmission(options: MlCheckOptions): Promise<MlCheckResult> {
  const display = options.display ?? ((p: string) => p);
  const ids = await readTestIds(options.testCsv);
  const problems: CheckProblem[] = [];
  const predictions = await checkPredictions(options.predictions, display(options.predictions), ids, problems);
  const report = await checkReport(options.report, display(options.report), problems);
  return { ok: problems.length === 0, problems, ...(predictions ? { predictions } : {}), ...(report ? { report } : {}) };
}
