import { join } from 'node:path';
import { makePrivateDir, writeFileAtomic } from '../fs';
import { writeScorecard, type Scorecard } from '../scorecard';
import { renderHtmlReport } from './html';
import { renderMarkdownReport } from './markdown';
import type { ReportOptions } from './verdict';

/** DIR/scorecard.json, DIR/report.md and DIR/report.html, each written atomically, 0600 in a 0700 DIR. */
export async function writeGradeOutputs(dir: string, scorecard: Scorecard, options: ReportOptions = {}): Promise<{ scorecard: string; markdown: string; html: string }> {
  await makePrivateDir(dir);
  const paths = { scorecard: join(dir, 'scorecard.json'), markdown: join(dir, 'report.md'), html: join(dir, 'report.html') };
  const html = await renderHtmlReport(scorecard, options);
  await writeScorecard(paths.scorecard, scorecard);
  await writeFileAtomic(paths.markdown, renderMarkdownReport(scorecard, options));
  await writeFileAtomic(paths.html, html);
  return paths;
}
