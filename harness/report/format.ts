import type { Metric } from '../scorecard';

export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  if (Number.isInteger(value) && Math.abs(value) >= 1000) return value.toLocaleString('en-US');
  return Number(value.toFixed(digits)).toString();
}

export function formatInterval(metric: Metric): string {
  return metric.interval ? `[${formatNumber(metric.interval.low)}, ${formatNumber(metric.interval.high)}]` : '';
}

export function formatFraction(metric: Metric): string {
  if (metric.numerator === undefined || metric.denominator === undefined) return metric.denominator !== undefined ? `n=${metric.denominator}` : '';
  return `${formatNumber(metric.numerator, 2)}/${metric.denominator}`;
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
