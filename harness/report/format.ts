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

/** Markdown table cells: no pipes or newlines from candidate text can break the table. */
export function escapeMarkdownCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/</g, '&lt;');
}
