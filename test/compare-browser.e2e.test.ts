import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildComparison, renderComparisonHtml, scorecardsByName } from '../harness/compare';
import type { CompareInput } from '../harness/compare/model';
import { makeScorecard } from '../harness/compare/test-helpers';
import { renderHtmlReport } from '../harness/report';
import { CHROMIUM_MISSING, CHROMIUM_PATH, checkPage } from './browser-helpers';
import { useTempDirs } from './test-helpers';

const tempDir = useTempDirs();

/** Candidates of one exercise, each with a results folder holding its scorecard and report, as `takehome compare` reads them. */
async function loopResults(exercise: 'rag' | 'ml', headline: string): Promise<{ inputs: CompareInput[]; dir: string }> {
  const dir = tempDir('takehome-compare-browser-');
  const people = ['ada-lovelace', 'grace-hopper', 'alan-turing', 'katherine-johnson-with-a-long-name'];
  const inputs: CompareInput[] = [];
  for (const [i, candidate] of people.entries()) {
    const value = 0.2 + 0.1 * i;
    const scorecard = makeScorecard({
      candidate,
      exercise,
      variant: `variant-${i % 2}`,
      headline: { metric: headline, value, low: value - 0.05, high: value + 0.05 },
      itemScores: Array.from({ length: 40 }, (_, q) => ((q * (i + 3)) % 7) / 6),
      breakdown: exercise === 'rag' ? { lookup: value, 'multi-hop': value / 2, unanswerable: 1 - value } : {},
      curves: exercise === 'ml',
      rubric: {
        auto: { retrieval: { level: 1 + i, low: Math.max(1, i), high: Math.min(4, 2 + i) }, correctness: { level: 4 - i } },
        reviews: { 'write-up': { 'Interviewer One': 1 + (i % 4), 'Interviewer Two': 1 + ((i + 1) % 4) }, evaluation: { 'Interviewer One': 2, 'Interviewer Two': 3 } },
        reference: 0.5,
      },
    });
    const resultsDir = join(dir, 'results', exercise, candidate);
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, 'scorecard.json'), JSON.stringify(scorecard));
    writeFileSync(join(resultsDir, 'report.html'), await renderHtmlReport(scorecard, { headline }));
    inputs.push({ label: candidate, scorecard, resultsDir });
  }
  return { inputs, dir };
}

describe('the comparison page in a real browser', () => {
  it.each([
    ['rag', 'overall'],
    ['ml', 'average_precision'],
  ] as const)('the %s comparison renders every chart and table, with no console error and no text outside its box', async (exercise, headline) => {
    if (!CHROMIUM_PATH) {
      console.warn(`skipped: ${CHROMIUM_MISSING}`);
      return expect.soft(CHROMIUM_PATH, CHROMIUM_MISSING).toBeUndefined();
    }
    const { inputs, dir } = await loopResults(exercise, headline);
    const cmp = buildComparison(inputs, { exercise, headlineMetric: headline, replicates: 200 });
    const page = join(dir, `compare-${exercise}.html`);
    writeFileSync(page, await renderComparisonHtml(cmp, scorecardsByName(inputs), page));
    const result = await checkPage(page, `compare-${exercise}`);
    expect(result.problems).toEqual([]);
    expect(result.charts).toBeGreaterThanOrEqual(3);
    expect(result.tables).toBeGreaterThanOrEqual(2);
    const narrow = await checkPage(page, `compare-${exercise}-narrow`, { width: 760 });
    expect(narrow.problems).toEqual([]);
  });
});
