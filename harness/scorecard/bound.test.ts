// What a submission puts into a scorecard is bounded: a huge report.json or answer cannot make a huge scorecard or report.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHtmlReport, renderMarkdownReport } from '../report';
import { useTempDirs } from '../../test/test-helpers';
import { boundScorecard, SCORECARD_BOUNDS, SCORECARD_SCHEMA, scorecardSchema, writeScorecard, type Scorecard } from './index';

const tempDir = useTempDirs();

function bloated(): Scorecard {
  const huge = 'Ω'.repeat(2_000_000);
  return {
    schema: SCORECARD_SCHEMA,
    exercise: 'ml',
    candidate: 'ada',
    variant: 'abcdef012345',
    harnessVersion: '0.1.0',
    status: 'graded',
    problems: Array.from({ length: 1000 }, (_, i) => `problem ${i}: ${huge.slice(0, 10_000)}`),
    backend: 'none',
    metrics: { auc: { value: 0.5, direction: 'higher' } },
    breakdown: {},
    items: [
      {
        id: 'report',
        kind: 'check',
        status: 'ok',
        verdicts: { ok: { pass: true, score: 1, reason: huge } },
        // A schema-valid report.json with giant strings and arrays.
        evidence: { report: { notes: huge, excluded_features: Array.from({ length: 50_000 }, (_, i) => ({ column: `c${i}`, reason: 'x'.repeat(500) })) } },
      },
      { id: 'q1', kind: 'question', status: 'ok', verdicts: {}, evidence: { answer: 'short and honest' } },
    ],
    flags: [{ code: 'leakage-suspected', severity: 'warning', message: huge, evidence: { list: Array.from({ length: 10_000 }, (_, i) => i) } }],
  };
}

describe('boundScorecard', () => {
  it('cuts strings and arrays a submission made huge, says what was cut, and leaves small evidence as it was', async () => {
    const sc = bloated();
    const bounded = boundScorecard(sc);
    expect(scorecardSchema.parse(bounded)).toBeTruthy();
    const size = JSON.stringify(bounded).length;
    expect(size).toBeLessThan(2_500_000);
    expect(JSON.stringify(sc).length).toBeGreaterThan(30_000_000);
    const report = bounded.items[0]!;
    expect(JSON.stringify(report.evidence).length).toBeLessThanOrEqual(SCORECARD_BOUNDS.evidence + 2_000);
    expect((report.evidence.cut as string[]).join('\n')).toMatch(/report\.notes: 2000000 characters cut to \d+/);
    expect((report.evidence.cut as string[]).join('\n')).toMatch(/report\.excluded_features: 50000 entries cut to \d+/);
    expect(report.verdicts.ok!.reason).toMatch(/\[\.\.\. cut: \d+ more characters\]$/);
    expect(bounded.items[1]).toEqual(sc.items[1]);
    expect(bounded.problems).toHaveLength(SCORECARD_BOUNDS.list);
    expect(bounded.problems.at(-1)).toMatch(/cut: 801 more problems/);
    expect(bounded.flags[0]!.message.length).toBe(SCORECARD_BOUNDS.string);
    // Idempotent: bounding a bounded scorecard changes nothing.
    expect(boundScorecard(bounded)).toEqual(bounded);
  });

  it('writeScorecard and both reports stay small for a bloated scorecard', async () => {
    const dir = tempDir('takehome-bound-');
    await writeScorecard(join(dir, 'scorecard.json'), bloated());
    expect(statSync(join(dir, 'scorecard.json')).size).toBeLessThan(5_000_000);
    const written = JSON.parse(readFileSync(join(dir, 'scorecard.json'), 'utf8')) as Scorecard;
    expect(renderMarkdownReport(written).length).toBeLessThan(5_000_000);
    expect((await renderHtmlReport(written)).length).toBeLessThan(5_000_000);
  });
});
