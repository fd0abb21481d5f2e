import type { Metric, Scorecard } from '../scorecard';
import { escapeMarkdownCell as cell, formatCounts, formatFraction, formatInterval, formatNumber, formatValue } from './format';
import { costText, flagSummary, headlineOf, levelText, type ReportOptions, rubricTotalText, sortedFlags, valueWithInterval } from './verdict';

function metricRows(metrics: Record<string, Metric>): string[] {
  return Object.entries(metrics).map(
    ([name, m]) =>
      `| ${cell(name)} | ${formatValue(m)} | ${formatInterval(m)} | ${formatFraction(m)} | ${formatCounts(m)} | ${m.direction === 'higher' ? 'higher' : m.direction === 'lower' ? 'lower' : ''} |`,
  );
}

const METRIC_HEADER = ['| metric | value | 95% interval | n/d | counts | better |', '| --- | --- | --- | --- | --- | --- |'];

/** Evidence as one line of compact JSON, cut at MAX characters. */
function evidenceLine(evidence: Record<string, unknown>, max = 600): string {
  const text = JSON.stringify(evidence);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A flag: its message, the items it scored 0, what the candidate can be told, and its evidence. */
function flagLines(f: Scorecard['flags'][number]): string[] {
  return [
    `- **${f.severity} ${f.code}**: ${cell(f.message)}`,
    ...(f.zeroed?.length ? [`  - scored 0: ${f.zeroed.length} item(s): ${cell(f.zeroed.slice(0, 20).join(', '))}${f.zeroed.length > 20 ? ', …' : ''}`] : []),
    ...(f.explanation ? [`  - for the candidate: ${cell(f.explanation)}`] : []),
    ...(f.evidence ? [`  - evidence: \`${evidenceLine(f.evidence).replace(/`/g, "'")}\``] : []),
  ];
}

/** The verdict first: status, the headline metric with its interval, the rubric total and level per criterion, critical flags one line each. */
function verdictLines(sc: Scorecard, options: ReportOptions): string[] {
  const out = ['## Verdict', '', `- status: **${sc.status}**`];
  const headline = headlineOf(sc, options);
  if (headline)
    out.push(
      `- ${cell(headline.name)}: **${valueWithInterval(headline.metric)}**${headline.relative !== null ? ` (${formatNumber(headline.relative, 2)} × the reference, ${formatNumber(headline.reference)})` : ''}`,
    );
  if (sc.rubric)
    out.push(`- rubric total: **${rubricTotalText(sc.rubric.total)}**${sc.rubric.total.weightCovered < 1 ? ` (covers ${Math.round(100 * sc.rubric.total.weightCovered)}% of the weight)` : ''}`);
  const critical = sortedFlags(sc.flags).filter((f) => f.severity === 'critical');
  const warnings = sc.flags.filter((f) => f.severity === 'warning').length;
  out.push(`- flags: ${critical.length} critical, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  for (const f of critical) out.push(`  - **${f.code}**: ${cell(flagSummary(f, 110))}`);
  if (sc.problems.length) out.push(`- problems: ${sc.problems.length} (listed below)`);
  out.push('');
  if (sc.rubric) {
    out.push('| criterion | weight | level | range | source |', '| --- | --- | --- | --- | --- |');
    for (const c of sc.rubric.criteria)
      out.push(
        `| ${cell(c.title)} | ${formatNumber(c.weight, 2)} | ${levelText(c.level)} | ${c.range ? `${formatNumber(c.range.low, 1)}-${formatNumber(c.range.high, 1)}` : ''} | ${c.source === 'manual' ? 'interviewers' : 'automatic'}${c.cappedBy?.length ? `, capped by ${cell(c.cappedBy.join(', '))}` : ''} |`,
      );
    out.push('');
  }
  return out;
}

/** The interviewer's report, from the scorecard alone: the verdict first, the evidence after. */
export function renderMarkdownReport(sc: Scorecard, options: ReportOptions = {}): string {
  const out: string[] = [];
  out.push(`# ${cell(sc.exercise)} take-home: ${cell(sc.candidate)}`, '');
  out.push(`- variant \`${sc.variant}\`, harness ${sc.harnessVersion}${sc.provenance ? `, grader ${sc.provenance.graderVersion}` : ''}`);
  out.push(`- model backend: ${sc.backend}${sc.backend === 'offline' ? ' (deterministic offline baseline: extractive, not an LLM)' : ''}`);
  if (sc.sandbox) out.push(`- sandbox: ${sc.sandbox.mode} (${sc.sandbox.mechanisms.join(', ') || 'none'})`);
  if (sc.usage) out.push(`- gateway: ${sc.usage.requests} requests, ${sc.usage.promptTokens} prompt + ${sc.usage.completionTokens} completion tokens, ${costText(sc)}, ${sc.usage.rejected} rejected`);
  out.push('', ...verdictLines(sc, options));
  if (sc.problems.length) {
    out.push('## Problems', '', ...sc.problems.map((p) => `- ${cell(p)}`), '');
  }
  out.push('## Flags', '');
  out.push(...(sc.flags.length ? sortedFlags(sc.flags).flatMap(flagLines) : ['- none']), '');
  out.push('## Metrics', '', ...METRIC_HEADER, ...metricRows(sc.metrics), '');
  for (const [group, metrics] of Object.entries(sc.breakdown)) {
    out.push(`### ${cell(group)}`, '', ...METRIC_HEADER, ...metricRows(metrics), '');
  }
  if (sc.rubric) {
    const r = sc.rubric;
    out.push('## Rubric', '', `weighted total: ${rubricTotalText(r.total)}`, '');
    if (r.missing.length) out.push(`missing: ${r.missing.map((m) => `${cell(m.criterion)} (${cell(m.reason)})`).join('; ')}`, '');
    out.push('| criterion | level | weight | source | evidence |', '| --- | --- | --- | --- | --- |');
    for (const c of r.criteria) {
      const reviews = c.reviews?.length ? `; ${c.reviews.map((v) => `${v.interviewer}: ${v.level} (${v.note})`).join('; ')}` : '';
      out.push(`| ${cell(c.title)} | ${levelText(c.level)} | ${formatNumber(c.weight, 2)} | ${c.source} | ${cell(`${c.evidence}${reviews}`)} |`);
    }
    out.push('');
  }
  out.push('## Items', '', '| id | category | status | verdicts |', '| --- | --- | --- | --- |');
  for (const item of sc.items) {
    const verdicts = Object.entries(item.verdicts)
      .map(([name, v]) => `${v.pass === true ? 'PASS' : v.pass === false ? 'FAIL' : '-'} ${name}: ${v.reason}`)
      .join('; ');
    out.push(`| ${cell(item.id)} | ${cell(item.category ?? '')} | ${item.status} | ${cell(verdicts)} |`);
  }
  out.push('');
  return out.join('\n');
}
