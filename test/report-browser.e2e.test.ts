import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../harness/report';
import { readScorecard } from '../harness/scorecard';
import { CHROMIUM_MISSING, CHROMIUM_PATH, checkPage } from './browser-helpers';
import { useTempDirs } from './test-helpers';

const tempDir = useTempDirs();
const FIXTURES = resolve(import.meta.dirname, '..', 'harness', 'report', 'fixtures');

/** One report of each exercise, from real scorecards (harness/report/fixtures, with a hand-made rubric section), in headless Chromium. */
describe('reports in a real browser', () => {
  it.each([
    ['rag', 'rag-cheater', 'overall'],
    ['ml', 'ml-leaky', 'average_precision'],
  ])('the %s report (%s) renders every chart and table, with no console error and no text outside its box', async (_exercise, name, headline) => {
    if (!CHROMIUM_PATH) {
      console.warn(`skipped: ${CHROMIUM_MISSING}`);
      return expect.soft(CHROMIUM_PATH, CHROMIUM_MISSING).toBeUndefined();
    }
    const dir = tempDir('takehome-browser-');
    const page = join(dir, `${name}.html`);
    writeFileSync(page, await renderHtmlReport(await readScorecard(join(FIXTURES, `${name}.scorecard.json`)), { headline }));
    const result = await checkPage(page, `report-${name}`);
    expect(result.problems).toEqual([]);
    expect(result.charts).toBeGreaterThanOrEqual(2);
    expect(result.tables).toBeGreaterThanOrEqual(3);
    // Narrow window: the page reflows instead of overflowing.
    const narrow = await checkPage(page, `report-${name}-narrow`, { width: 760 });
    expect(narrow.problems).toEqual([]);
  });

  it('the page check finds what it must: a console error, an empty table, a box its text overflows and a cut chart label', async () => {
    if (!CHROMIUM_PATH) {
      console.warn(`skipped: ${CHROMIUM_MISSING}`);
      return;
    }
    const page = join(tempDir('takehome-browser-'), 'broken.html');
    writeFileSync(
      page,
      `<!doctype html><html><body><script>console.error('boom')</script>
<table><tr><th>only a head</th></tr></table>
<div style="width:100px;white-space:nowrap">a line of text much too long for a box of one hundred pixels</div>
<svg width="100" height="40"><rect width="10" height="10"/><text x="60" y="20">a label past the edge</text><text x="0" y="35">cut…</text></svg>
</body></html>`,
    );
    const result = await checkPage(page, 'check-page-control');
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^console error: boom/),
        expect.stringMatching(/^table without a row/),
        expect.stringMatching(/^text overflows its box by \d+ px: <div> "a line of text/),
        expect.stringMatching(/^chart text outside its chart: <text> "a label past the edge"/),
        expect.stringMatching(/^chart text cut: <text> "cut…"/),
      ]),
    );
  });
});
