import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from '../report/charts';
import type { Scorecard } from '../scorecard';
import type { Comparison, ComparisonRow } from './model';

/**
 * The comparison page's charts, as static SVG rendered here by Vega-Lite (as
 * harness/report/charts.ts does for a report): the page needs no script and
 * no network to be read.
 */

/** Rows drawn in per-candidate charts; past this, the first ones in the ranking (the page's table has everyone). */
export const CHART_ROWS = 40;
/** Curves drawn on one ROC / PR / calibration chart before it stops being readable. */
export const CURVE_CANDIDATES = 8;

const LEVEL_COLOURS = ['#c23b22', '#e8a33d', '#7fb86a', '#2e7d32'];
const CONFIG = { axis: { labelLimit: 0, labelFontSize: 11, titleFontSize: 12 }, title: { fontSize: 14, anchor: 'start' as const }, legend: { labelLimit: 0 }, view: { stroke: null } };

/** Candidates (rows, in rank order) by criterion (columns), each cell coloured by its level, with the level written in. */
export async function levelsHeatmap(cmp: Comparison, rows: readonly ComparisonRow[]): Promise<string> {
  if (cmp.criteria.length === 0 || rows.length === 0) return '';
  const values = rows.flatMap((r) =>
    cmp.criteria.map((c) => {
      const level = r.levels[c.id]?.level ?? null;
      return { candidate: `${r.rank}. ${r.name}`, criterion: c.title, level: level === null ? null : Math.round(level), text: level === null ? '-' : String(level) };
    }),
  );
  return renderSvg({
    title: 'Level per rubric criterion (1 strong no ... 4 strong yes; "-" missing)',
    config: CONFIG,
    data: { values },
    width: { step: 64 },
    height: { step: 20 },
    encoding: {
      x: { field: 'criterion', type: 'nominal', sort: cmp.criteria.map((c) => c.title), title: null, axis: { orient: 'top', labelAngle: -30 } },
      y: { field: 'candidate', type: 'nominal', sort: null, title: null },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: '#fff' },
        encoding: {
          color: { field: 'level', type: 'ordinal', scale: { domain: [1, 2, 3, 4], range: LEVEL_COLOURS }, legend: { title: 'level' } },
        },
      },
      { mark: { type: 'text', fontSize: 11 }, encoding: { text: { field: 'text', type: 'nominal' }, color: { value: '#111' } } },
    ],
  });
}

/** Each candidate's weighted rubric total as a dot with its 95% interval as a line, on the levels' scale 1..4. */
export async function totalsChart(rows: readonly ComparisonRow[]): Promise<string> {
  const values = rows.flatMap((r) => (r.total ? [{ candidate: `${r.rank}. ${r.name}`, total: r.total.value, low: r.total.low, high: r.total.high, text: r.total.value.toFixed(2) }] : []));
  if (values.length === 0) return '';
  const x = { type: 'quantitative' as const, scale: { domain: [1, 4] }, title: 'weighted total (1 strong no ... 4 strong yes)' };
  return renderSvg({
    title: 'Weighted rubric total with its 95% interval',
    config: CONFIG,
    data: { values },
    width: 360,
    height: { step: 20 },
    encoding: { y: { field: 'candidate', type: 'nominal', sort: null, title: null } },
    layer: [
      { mark: { type: 'rule', strokeWidth: 2, color: '#6b8fbf' }, encoding: { x: { field: 'low', ...x }, x2: { field: 'high' } } },
      { mark: { type: 'point', filled: true, size: 50, color: '#1f4e8c' }, encoding: { x: { field: 'total', ...x } } },
      { mark: { type: 'text', align: 'left', dx: 6, fontSize: 10 }, encoding: { x: { field: 'high', ...x }, text: { field: 'text', type: 'nominal' } } },
    ],
  });
}

/** How many candidates reached each level, per criterion: the whole field at a glance, however many candidates. */
export async function levelDistribution(cmp: Comparison): Promise<string> {
  if (cmp.criteria.length === 0) return '';
  const values: { criterion: string; level: string; candidates: number; order: number }[] = [];
  for (const c of cmp.criteria) {
    const counts = new Map<string, number>();
    for (const r of cmp.rows) {
      const level = r.levels[c.id]?.level ?? null;
      const key = level === null ? 'missing' : String(Math.round(level));
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [level, n] of counts) values.push({ criterion: c.title, level, candidates: n, order: level === 'missing' ? 0 : Number(level) });
  }
  return renderSvg({
    title: `Candidates at each level, per criterion (${cmp.rows.length} candidates)`,
    config: CONFIG,
    data: { values },
    width: 420,
    height: { step: 22 },
    mark: 'bar',
    encoding: {
      y: { field: 'criterion', type: 'nominal', sort: cmp.criteria.map((c) => c.title), title: null },
      x: { field: 'candidates', type: 'quantitative', stack: 'zero', title: 'candidates', axis: { tickMinStep: 1, format: 'd' } },
      color: { field: 'level', type: 'ordinal', scale: { domain: ['missing', '1', '2', '3', '4'], range: ['#bbbbbb', ...LEVEL_COLOURS] }, legend: { title: 'level' } },
      order: { field: 'order', type: 'quantitative' },
    },
  });
}

/** A metric per category (RAG question categories) per candidate, 0..1, as a heatmap. */
export async function categoryHeatmap(rows: readonly { name: string; scorecard: Scorecard }[], metric: string): Promise<string> {
  const values = rows.flatMap(({ name, scorecard }) =>
    Object.entries(scorecard.breakdown).flatMap(([category, metrics]) => {
      const v = metrics[metric]?.value;
      return v === null || v === undefined ? [] : [{ candidate: name, category, value: v, text: v.toFixed(2) }];
    }),
  );
  if (values.length === 0) return '';
  return renderSvg({
    title: `${metric} per question category`,
    config: CONFIG,
    data: { values },
    width: { step: 70 },
    height: { step: 20 },
    encoding: {
      x: { field: 'category', type: 'nominal', title: null, axis: { orient: 'top', labelAngle: -30 } },
      y: { field: 'candidate', type: 'nominal', sort: null, title: null },
    },
    layer: [
      { mark: { type: 'rect', stroke: '#fff' }, encoding: { color: { field: 'value', type: 'quantitative', scale: { domain: [0, 1], scheme: 'blues' }, legend: { title: metric } } } },
      { mark: { type: 'text', fontSize: 10 }, encoding: { text: { field: 'text', type: 'nominal' }, color: { condition: { test: 'datum.value > 0.6', value: '#fff' }, value: '#111' } } },
    ],
  });
}

export interface Curves {
  roc: [number, number][];
  pr: [number, number][];
  calibration: { predicted: number; observed: number; rows: number }[];
  prevalence: number;
}

/** The ML grader's curve data (the scorecard item "curves"), when the scorecard has it. */
export function curvesOf(sc: Scorecard): Curves | undefined {
  const e = sc.items.find((i) => i.id === 'curves')?.evidence as Partial<Curves> | undefined;
  if (!e || !Array.isArray(e.roc) || !Array.isArray(e.pr) || !Array.isArray(e.calibration) || typeof e.prevalence !== 'number') return undefined;
  return e as Curves;
}

/** ROC, precision-recall and calibration curves of up to CURVE_CANDIDATES candidates, one colour each. */
export async function curveCharts(rows: readonly { name: string; curves: Curves }[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const line = (title: string, x: string, y: string, values: object[], extra: object[] = [], top = 1) =>
    renderSvg({
      title,
      config: CONFIG,
      width: 300,
      height: 300,
      layer: [
        ...extra,
        {
          data: { values },
          mark: { type: 'line', strokeWidth: 1.5 },
          encoding: {
            x: { field: 'x', type: 'quantitative', title: x, scale: { domain: [0, top], clamp: true } },
            y: { field: 'y', type: 'quantitative', title: y, scale: { domain: [0, top], clamp: true } },
            color: { field: 'candidate', type: 'nominal', sort: rows.map((r) => r.name), legend: { title: null, orient: 'bottom', columns: 2 } },
            order: { field: 'i', type: 'quantitative' },
          },
        },
      ],
    } as TopLevelSpec);
  const diagonal = {
    data: {
      values: [
        { x: 0, y: 0 },
        { x: 1, y: 1 },
      ],
    },
    mark: { type: 'line', strokeDash: [4, 4], color: '#999' },
    encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
  };
  const roc = rows.flatMap((r) => r.curves.roc.map(([x, y], i) => ({ candidate: r.name, x, y, i })));
  const pr = rows.flatMap((r) => r.curves.pr.map(([x, y], i) => ({ candidate: r.name, x, y, i })));
  const calibration = rows.flatMap((r) => r.curves.calibration.map((b, i) => ({ candidate: r.name, x: b.predicted, y: b.observed, i })));
  const prevalence = rows[0]?.curves.prevalence ?? 0;
  // Probabilities of a rare class sit near 0: draw the calibration plot up to the largest bin (rounded up to a tenth).
  const top = Math.min(1, Math.ceil(10 * Math.max(0.1, ...calibration.map((p) => Math.max(p.x, p.y)))) / 10);
  const calibrationDiagonal = {
    ...diagonal,
    data: {
      values: [
        { x: 0, y: 0 },
        { x: top, y: top },
      ],
    },
  };
  const chance = {
    data: {
      values: [
        { x: 0, y: prevalence },
        { x: 1, y: prevalence },
      ],
    },
    mark: { type: 'line', strokeDash: [4, 4], color: '#999' },
    encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
  };
  return Promise.all([
    line('ROC curve (dashed: chance)', 'false positive rate', 'true positive rate', roc, [diagonal]),
    line(`Precision-recall (dashed: prevalence ${prevalence.toFixed(3)})`, 'recall', 'precision', pr, [chance]),
    line('Calibration (equal-mass bins; dashed: perfect)', 'mean predicted probability', 'observed positive rate', calibration, [calibrationDiagonal], top),
  ]);
}
