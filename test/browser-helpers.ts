// Helpers for tests only: open a page in headless Chromium and check it renders as a person would read it.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { SAFETY_NET_MS } from './test-helpers';

/** Debian's `chromium` (`apt-get install -y chromium`; .ci/run installs it), or TAKEHOME_CHROMIUM; undefined when none is installed. */
export const CHROMIUM_PATH: string | undefined = [process.env.TAKEHOME_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (path): path is string => path !== undefined && path !== '' && existsSync(path),
);

export const CHROMIUM_MISSING = 'Chromium is not installed: apt-get install -y chromium (.ci/run installs it), or set TAKEHOME_CHROMIUM to a Chromium binary';

/** Where screenshots go: a test artifact, gitignored. */
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '..', 'test-results', 'browser');

export interface PageCheck {
  /** Everything wrong, one line each: console errors, empty charts or tables, text outside its box. Empty when the page is fine. */
  problems: string[];
  charts: number;
  tables: number;
  screenshot: string;
}

/**
 * Open PATH (a local HTML file) in headless Chromium at a desktop width and
 * check that: no console error or page error occurs; every chart (inline
 * SVG) has a size and marks; every table has a size and a body row; no text
 * overflows its box (an element whose content is wider than it and that does
 * not scroll, the page wider than the window, an SVG text outside its SVG or
 * cut with an ellipsis), with every <details> opened so collapsed evidence is
 * checked too. Saves a full-page screenshot of the page as a reader first
 * sees it (details closed) to test-results/browser/SCREENSHOT_NAME.png.
 */
export async function checkPage(path: string, screenshotName: string, options: { width?: number } = {}): Promise<PageCheck> {
  if (!CHROMIUM_PATH) throw new Error(CHROMIUM_MISSING);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'], timeout: SAFETY_NET_MS });
  try {
    const page = await browser.newPage({ viewport: { width: options.width ?? 1280, height: 900 } });
    page.setDefaultTimeout(SAFETY_NET_MS);
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    // A self-contained page asks for nothing: any request but the file itself is a problem.
    const url = pathToFileURL(resolve(path)).href;
    page.on('request', (request) => {
      if (request.url() !== url && !request.url().startsWith('data:')) problems.push(`request for ${request.url()}`);
    });
    await page.goto(url, { waitUntil: 'load' });
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const screenshot = join(SCREENSHOT_DIR, `${screenshotName}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    const found = (await page.evaluate(INSPECT_PAGE)) as { problems: string[]; charts: number; tables: number };
    return { problems: [...problems, ...found.problems], charts: found.charts, tables: found.tables, screenshot };
  } finally {
    await browser.close();
  }
}

/**
 * Runs in the page: JavaScript source, so the test's transpiler adds nothing
 * to it and the harness's types need no DOM library.
 */
const INSPECT_PAGE = `(() => {
  const problems = [];
  const describe = (el) => {
    const text = (el.textContent ?? '').trim().replace(/\\s+/g, ' ');
    return \`<\${el.tagName.toLowerCase()}\${el.className && typeof el.className === 'string' ? \` class="\${el.className}"\` : ''}> "\${text.slice(0, 60)}\${text.length > 60 ? '…' : ''}"\`;
  };
  for (const details of Array.from(document.querySelectorAll('details'))) details.open = true;
  const charts = Array.from(document.querySelectorAll('svg'));
  for (const svg of charts) {
    const box = svg.getBoundingClientRect();
    if (box.width < 10 || box.height < 10) problems.push(\`chart without a size: \${describe(svg)}\`);
    if (svg.querySelectorAll('path, rect, line').length === 0) problems.push(\`chart without marks: \${describe(svg)}\`);
    for (const text of Array.from(svg.querySelectorAll('text'))) {
      const t = text.getBoundingClientRect();
      if (t.left < box.left - 1 || t.right > box.right + 1 || t.top < box.top - 1 || t.bottom > box.bottom + 1) problems.push(\`chart text outside its chart: \${describe(text)}\`);
      if ((text.textContent ?? '').includes('…')) problems.push(\`chart text cut: \${describe(text)}\`);
    }
  }
  const tables = Array.from(document.querySelectorAll('table'));
  for (const table of tables) {
    const box = table.getBoundingClientRect();
    if (box.width < 10 || box.height < 10) problems.push(\`table without a size: \${describe(table)}\`);
    if (table.querySelectorAll('tr').length < 2) problems.push(\`table without a row: \${describe(table)}\`);
  }
  if (document.documentElement.scrollWidth > window.innerWidth + 1) {
    // Name the outermost elements that stick out, so the message says what to fix.
    const out = Array.from(document.body.querySelectorAll('*')).filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > window.innerWidth + 1));
    problems.push(\`the page is wider than the window: \${document.documentElement.scrollWidth} > \${window.innerWidth} px, past the edge: \${out.slice(0, 3).map(describe).join('; ')}\`);
  }
  for (const el of Array.from(document.body.querySelectorAll('*'))) {
    if (el.closest('svg')) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.display === 'inline' || el.clientWidth === 0) continue;
    // A box that scrolls shows all of its content; any other box must hold it.
    if (style.overflowX === 'auto' || style.overflowX === 'scroll') continue;
    if (el.scrollWidth > el.clientWidth + 1) problems.push(\`text overflows its box by \${el.scrollWidth - el.clientWidth} px: \${describe(el)}\`);
  }
  return { problems, charts: charts.length, tables: tables.length };
})()`;
