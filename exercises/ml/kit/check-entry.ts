import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkMlSubmission, type MlCheckResult } from './check';

/**
 * Entry of the ML kit's check tool. The kit build bundles this file into
 * tools/check.mjs; the kit is the bundle's parent folder.
 */
const USAGE = `usage: npm run check -- [--predictions FILE] [--report FILE] [--json]

Validates predictions.csv (one probability per claim_id of data/test.csv) and
report.json (report.schema.json) exactly as the grader parses them, and lists
every problem with its file, line or field and how to fix it. Defaults:
./predictions.csv and ./report.json at the repository root. Exit code 0 when
both are valid, 1 when there is a problem, 2 for a wrong option.`;

const pct = (x: number) => x.toFixed(4);

/** Plain text for a terminal: the bundle carries no table library. */
export function formatMlCheck(result: MlCheckResult): string {
  const lines: string[] = [];
  if (result.predictions) {
    const p = result.predictions;
    lines.push(`predictions: ${p.rows} rows, one per claim of data/test.csv; probability min ${pct(p.min)}, max ${pct(p.max)}, mean ${pct(p.mean)}`);
    if (p.max === p.min) lines.push('  note: every probability is the same: valid, but it cannot rank claims (ROC-AUC 0.5)');
  }
  if (result.report) {
    const r = result.report;
    const estimates = Object.entries(r.estimates)
      .map(([name, value]) => `${name} ${value.toFixed(3)}`)
      .join(', ');
    lines.push(`report: validation "${r.strategy}", threshold ${r.threshold}`);
    lines.push(`  your estimate: ${estimates}; the grader compares it with your score on the hidden test labels`);
  }
  if (result.problems.length) {
    if (lines.length) lines.push('');
    lines.push(`${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}:`);
    for (const p of result.problems) {
      // The grader's messages name the file themselves; say it once, and indent their list lines.
      const message = p.message.startsWith(`${p.file}: `) ? p.message.slice(p.file.length + 2) : p.message;
      lines.push(`- ${p.file}${p.where ? ` (${p.where})` : ''}: ${message.split('\n').join('\n    ')}`);
      lines.push(`  fix: ${p.fix}`);
    }
  } else {
    lines.push('');
    lines.push('ok: both files are valid. The check does not know the hidden labels, so it says nothing about how good they are.');
  }
  return lines.join('\n');
}

/** A path as the candidate would type it: relative to where they ran the check, when that is shorter. */
function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

export async function main(argv: string[] = process.argv.slice(2), cwd = process.cwd()): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { predictions: { type: 'string' }, report: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } } }));
  } catch (error) {
    process.stderr.write(`check: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // The bundle lives in KIT/tools/, so the kit is its parent folder wherever it is run from.
  const kitDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  // npm run sets INIT_CWD to where the candidate typed the command; npm itself runs in the kit.
  const userCwd = process.env.INIT_CWD ?? cwd;
  // Shown (and read) relative to this process's folder, so messages name paths the candidate recognises.
  const path = (given: string | undefined, fallback: string) => shown(given === undefined ? join(kitDir, fallback) : resolve(userCwd, given), cwd);
  try {
    const result = await checkMlSubmission({
      testCsv: join(kitDir, 'data', 'test.csv'),
      predictions: path(values.predictions, 'predictions.csv'),
      report: path(values.report, 'report.json'),
    });
    process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatMlCheck(result)}\n`);
    return result.ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(`check: ${(error as Error).message}\n`);
    return 1;
  }
}
