import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ModelMap, PriceTable } from '../../../harness/gateway';
import type { Metric } from '../../../harness/scorecard';
import { OFFLINE_OUTSIDE_OVERALL } from '../../../graders/rag/aggregate';
import { runCheck, type CheckResult } from './check-run';

/**
 * Entry of the kit's check tool. The kit build bundles this file into
 * tools/check.mjs and calls main() with the gateway's model map and price
 * table inlined (a bundle cannot read the harness's YAML files).
 */
const USAGE = `usage: node tools/check.mjs [--limit N] [--timeout SECONDS] [--json] [--verbose]

Runs your pipeline (takehome.json: ingest, then answer) on the public dev
questions against an offline, deterministic gateway, and prints the metrics the
grader computes; then your own eval sets (evals/*.jsonl), scored alike, and
checks report.json against report.schema.json and the figures it claims against
the ones measured. Exit code 1 when the pipeline did not run or report.json or
an eval set has a problem. The offline chat model is an extractive baseline,
not an LLM.`;

function fmt(value: number | null | undefined, unit?: string): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '-';
  if (unit === 'ms') return `${Math.round(value)} ms`;
  if (unit === 'tokens') return `${value.toFixed(1)} tokens`;
  return value.toFixed(3);
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** 0 when the pipeline ran and report.json and evals/*.jsonl (when there) have no problem. */
export function checkExitCode(result: CheckResult): number {
  return result.ingestOk && result.selfAssessment.problems.length === 0 ? 0 : 1;
}

/** Your eval sets' figures, report.json's state, and its claims against what this check measured. */
export function formatSelfAssessment(result: CheckResult): string[] {
  const s = result.selfAssessment;
  const lines: string[] = [];
  if (s.evalSets.length) {
    lines.push('your eval sets (evals/*.jsonl, scored like the dev set; the grader reruns them):');
    for (const e of s.evalSets) {
      const o = e.metrics.overall;
      lines.push(
        `  ${pad(e.file, 32)} ${String(e.questions).padStart(4)} questions, ${e.answered} answered   overall ${fmt(o.value)}${o.interval ? ` (${fmt(o.interval.low)} .. ${fmt(o.interval.high)})` : ''}`,
      );
    }
    lines.push('');
  }
  if (!s.reportPresent) lines.push('report.json: not written yet (copy report.example.json to report.json and put your own figures in; schema: report.schema.json)');
  else if (!s.reportValid) lines.push('report.json: INVALID (see the problems below)');
  else lines.push(`report.json: valid${s.problems.length ? ', with the problems below' : ''}`);
  for (const c of s.claims) {
    lines.push(`  claim ${pad(`${c.source} ${c.metric}`, 44)} report ${fmt(c.claimed)}   this check ${fmt(c.recomputed)}   ${c.outcome}`);
  }
  for (const p of s.problems) lines.push(`  - ${p.file}${p.where ? ` ${p.where}` : ''}: ${p.message}`, `    fix: ${p.fix}`);
  return lines;
}

/** Plain-text table: the bundle carries no terminal-table library. */
export function formatCheck(result: CheckResult, verbose: boolean): string {
  const lines: string[] = [];
  lines.push(`dev questions: ${result.questions}   ingest: ${result.ingestOk ? 'ok' : 'FAILED'} in ${(result.ingestMs / 1000).toFixed(1)} s`);
  if (result.ingestOk) {
    const startup = result.startupMs === null ? 'FAILED (no answer to the warm-up question in time)' : `${(result.startupMs / 1000).toFixed(1)} s to answer the warm-up question`;
    const ready = result.readyMs === null ? '' : `, ready line after ${(result.readyMs / 1000).toFixed(1)} s`;
    lines.push(`answer process start-up (not charged to any question): ${startup}${ready}${result.restarts ? `; restarted ${result.restarts} time(s) after a timeout or crash` : ''}`);
  }
  lines.push('');
  const rows: string[][] = [['metric', 'value', '95% interval', 'n', 'better', 'asked/answered/errored/timed out']];
  for (const [name, m] of Object.entries(result.metrics) as [string, Metric][]) {
    const c = m.counts;
    rows.push([
      name,
      fmt(m.value, m.unit),
      m.interval ? `${fmt(m.interval.low)} .. ${fmt(m.interval.high)}` : '',
      String(m.denominator ?? ''),
      m.direction,
      c ? `${c.asked}/${c.answered}/${c.errored}/${c.timedOut}` : '',
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const [i, r] of rows.entries()) {
    lines.push(
      r
        .map((cell, j) => pad(cell, widths[j]!))
        .join('  ')
        .trimEnd(),
    );
    if (i === 0) lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  lines.push('');
  lines.push('overall by category:');
  for (const [category, metrics] of Object.entries(result.breakdown)) {
    const outside = OFFLINE_OUTSIDE_OVERALL.includes(category) ? '  (left out of overall: the offline model cannot compute)' : '';
    lines.push(`  ${pad(category, 24)} ${fmt(metrics.overall?.value)}  (n=${metrics.overall?.denominator ?? 0})${outside}`);
  }
  const c = result.confusion;
  lines.push('');
  lines.push('refusals (expected -> answered / refused / failed):');
  lines.push(`  answerable    ${c.answer.answered} / ${c.answer.refused} / ${c.answer.failed}`);
  lines.push(`  unanswerable  ${c.refuse.answered} / ${c.refuse.refused} / ${c.refuse.failed}`);
  lines.push('');
  lines.push(
    `gateway: ${result.usage.requests} requests, ${result.usage.promptTokens} prompt + ${result.usage.completionTokens} completion tokens, $${result.usage.costUsd.toFixed(4)} at list prices`,
  );
  if (verbose) {
    lines.push('');
    for (const q of result.perQuestion) {
      lines.push(
        `  ${pad(q.id, 44)} ${pad(q.status, 7)} ${q.score.toFixed(2)}${q.missing.length ? `  missing: ${q.missing.join(', ')}` : ''}${q.listed.length ? `  listed, not counted: ${q.listed.join(', ')}` : ''}${q.forbidden.length ? `  forbidden: ${q.forbidden.join(', ')}` : ''}${q.unsupportedCitations.length ? `  citations supporting nothing: ${q.unsupportedCitations.length} (${q.unsupportedCitations[0]})` : ''}`,
      );
    }
  }
  lines.push('', ...formatSelfAssessment(result));
  if (result.problems.length) {
    lines.push('');
    lines.push('problems:');
    for (const p of result.problems.slice(0, 10)) lines.push(`  - ${p}`);
  }
  return lines.join('\n');
}

export async function main(config: { models: ModelMap; prices: PriceTable }, argv: string[] = process.argv.slice(2)): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { limit: { type: 'string' }, timeout: { type: 'string' }, json: { type: 'boolean' }, verbose: { type: 'boolean' }, help: { type: 'boolean' } } }));
  } catch (error) {
    process.stderr.write(`check: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  const timeout = values.timeout === undefined ? 20 : Number(values.timeout);
  if ((limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) || !(timeout > 0)) {
    process.stderr.write(`check: --limit must be a whole number >= 1 and --timeout a number of seconds > 0\n${USAGE}\n`);
    return 2;
  }
  // The bundle lives in KIT/tools/, so the kit is its parent folder wherever it is run from.
  const kitDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  try {
    const result = await runCheck({ kitDir, models: config.models, prices: config.prices, limit, perQuestionTimeoutMs: timeout * 1000 });
    process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatCheck(result, values.verbose ?? false)}\n`);
    return checkExitCode(result);
  } catch (error) {
    const hint = (error as { hint?: unknown }).hint;
    process.stderr.write(`check: ${(error as Error).message}\n${typeof hint === 'string' ? `  next: ${hint}\n` : ''}`);
    return 1;
  }
}
