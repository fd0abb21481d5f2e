import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export interface IntervalBar {
  label: string;
  value: number;
  low?: number | undefined;
  high?: number | undefined;
}

/**
 * A horizontal bar chart with 95% interval whiskers, rendered to a static SVG
 * string by Vega-Lite (no script in the report, so it opens offline anywhere).
 */
export async function intervalBarChart(title: string, bars: readonly IntervalBar[], options: { domain?: [number, number] } = {}): Promise<string> {
  if (bars.length === 0) return '';
  const x = { field: 'value', type: 'quantitative' as const, title: null, ...(options.domain ? { scale: { domain: options.domain } } : {}) };
  const spec: TopLevelSpec = {
    title,
    width: 420,
    data: { values: bars.map((b) => ({ label: b.label, value: b.value, low: b.low ?? b.value, high: b.high ?? b.value })) },
    encoding: { y: { field: 'label', type: 'nominal', sort: null, title: null } },
    layer: [
      { mark: { type: 'bar', color: '#4c78a8' }, encoding: { x } },
      { mark: { type: 'rule', color: '#222' }, encoding: { x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } } },
      { mark: { type: 'text', align: 'left', dx: 4, color: '#222' }, encoding: { x: { field: 'high', type: 'quantitative' }, text: { field: 'value', type: 'quantitative', format: '.3f' } } },
    ],
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
