import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { formatNumber } from './format';

export interface IntervalBar {
  label: string;
  value: number;
  low?: number | undefined;
  high?: number | undefined;
}

export interface ChartOptions {
  /** The x axis's range (default [0, 1]: every chart of shares reads on the same scale). */
  domain?: [number, number];
  /** Bar colour: blue for higher-is-better, orange for lower-is-better, so the two never read as one scale. */
  color?: string;
  /** Printed under the title (e.g. "lower is better: shorter bars are better"). */
  subtitle?: string;
}

export const HIGHER_COLOR = '#3b6ea8';
export const LOWER_COLOR = '#c0661a';

/**
 * A horizontal bar chart with 95% interval whiskers, rendered to a static SVG
 * string by Vega-Lite (no script in the report, so it opens offline anywhere).
 * Axis labels are never cut (labelLimit 0) and values print beside the whisker
 * with three decimals at most.
 */
export async function intervalBarChart(title: string, bars: readonly IntervalBar[], options: ChartOptions = {}): Promise<string> {
  if (bars.length === 0) return '';
  const domain = options.domain ?? [0, 1];
  const x = { field: 'value', type: 'quantitative' as const, title: null, scale: { domain, clamp: true } };
  const spec: TopLevelSpec = {
    title: options.subtitle ? { text: title, subtitle: options.subtitle, anchor: 'start' } : { text: title, anchor: 'start' },
    width: 360,
    height: { step: 22 },
    config: { axis: { labelLimit: 0, labelFontSize: 12 }, title: { fontSize: 14, subtitleFontSize: 12, subtitleColor: '#555' }, view: { stroke: null } },
    data: {
      values: bars.map((b) => ({
        label: b.label,
        value: b.value,
        low: Math.max(domain[0], b.low ?? b.value),
        high: Math.min(domain[1], b.high ?? b.value),
        shown: formatNumber(b.value),
      })),
    },
    encoding: { y: { field: 'label', type: 'nominal', sort: null, title: null } },
    layer: [
      { mark: { type: 'bar', color: options.color ?? HIGHER_COLOR, height: { band: 0.7 } }, encoding: { x } },
      { mark: { type: 'rule', color: '#222', strokeWidth: 1.5 }, encoding: { x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } } },
      { mark: { type: 'text', align: 'left', dx: 4, color: '#222', fontSize: 11 }, encoding: { x: { field: 'high', type: 'quantitative' }, text: { field: 'shown', type: 'nominal' } } },
    ],
  };
  return renderSvg(spec);
}

/** A Vega-Lite spec rendered to SVG on the server: no script in the page that shows it. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
