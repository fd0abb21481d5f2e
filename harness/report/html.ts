import type { Metric, Scorecard, ScorecardItem } from '../scorecard';
import { intervalBarChart, type IntervalBar } from './charts';
import { escapeHtml as h, formatCounts, formatFraction, formatInterval, formatNumber } from './format';

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}.pass{color:#0a6b2d}.fail{color:#b00020}.muted{color:#666}details{margin:.25rem 0;border:1px solid #ddd;padding:.25rem .5rem}
summary{cursor:pointer}pre{white-space:pre-wrap;background:#f7f7f7;padding:.5rem;max-height:24rem;overflow:auto}
.flag-critical{color:#b00020;font-weight:bold}.flag-warning{color:#a35c00}.banner{background:#fff6d6;border:1px solid #e5c55a;padding:.5rem}`;

function metricTable(metrics: Record<string, Metric>): string {
  const rows = Object.entries(metrics)
    .map(
      ([name, m]) =>
        `<tr><td>${h(name)}</td><td>${formatNumber(m.value)}${m.unit ? ` ${h(m.unit)}` : ''}</td><td>${formatInterval(m)}</td><td>${formatFraction(m)}</td><td>${h(formatCounts(m))}</td><td class="muted">${h(m.description ?? '')}</td></tr>`,
    )
    .join('');
  return `<table><tr><th>metric</th><th>value</th><th>95% interval</th><th>n/d</th><th>counts</th><th>definition</th></tr>${rows}</table>`;
}

function bars(metrics: Record<string, Metric>): IntervalBar[] {
  return Object.entries(metrics)
    .filter(([, m]) => m.value !== null && m.unit === undefined && m.value >= 0 && m.value <= 1 && m.direction !== 'none')
    .map(([name, m]) => ({ label: `${name}${m.direction === 'lower' ? ' (lower is better)' : ''}`, value: m.value as number, low: m.interval?.low, high: m.interval?.high }));
}

function renderEvidence(value: unknown): string {
  if (typeof value === 'string') return `<pre>${h(value)}</pre>`;
  return `<pre>${h(JSON.stringify(value, null, 2))}</pre>`;
}

function renderItem(item: ScorecardItem): string {
  const verdicts = Object.entries(item.verdicts)
    .map(
      ([name, v]) =>
        `<tr><td>${h(name)}</td><td class="${v.pass === true ? 'pass' : v.pass === false ? 'fail' : 'muted'}">${v.pass === true ? 'pass' : v.pass === false ? 'fail' : 'n/a'}</td><td>${formatNumber(v.score)}</td><td>${h(v.reason)}</td></tr>`,
    )
    .join('');
  const failed = Object.values(item.verdicts).filter((v) => v.pass === false).length;
  const evidence = Object.entries(item.evidence)
    .map(([k, v]) => `<h4>${h(k)}</h4>${renderEvidence(v)}`)
    .join('');
  return `<details><summary><b>${h(item.id)}</b> <span class="muted">${h(item.category ?? '')}</span> ${item.status !== 'ok' ? `<span class="fail">${item.status}</span>` : ''} ${failed ? `<span class="fail">${failed} failed</span>` : '<span class="pass">all pass</span>'}</summary>
<table><tr><th>check</th><th>verdict</th><th>score</th><th>reason</th></tr>${verdicts}</table>${evidence}</details>`;
}

/** A self-contained static HTML report (inline SVG charts, no scripts), from the scorecard alone. */
export async function renderHtmlReport(sc: Scorecard): Promise<string> {
  const title = `${sc.exercise} take-home: ${sc.candidate}`;
  const mainChart = await intervalBarChart('Metrics with 95% intervals', bars(sc.metrics), { domain: [0, 1] });
  const overallByCategory: IntervalBar[] = Object.entries(sc.breakdown).flatMap(([category, metrics]) => {
    const m = metrics.overall ?? Object.values(metrics)[0];
    return m && m.value !== null ? [{ label: category, value: m.value, low: m.interval?.low, high: m.interval?.high }] : [];
  });
  const categoryChart = await intervalBarChart('Overall score by category', overallByCategory, { domain: [0, 1] });
  const flags = sc.flags.length
    ? `<ul>${sc.flags.map((f) => `<li class="flag-${f.severity}">${h(f.severity)} ${h(f.code)}: ${h(f.message)}${f.zeroed?.length ? `<br>scored 0: ${f.zeroed.length} item(s): ${h(f.zeroed.join(', '))}` : ''}${f.explanation ? `<br><i>for the candidate:</i> ${h(f.explanation)}` : ''}${f.evidence ? renderEvidence(f.evidence) : ''}</li>`).join('')}</ul>`
    : '<p>none</p>';
  const breakdown = Object.entries(sc.breakdown)
    .map(([group, metrics]) => `<details><summary>${h(group)}</summary>${metricTable(metrics)}</details>`)
    .join('');
  const rubric = sc.rubric
    ? `<h2>Rubric</h2><p>weighted total: ${sc.rubric.total.value === null ? 'none yet' : sc.rubric.total.value.toFixed(2)}${sc.rubric.total.interval ? ` [${sc.rubric.total.interval.low.toFixed(2)}, ${sc.rubric.total.interval.high.toFixed(2)}]` : ''} of 4</p><table><tr><th>criterion</th><th>level</th><th>weight</th><th>source</th><th>evidence</th></tr>${sc.rubric.criteria.map((c) => `<tr><td>${h(c.title)}</td><td>${c.level ?? 'missing'}</td><td>${c.weight}</td><td>${c.source}</td><td>${h(c.evidence)}</td></tr>`).join('')}</table>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${h(title)}</title><style>${STYLE}</style></head><body>
<h1>${h(title)}</h1>
<p>variant <code>${h(sc.variant)}</code> · harness ${h(sc.harnessVersion)} · status <b>${h(sc.status)}</b> · backend ${h(sc.backend)}${sc.sandbox ? ` · sandbox ${h(sc.sandbox.mode)}` : ''}</p>
${sc.backend === 'offline' ? '<p class="banner">Model calls ran on the offline backend: a deterministic extractive baseline, not an LLM. Scores measure the pipeline (retrieval, filtering, refusal, citations), not model quality.</p>' : ''}
${sc.problems.length ? `<h2>Problems</h2><ul>${sc.problems.map((p) => `<li class="fail">${h(p)}</li>`).join('')}</ul>` : ''}
<h2>Flags</h2>${flags}
<h2>Metrics</h2>${mainChart}${metricTable(sc.metrics)}
${categoryChart ? `<h2>By category</h2>${categoryChart}${breakdown}` : breakdown}
${rubric}
${sc.usage ? `<h2>Gateway usage</h2><p>${sc.usage.requests} requests · ${sc.usage.promptTokens} prompt + ${sc.usage.completionTokens} completion tokens · $${formatNumber(sc.usage.costUsd, 4)} · ${sc.usage.rejected} rejected · backend ${h(sc.usage.backend)}</p>` : ''}
<h2>Drill-down (${sc.items.length} items)</h2>
${sc.items.map(renderItem).join('\n')}
</body></html>
`;
}
