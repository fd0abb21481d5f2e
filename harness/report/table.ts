import Table from 'cli-table3';
import { createColors } from 'picocolors';
import type { Scorecard } from '../scorecard';
import { formatNumber } from './format';

/** Flag codes once each, with a count when repeated ("leakage-suspected x5") and the items they scored 0 ("hard-coded-answers: 3 zeroed"); info flags left out. */
function flagSummary(flags: Scorecard['flags'], paint: ReturnType<typeof createColors>): string {
  const counts = new Map<string, { n: number; zeroed: number; critical: boolean }>();
  for (const f of flags) {
    if (f.severity === 'info') continue;
    const c = counts.get(f.code) ?? { n: 0, zeroed: 0, critical: false };
    counts.set(f.code, { n: c.n + 1, zeroed: c.zeroed + (f.zeroed?.length ?? 0), critical: c.critical || f.severity === 'critical' });
  }
  return [...counts].map(([code, { n, zeroed, critical }]) => (critical ? paint.red : paint.yellow)(`${n > 1 ? `${code} x${n}` : code}${zeroed ? ` (${zeroed} zeroed)` : ''}`)).join(', ');
}

/** Submissions side by side: one row each, chosen metrics with their 95% intervals; `color` for a colour terminal (status and flags). */
export function renderComparisonTable(rows: readonly { label: string; scorecard: Scorecard }[], metricNames: readonly string[], options: { color?: boolean | undefined } = {}): string {
  const paint = createColors(options.color ?? false);
  const table = new Table({ head: ['submission', 'status', ...metricNames, 'flags'].map((x) => paint.bold(x)), style: { head: [], border: [] } });
  for (const { label, scorecard } of rows) {
    table.push([
      label,
      scorecard.status === 'graded' ? paint.green(scorecard.status) : paint.red(scorecard.status),
      ...metricNames.map((name) => {
        const m = scorecard.metrics[name];
        if (!m || m.value === null) return 'n/a';
        return m.interval ? `${formatNumber(m.value)} [${formatNumber(m.interval.low)}, ${formatNumber(m.interval.high)}]` : formatNumber(m.value);
      }),
      flagSummary(scorecard.flags, paint) || '-',
    ]);
  }
  return table.toString();
}
