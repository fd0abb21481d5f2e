import type { Flag, Metric, RubricCriterionResult, RubricReview, RubricSection, Scorecard, ScorecardItem } from '../scorecard';
import { HIGHER_COLOR, intervalBarChart, LOWER_COLOR, type IntervalBar } from './charts';
import { escapeHtml as h, formatCounts, formatFraction, formatInterval, formatNumber, formatValue } from './format';
import { costText, flagSummary, headlineOf, levelText, type ReportOptions, rubricTotalText, sortedFlags, valueWithInterval } from './verdict';

const STYLE = `*{box-sizing:border-box}body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
h1{font-size:1.6rem;margin:.2rem 0}h2{margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;max-width:100%}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word}
th{background:#f3f3f3;white-space:nowrap}td.name,td.dir{white-space:nowrap}td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.pass{color:#0a6b2d}.fail{color:#b00020}.muted{color:#666}code{overflow-wrap:anywhere}
details{margin:.25rem 0;border:1px solid #ddd;padding:.25rem .5rem;border-radius:4px}summary{cursor:pointer;overflow-wrap:anywhere}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f7f7f7;padding:.5rem;max-height:24rem;overflow:auto}
.sev{display:inline-block;min-width:4.5em;font-weight:bold}.flag-critical .sev{color:#b00020}.flag-warning .sev{color:#a35c00}.flag-info .sev{color:#666}
.banner{background:#fff6d6;border:1px solid #e5c55a;padding:.5rem}
.verdict{border:2px solid #888;border-radius:6px;padding:.75rem 1rem;margin:1rem 0 1.5rem}.verdict h2{margin-top:0;border:0}
.verdict.graded{border-color:#3b6ea8}.verdict.invalid,.verdict.error{border-color:#b00020}.verdict.flagged{border-color:#b00020}
.facts{display:flex;flex-wrap:wrap;gap:.5rem 2.5rem;margin:.25rem 0 .75rem}.fact .k{display:block;color:#555;font-size:.85rem}.fact .v{font-size:1.25rem;font-weight:600}
.level{display:inline-block;padding:0 .4em;border-radius:3px;white-space:nowrap}.l1{background:#f6d3d3}.l2{background:#fbe5c8}.l3{background:#dcefd9}.l4{background:#b9e0b2}.lmissing{background:#eee;color:#555}
ul.critical{margin:.25rem 0;padding-left:1.2rem}ul.critical li{color:#b00020}
.wide{overflow-x:auto;max-width:100%}.charts{display:flex;flex-wrap:wrap;gap:1rem 2rem;align-items:flex-start}.charts svg{max-width:100%;height:auto}`;

function levelBadge(level: number | null): string {
  const cls = level === null ? 'lmissing' : `l${Math.round(level)}`;
  return `<span class="level ${cls}">${h(levelText(level))}</span>`;
}

const DIRECTION_TEXT: Record<Metric['direction'], string> = { higher: '↑ higher', lower: '↓ lower', none: '' };

function metricTable(metrics: Record<string, Metric>): string {
  const rows = Object.entries(metrics)
    .map(
      ([name, m]) =>
        `<tr><td class="name">${h(name)}</td><td class="num">${h(formatValue(m))}</td><td class="num">${formatInterval(m)}</td><td class="num">${formatFraction(m)}</td><td>${h(formatCounts(m))}</td><td class="dir">${DIRECTION_TEXT[m.direction]}</td><td class="muted">${h(m.description ?? '')}</td></tr>`,
    )
    .join('');
  return `<div class="wide"><table><tr><th>metric</th><th>value</th><th>95% interval</th><th>n/d</th><th>counts</th><th>better</th><th>definition</th></tr>${rows}</table></div>`;
}

/** Shares (0..1, no unit) that have a better direction, as bars. */
function shareBars(metrics: Record<string, Metric>, direction: 'higher' | 'lower'): IntervalBar[] {
  return Object.entries(metrics)
    .filter(([, m]) => m.value !== null && m.unit === undefined && m.value >= 0 && m.value <= 1 && m.direction === direction)
    .map(([name, m]) => ({ label: name, value: m.value as number, low: m.interval?.low, high: m.interval?.high }));
}

function renderEvidence(value: unknown): string {
  if (typeof value === 'string') return `<pre>${h(value)}</pre>`;
  return `<pre>${h(JSON.stringify(value, null, 2))}</pre>`;
}

/** A flag collapsed to one line; opened: the whole message, the items it scored 0, the explanation for the candidate and the evidence. */
function renderFlag(f: Flag): string {
  const body = [
    f.message.length > 95 || f.message.includes('\n') ? `<p>${h(f.message)}</p>` : '',
    f.zeroed?.length ? `<p>scored 0: ${f.zeroed.length} item(s): ${h(f.zeroed.join(', '))}</p>` : '',
    f.explanation ? `<p><i>for the candidate:</i> ${h(f.explanation)}</p>` : '',
    f.evidence ? renderEvidence(f.evidence) : '',
  ].join('');
  return `<details class="flag flag-${f.severity}"><summary><span class="sev">${h(f.severity)}</span> <code>${h(f.code)}</code> ${h(flagSummary(f, 95))}</summary>${body || '<p class="muted">no further evidence</p>'}</details>`;
}

function renderItem(item: ScorecardItem): string {
  const verdicts = Object.entries(item.verdicts)
    .map(
      ([name, v]) =>
        `<tr><td>${h(name)}</td><td class="${v.pass === true ? 'pass' : v.pass === false ? 'fail' : 'muted'}">${v.pass === true ? 'pass' : v.pass === false ? 'fail' : 'n/a'}</td><td class="num">${formatNumber(v.score)}</td><td>${h(v.reason)}</td></tr>`,
    )
    .join('');
  const failed = Object.values(item.verdicts).filter((v) => v.pass === false).length;
  const evidence = Object.entries(item.evidence)
    .map(([k, v]) => `<h4>${h(k)}</h4>${renderEvidence(v)}`)
    .join('');
  return `<details><summary><b>${h(item.id)}</b> <span class="muted">${h(item.category ?? '')}</span> ${item.status !== 'ok' ? `<span class="fail">${item.status}</span>` : ''} ${failed ? `<span class="fail">${failed} failed</span>` : '<span class="pass">all pass</span>'}</summary>
${verdicts ? `<div class="wide"><table><tr><th>check</th><th>verdict</th><th>score</th><th>reason</th></tr>${verdicts}</table></div>` : ''}${evidence}</details>`;
}

function fact(key: string, value: string, extra = ''): string {
  return `<div class="fact"><span class="k">${key}</span><span class="v">${value}</span>${extra ? ` <span class="muted">${extra}</span>` : ''}</div>`;
}

/** The box a reader sees first: status, the headline metric with its interval, the rubric total and level per criterion, critical flags one line each. */
function renderVerdict(sc: Scorecard, options: ReportOptions): string {
  const headline = headlineOf(sc, options);
  const critical = sortedFlags(sc.flags).filter((f) => f.severity === 'critical');
  const warnings = sc.flags.filter((f) => f.severity === 'warning').length;
  const facts = [fact('status', h(sc.status))];
  if (headline) {
    const relative = headline.relative !== null ? `${formatNumber(headline.relative, 2)} × the reference (${formatNumber(headline.reference)})` : '';
    facts.push(fact(h(headline.name), h(valueWithInterval(headline.metric)), relative));
  }
  if (sc.rubric) {
    const covered = sc.rubric.total.weightCovered < 1 ? `covers ${Math.round(100 * sc.rubric.total.weightCovered)}% of the weight` : '';
    facts.push(fact('rubric total', h(rubricTotalText(sc.rubric.total)), covered));
  }
  facts.push(fact('flags', `${critical.length} critical, ${warnings} warning${warnings === 1 ? '' : 's'}`));
  const rubric = sc.rubric
    ? `<div class="wide"><table class="levels"><tr><th>criterion</th><th>weight</th><th>level</th><th>range</th><th>source</th></tr>${sc.rubric.criteria
        .map(
          (c) =>
            `<tr><td>${h(c.title)}</td><td class="num">${formatNumber(c.weight, 2)}</td><td>${levelBadge(c.level)}</td><td class="num">${c.range ? `${formatNumber(c.range.low, 1)}–${formatNumber(c.range.high, 1)}` : ''}</td><td>${c.source === 'manual' ? `interviewers${c.reviews?.length ? ` (${c.reviews.length})` : ''}` : 'automatic'}${c.cappedBy?.length ? `, capped by ${h(c.cappedBy.join(', '))}` : ''}</td></tr>`,
        )
        .join('')}</table></div>`
    : '';
  const flags = critical.length ? `<ul class="critical">${critical.map((f) => `<li><b>${h(f.code)}</b>: ${h(flagSummary(f, 100))}</li>`).join('')}</ul>` : '<p class="pass">no critical flag</p>';
  const problems = sc.problems.length ? `<ul class="critical">${sc.problems.map((p) => `<li>${h(p)}</li>`).join('')}</ul>` : '';
  const cls = sc.status !== 'graded' ? sc.status : critical.length ? 'flagged' : 'graded';
  return `<section class="verdict ${cls}" id="verdict"><h2>Verdict</h2><div class="facts">${facts.join('')}</div>${problems}${rubric}${flags}</section>`;
}

/** An interviewer's level and note. */
function renderReview(r: RubricReview): string {
  return `<li>${h(r.interviewer)}: ${levelBadge(r.level)} ${h(r.note)}</li>`;
}

/** The metric behind an automatic level: raw, the reference's and the relative figure. */
function criterionFigures(c: RubricCriterionResult): string {
  if (c.metric === undefined) return '';
  return `${h(c.metric)}: ${formatNumber(c.raw ?? null)}${c.reference !== undefined ? `, reference ${formatNumber(c.reference)}` : ''}${c.relative !== undefined && c.relative !== null ? `, relative ${formatNumber(c.relative, 2)}` : ''}`;
}

function renderRubricDetail(rubric: RubricSection): string {
  const rows = rubric.criteria
    .map((c) => {
      const figures = criterionFigures(c);
      const reviews = c.reviews?.length ? `<ul>${c.reviews.map(renderReview).join('')}</ul>` : '';
      return `<tr><td>${h(c.title)}</td><td>${levelBadge(c.level)}</td><td class="num">${formatNumber(c.weight, 2)}</td><td>${figures}</td><td>${h(c.evidence)}${reviews}</td></tr>`;
    })
    .join('');
  const missing = rubric.missing.length ? `<p>missing: ${rubric.missing.map((m) => `${h(m.criterion)} (${h(m.reason)})`).join('; ')}</p>` : '';
  return `<h2>Rubric</h2><p>weighted total ${h(rubricTotalText(rubric.total))}${rubric.total.interval ? ` <span class="muted">(${h(rubric.total.interval.method)})</span>` : ''}</p>${missing}<div class="wide"><table><tr><th>criterion</th><th>level</th><th>weight</th><th>figures</th><th>evidence</th></tr>${rows}</table></div>`;
}

async function renderMetrics(sc: Scorecard): Promise<string> {
  const higher = await intervalBarChart('Higher is better', shareBars(sc.metrics, 'higher'), { color: HIGHER_COLOR, subtitle: 'shares with 95% intervals: longer bars are better' });
  const lower = await intervalBarChart('Lower is better', shareBars(sc.metrics, 'lower'), { color: LOWER_COLOR, subtitle: 'shares with 95% intervals: shorter bars are better' });
  const charts = higher || lower ? `<div class="charts">${higher}${lower}</div>` : '';
  return `<h2>Metrics</h2>${charts}${metricTable(sc.metrics)}`;
}

async function renderBreakdown(sc: Scorecard): Promise<string> {
  const overallByCategory: IntervalBar[] = Object.entries(sc.breakdown).flatMap(([category, metrics]) => {
    const m = metrics.overall;
    return m && m.value !== null && m.direction === 'higher' ? [{ label: category, value: m.value, low: m.interval?.low, high: m.interval?.high }] : [];
  });
  const chart = await intervalBarChart('Overall score by category', overallByCategory, { domain: [0, 1], subtitle: 'higher is better; 95% intervals' });
  const groups = Object.entries(sc.breakdown)
    .map(([group, metrics]) => `<details><summary>${h(group)}</summary>${metricTable(metrics)}</details>`)
    .join('');
  return groups ? `<h2>By category</h2>${chart ? `<div class="charts">${chart}</div>` : ''}${groups}` : '';
}

/** A self-contained static HTML report (inline SVG charts, no scripts), from the scorecard alone: the verdict first, the evidence after. */
export async function renderHtmlReport(sc: Scorecard, options: ReportOptions = {}): Promise<string> {
  const title = `${sc.exercise} take-home: ${sc.candidate}`;
  const flags = sc.flags.length ? sortedFlags(sc.flags).map(renderFlag).join('\n') : '<p>none</p>';
  const cost = costText(sc);
  const provenance = sc.provenance ? ` · grader ${h(sc.provenance.graderVersion)}` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${h(title)}</title><style>${STYLE}</style></head><body>
<h1>${h(title)}</h1>
<p class="muted">variant <code>${h(sc.variant)}</code> · harness ${h(sc.harnessVersion)}${provenance} · backend ${h(sc.backend)}${sc.sandbox ? ` · sandbox ${h(sc.sandbox.mode)}` : ''}</p>
${sc.backend === 'offline' ? '<p class="banner">Model calls ran on the offline backend: a deterministic extractive baseline, not an LLM. Scores measure the pipeline (retrieval, filtering, refusal, citations), not model quality.</p>' : ''}
${renderVerdict(sc, options)}
<h2>Flags (${sc.flags.length})</h2>${flags}
${sc.rubric ? renderRubricDetail(sc.rubric) : ''}
${await renderMetrics(sc)}
${await renderBreakdown(sc)}
${sc.usage ? `<h2>Gateway usage</h2><p>${sc.usage.requests.toLocaleString('en-US')} requests · ${sc.usage.promptTokens.toLocaleString('en-US')} prompt + ${sc.usage.completionTokens.toLocaleString('en-US')} completion tokens · ${h(cost ?? '')} · ${sc.usage.rejected} rejected · backend ${h(sc.usage.backend)}</p>` : ''}
<h2>Drill-down (${sc.items.length} items)</h2>
${sc.items.map(renderItem).join('\n')}
</body></html>
`;
}
