import Table from 'cli-table3';
import type { Scorecard } from '../scorecard';
import { formatNumber } from './format';

/** Flag codes once each, with a count when repeated ("leakage-suspected x5") and the items they scored 0 ("hard-coded-answers: 3 zeroed"); info flags left out. */
function flagSummary(flags: Scorecard['flags']): string {
  const counts = new Map<string, { n: number; zeroed: number }>();
  for (const f of flags) {
    if (f.severity === 'info') continue;
    const c = counts.get(f.code) ?? { n: 0, zeroed: 0 };
    counts.set(f.code, { n: c.n + 1, zeroed: c.zeroed + (f.zeroed?.length ?? 0) });
  }
  return [...counts].map(([code, { n, zeroed }]) => `${n > 1 ? `${code} x${n}` : code}${zeroed ? ` (${zeroed} zeroed)` : ''}`).join(', ');
}

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
      flagSummary(scorecard.flags) || '-',
    ]);
  }
  return table.toString();
}
