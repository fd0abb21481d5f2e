import Table from 'cli-table3';
import type { Scorecard } from '../scorecard';
import { formatNumber } from './format';

/** Submissions side by side: one row each, chosen metrics with their 95% intervals. */
export function renderComparisonTable(rows: readonly { label: string; scorecard: Scorecard }[], metricNames: readonly string[]): string {
  const table = new Table({ head: ['submission', 'status', ...metricNames, 'flags'], style: { head: [], border: [] } });
  for (const { label, scorecard } of rows) {
    table.push([
      label,
      scorecard.status,
      ...metricNames.map((name) => {
        const m = scorecard.metrics[name];
        if (!m || m.value === null) return 'n/a';
        return m.interval ? `${formatNumber(m.value)} [${formatNumber(m.interval.low)}, ${formatNumber(m.interval.high)}]` : formatNumber(m.value);
      }),
      scorecard.flags.filter((f) => f.severity !== 'info').map((f) => f.code).join(', ') || '-',
    ]);
  }
  return table.toString();
}
