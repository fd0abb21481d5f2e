import { dirname, join, relative, sep } from 'node:path';
import { escapeHtml as e } from '../report/format';
import type { Scorecard } from '../scorecard';
import { ALPHA_CALIBRATE } from './agreement';
import { CHART_ROWS, CURVE_CANDIDATES, categoryHeatmap, curveCharts, curvesOf, levelDistribution, levelsHeatmap, totalsChart } from './charts';
import { flagsText, headlineText, levelText, num, range, sureness, totalText } from './format';
import type { Comparison, ComparisonRow } from './model';

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;padding:1.5rem;max-width:1200px;color:#1d1d1d;line-height:1.4}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem;border-bottom:1px solid #ddd;padding-bottom:.25rem}
.sub{color:#555;margin:0 0 1rem}.notes{background:#fff8e1;border:1px solid #f0d58c;padding:.5rem 1rem;border-radius:4px}
.scroll{overflow-x:auto;max-width:100%}table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
th,td{border:1px solid #ddd;padding:.25rem .45rem;text-align:left;vertical-align:top;white-space:nowrap}th{background:#f4f4f4;white-space:normal;min-width:3rem;max-width:9rem;vertical-align:bottom}
td.num{text-align:right;font-variant-numeric:tabular-nums}td.wrap{white-space:normal;min-width:12rem;max-width:28rem;overflow-wrap:anywhere}
.l1{background:#f6d5cf}.l2{background:#fbe8c8}.l3{background:#dcefd5}.l4{background:#b9e0b0}.lm{color:#888}
.crit{color:#b00020;font-weight:600}.warn{color:#8a5a00}.calibrate{background:#f6d5cf;font-weight:600}
.charts{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}.charts svg{max-width:100%;height:auto}
.muted{color:#666;font-size:.85rem}`;

function table(head: readonly string[], rows: readonly string[][], caption?: string): string {
  return `<div class="scroll"><table>${caption ? `<caption class="muted">${e(caption)}</caption>` : ''}<thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.join('')}</tr>`).join('')}</tbody></table></div>`;
}

const td = (text: string, cls?: string) => `<td${cls ? ` class="${cls}"` : ''}>${e(text)}</td>`;

/** A link from the page's folder to the candidate's report.html (none in blind mode: reports carry names). */
function reportLink(row: ComparisonRow, outDir: string): string {
  if (!row.resultsDir) return `<td>${e(row.name)}</td>`;
  const href = relative(outDir, join(row.resultsDir, 'report.html')).split(sep).map(encodeURIComponent).join('/');
  return `<td><a href="${e(href)}">${e(row.name)}</a></td>`;
}

function candidatesTable(cmp: Comparison, outDir: string): string {
  const hasTotals = cmp.rows.some((r) => r.total !== null);
  const relative = cmp.rows.some((r) => r.headline.relative !== null);
  const head = [
    '#',
    'candidate',
    // Short headers keep the row on one screen; the caption names each criterion.
    ...cmp.criteria.map((_, i) => `C${i + 1}`),
    ...(hasTotals ? ['total [95%]'] : []),
    relative ? `${cmp.headlineMetric} vs reference` : `${cmp.headlineMetric} [95%]`,
    'flags',
  ];
  const rows = cmp.rows.map((r) => {
    const flags = flagsText(r);
    const critical = r.status !== 'graded' || r.flags.some((f) => f.severity === 'critical');
    return [
      td(String(r.rank), 'num'),
      reportLink(r, outDir),
      ...cmp.criteria.map((c) => {
        const cell = r.levels[c.id];
        const level = cell?.level ?? null;
        const title = cell
          ? `${cell.source}${cell.reviewers ? `, ${cell.reviewers} interviewer(s)` : ''}${cell.low !== null && cell.high !== null ? `; evidence allows ${cell.low}-${cell.high}` : ''}`
          : 'no level';
        return `<td class="num ${level === null ? 'lm' : `l${Math.round(level)}`}" title="${e(title)}">${e(levelText(cell))}</td>`;
      }),
      ...(hasTotals ? [td(totalText(r), 'num')] : []),
      td(headlineText(r), 'num'),
      flags ? td(flags, `wrap ${critical ? 'crit' : 'warn'}`) : td('-'),
    ];
  });
  const legend = cmp.criteria.map((c, i) => `C${i + 1} ${c.title} (${Math.round(c.weight * 100)}%)`).join(' · ');
  return table(head, rows, legend ? `Criteria: ${legend}` : undefined);
}

function pairsSection(cmp: Comparison): string {
  if (cmp.pairs.length === 0) return '<p class="muted">No pair to compare (fewer than two graded candidates).</p>';
  const rows = cmp.pairs.map((p) => [
    td(p.a),
    td(p.b),
    td(p.pBetter === null ? 'n/a' : num(p.pBetter), 'num'),
    td(p.difference === null ? 'n/a' : `${p.difference >= 0 ? '+' : ''}${num(p.difference, 3)}`, 'num'),
    td(p.interval ? range(p.interval.low, p.interval.high, 3) : 'n/a', 'num'),
    td(sureness(p.pBetter)),
    td(p.basis === 'none' ? p.method : `${p.statistic}; ${p.method}`, 'wrap'),
  ]);
  return `<p class="muted">Pairs: ${e(cmp.pairsNote)}. P(A better) is the share of bootstrap replicates in which A scores higher; the interval is the 95% interval of A - B. Same variant with per-item scores: a paired bootstrap over the items both answered; otherwise each one's headline relative to the reference on their own variant.</p>${table(['A', 'B', 'P(A better)', 'A - B', '95% interval', 'reading', 'what was compared'], rows)}`;
}

function agreementSection(cmp: Comparison): string {
  const a = cmp.agreement;
  if (!a) return '<p class="muted">No interviewer reviews in these scorecards yet (takehome review, then takehome score).</p>';
  const criteria = a.criteria.map((c) => [
    td(c.title),
    `<td class="num${c.calibrate ? ' calibrate' : ''}">${e(c.alpha === null ? 'n/a' : num(c.alpha))}</td>`,
    td(String(c.candidates), 'num'),
    td(String(c.ratings), 'num'),
    td(c.calibrate ? `under ${ALPHA_CALIBRATE}: discuss and calibrate before relying on it` : (c.note ?? 'ok'), `wrap${c.calibrate ? ' crit' : ''}`),
  ]);
  const pairs = a.pairs.map((p) => [
    td(p.a),
    td(p.b),
    td(String(p.shared), 'num'),
    td(p.linear === null ? 'n/a' : num(p.linear), 'num'),
    td(p.quadratic === null ? 'n/a' : num(p.quadratic), 'num'),
    td(p.note ?? '', 'wrap'),
  ]);
  return `<p class="muted">Krippendorff's alpha (ordinal) per criterion over every candidate and interviewer (${a.interviewers.map(e).join(', ')}); criteria under ${ALPHA_CALIBRATE} are marked for a calibration discussion.</p>${table(['criterion', 'alpha', 'candidates reviewed twice+', 'ratings', 'reading'], criteria)}<p class="muted">Weighted Cohen's kappa for each pair of interviewers, over the (candidate, criterion) pairs both rated.</p>${table(['interviewer', 'interviewer', 'shared ratings', 'kappa (linear)', 'kappa (quadratic)', ''], pairs)}`;
}

function similaritySection(cmp: Comparison): string {
  const s = cmp.similarity;
  if (!s) return '<p class="muted">Not run: no submission folders were given (--submissions DIR, or a loop whose submissions/ folder holds them).</p>';
  const rows = s.pairs.map((p) => [
    td(p.a),
    td(p.b),
    td(`${Math.round(p.similarity * 100)}%`, 'num'),
    td(String(p.longest), 'num'),
    td(p.languages.join(', ')),
    td(`${p.files.a.join(', ')} | ${p.files.b.join(', ')}`, 'wrap'),
  ]);
  const skipped = s.skipped.length ? `<p class="muted">Not compared: ${s.skipped.map((x) => `${e(x.name)} (${e(x.reason)})`).join('; ')}.</p>` : '';
  return `<p><strong>${e(s.note)}</strong></p><p class="muted">${e(s.method)}. ${s.compared.length} submission(s) compared${s.starter ? '; starter code excluded' : '; no starter given, so code every candidate received counts as shared'}. Pairs at or above ${Math.round(s.threshold * 100)}% shared fingerprints:</p>${
    rows.length ? table(['A', 'B', 'shared', 'longest run (k-grams)', 'languages', 'files with shared code (A | B)'], rows) : '<p>None.</p>'
  }${skipped}`;
}

/**
 * The comparison as one self-contained HTML page: no script, no network;
 * charts are inline SVG. OUT_FILE is where it will be written (links to each
 * candidate's report.html are relative to it). SCORECARDS, by row name, give
 * the per-category results and ML curves.
 */
export async function renderComparisonHtml(cmp: Comparison, scorecards: ReadonlyMap<string, Scorecard>, outFile: string): Promise<string> {
  const outDir = dirname(outFile);
  const top = cmp.rows.slice(0, CHART_ROWS);
  const missing: string[] = [];
  const charts: string[] = [];
  charts.push(await levelDistribution(cmp), await levelsHeatmap(cmp, top));
  charts.push(await totalsChart(top));
  const withCards = top
    .map((r) => ({ name: `${r.rank}. ${r.name}`, scorecard: scorecards.get(r.name) }))
    .filter((x): x is { name: string; scorecard: Scorecard } => x.scorecard !== undefined && x.scorecard.status === 'graded');
  const categoryMetric = withCards.some((x) => Object.values(x.scorecard.breakdown).some((m) => m[cmp.headlineMetric])) ? cmp.headlineMetric : undefined;
  if (categoryMetric) charts.push(await categoryHeatmap(withCards, categoryMetric));
  const rocCapable = withCards.filter((x) => x.scorecard.metrics.roc_auc !== undefined);
  const curves = rocCapable.flatMap((x) => {
    const c = curvesOf(x.scorecard);
    return c ? [{ name: x.name, curves: c }] : [];
  });
  if (rocCapable.length > curves.length)
    missing.push(
      `${rocCapable.length - curves.length} scorecard(s) carry ROC-AUC but no curve data (the "curves" item the ML grader writes since this version): ROC, precision-recall and calibration curves are drawn only for the others; regrade to add them`,
    );
  charts.push(...(await curveCharts(curves.slice(0, CURVE_CANDIDATES))));
  const drawn = charts.filter(Boolean);
  const notes = [...cmp.notes, ...missing, ...(cmp.rows.length > CHART_ROWS ? [`charts per candidate show the first ${CHART_ROWS} in the ranking; the table has all ${cmp.rows.length}`] : [])];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(`${cmp.exercise}: comparison of ${cmp.rows.length} candidates`)}</title><style>${STYLE}</style></head>
<body>
<h1>${e(cmp.exercise)}: ${cmp.rows.length} candidates side by side${cmp.blind ? ' (blind)' : ''}</h1>
<p class="sub">Ranked by weighted rubric total, then ${e(cmp.headlineMetric)}${cmp.rows.some((r) => r.headline.relative !== null) ? ' relative to the reference solution on the same variant (x1.00 = as good as the reference)' : ''}. Levels: 1 strong no, 2 no, 3 yes, 4 strong yes; "?" = the evidence allows other levels; "-" = missing; a total marked * still misses some weight.${cmp.blind ? ' Names are pseudonyms; reports are not linked (they carry names).' : " Each name links to the candidate's report."}</p>
${notes.length ? `<div class="notes"><ul>${notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul></div>` : ''}
<h2>Candidates</h2>
${candidatesTable(cmp, outDir)}
<h2>Charts</h2>
<div class="charts">${drawn.join('\n')}</div>
<h2>How sure is each difference</h2>
${pairsSection(cmp)}
<h2>Interviewer agreement</h2>
${agreementSection(cmp)}
<h2>Similar code across submissions</h2>
${similaritySection(cmp)}
</body></html>
`;
}
