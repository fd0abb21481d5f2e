import type { Metric, Scorecard } from '../scorecard';
import { escapeMarkdownCell as cell, formatCounts, formatFraction, formatInterval, formatNumber } from './format';

function metricRows(metrics: Record<string, Metric>): string[] {
  return Object.entries(metrics).map(
    ([name, m]) =>
      `| ${cell(name)} | ${formatNumber(m.value)}${m.unit ? ` ${m.unit}` : ''} | ${formatInterval(m)} | ${formatFraction(m)} | ${formatCounts(m)} | ${m.direction === 'higher' ? 'higher' : m.direction === 'lower' ? 'lower' : ''} |`,
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

/** The interviewer's report, from the scorecard alone. */
export function renderMarkdownReport(sc: Scorecard): string {
  const out: string[] = [];
  out.push(`# ${cell(sc.exercise)} take-home: ${cell(sc.candidate)}`, '');
  out.push(`- variant \`${sc.variant}\`, harness ${sc.harnessVersion}, status **${sc.status}**`);
  out.push(`- model backend: ${sc.backend}${sc.backend === 'offline' ? ' (deterministic offline baseline: extractive, not an LLM)' : ''}`);
  if (sc.sandbox) out.push(`- sandbox: ${sc.sandbox.mode} (${sc.sandbox.mechanisms.join(', ') || 'none'})`);
  if (sc.usage)
    out.push(
      `- gateway: ${sc.usage.requests} requests, ${sc.usage.promptTokens} prompt + ${sc.usage.completionTokens} completion tokens, $${formatNumber(sc.usage.costUsd, 4)}, ${sc.usage.rejected} rejected`,
    );
  out.push('');
  if (sc.problems.length) {
    out.push('## Problems', '', ...sc.problems.map((p) => `- ${cell(p)}`), '');
  }
  out.push('## Flags', '');
  out.push(...(sc.flags.length ? sc.flags.flatMap(flagLines) : ['- none']), '');
  out.push('## Metrics', '', ...METRIC_HEADER, ...metricRows(sc.metrics), '');
  for (const [group, metrics] of Object.entries(sc.breakdown)) {
    out.push(`### ${cell(group)}`, '', ...METRIC_HEADER, ...metricRows(metrics), '');
  }
  if (sc.rubric) {
    const r = sc.rubric;
    out.push(
      '## Rubric',
      '',
      `weighted total: ${r.total.value === null ? 'none yet' : r.total.value.toFixed(2)}${r.total.interval ? ` [${r.total.interval.low.toFixed(2)}, ${r.total.interval.high.toFixed(2)}]` : ''} of 4`,
      '',
    );
    out.push('| criterion | level | weight | source | evidence |', '| --- | --- | --- | --- | --- |');
    for (const c of r.criteria) out.push(`| ${cell(c.title)} | ${c.level ?? 'missing'} | ${c.weight} | ${c.source} | ${cell(c.evidence)} |`);
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
