import type { Metric } from '../scorecard';

const SIGNIFICANT = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 2, maximumFractionDigits: 20, useGrouping: false });

/**
 * A number for people: `digits` decimals (0.06098958333333333 -> "0.061"), but
 * never fewer than two significant digits, so a small non-zero value keeps its
 * size (0.00016 stays "0.00016", not "0"); whole numbers from 1,000 grouped.
 * Never scientific notation. Scorecards keep full precision; this is display only.
 */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  if (Number.isInteger(value) && Math.abs(value) >= 1000) return value.toLocaleString('en-US');
  const rounded = Number(value.toFixed(digits));
  if (value !== 0 && Math.abs(value) < 10 ** (1 - digits)) return SIGNIFICANT.format(value);
  return Object.is(rounded, -0) ? '0' : rounded.toString();
}

/** A metric value with its unit: USD as "$0.00016", others as "33.7 ms". */
export function formatValue(metric: Pick<Metric, 'value' | 'unit'>): string {
  if (metric.value === null) return 'n/a';
  if (metric.unit === 'USD') return `$${formatNumber(metric.value, 4)}`;
  if (metric.unit === 'ms') return `${formatNumber(metric.value, metric.value >= 100 ? 0 : 1)} ms`;
  return `${formatNumber(metric.value)}${metric.unit ? ` ${metric.unit}` : ''}`;
}

export function formatInterval(metric: Metric): string {
  return metric.interval ? `[${formatNumber(metric.interval.low)}, ${formatNumber(metric.interval.high)}]` : '';
}

export function formatFraction(metric: Metric): string {
  if (metric.numerator === undefined || metric.denominator === undefined) return metric.denominator !== undefined ? `n=${formatNumber(metric.denominator)}` : '';
  return `${formatNumber(metric.numerator, 2)}/${formatNumber(metric.denominator)}`;
}

export function formatCounts(metric: Metric): string {
  const c = metric.counts;
  if (!c) return '';
  const parts = [`${c.asked} asked`, `${c.answered} answered`];
  if (c.errored) parts.push(`${c.errored} errored`);
  if (c.timedOut) parts.push(`${c.timedOut} timed out`);
  return parts.join(', ');
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Text from a submission (answers quoted in reasons, report.json text, error
 * lines) made inert in Markdown, in a table cell or a list item: one line; every
 * character that starts Markdown syntax backslash-escaped (so no image
 * `![..](..)` that a viewer would fetch, no link, emphasis, code, heading or
 * table pipe); `<` as an entity (no HTML); `&` escaped (no entity decoding);
 * `://` and `www.` broken so no bare URL becomes a link.
 */
export function escapeMarkdownCell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_{}[\]()#!|<>~&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`))
    .replace(/:\/\//g, ':\\/\\/')
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\\.`)
    .replace(/^([-+])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}
