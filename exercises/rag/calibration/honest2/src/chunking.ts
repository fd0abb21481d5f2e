import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface Page {
  id: string;
  title: string;
  region: string;
  status: string;
  source: string;
  body: string;
}

export interface Piece {
  docId: string;
  text: string;
}

/** Every Markdown page under DIR with its front matter. */
export async function readPages(dir: string): Promise<Page[]> {
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.md')).sort();
  const pages: Page[] = [];
  for (const file of files) {
    const text = await readFile(join(dir, file), 'utf8');
    const m = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text);
    if (!m) continue;
    const front = parse(m[1] as string) as Record<string, unknown>;
    pages.push({
      id: String(front.id),
      title: String(front.title ?? front.id),
      region: String(front.region ?? 'global'),
      status: String(front.status ?? 'current'),
      source: String(front.source ?? 'official'),
      body: m[2] as string,
    });
  }
  return pages;
}

const WINDOW_WORDS = 120;
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/**
 * My chunking: paragraphs packed into windows of about 120 words, the last
 * paragraph of a window repeated at the start of the next (overlap), each
 * window headed by the page title and the heading it sits under. A table
 * becomes one piece per row, headed by the title and the table's header row,
 * so a lookup question meets exactly the row it asks about.
 */
export function chunkPage(page: Page): Piece[] {
  const pieces: Piece[] = [];
  let heading = '';
  let window: string[] = [];
  const head = () => `${page.title}${heading ? ` > ${heading}` : ''}`;
  const flush = (keepLast: boolean) => {
    if (window.length) pieces.push({ docId: page.id, text: `${head()}\n${window.join('\n\n')}` });
    window = keepLast && window.length > 1 ? [window[window.length - 1] as string] : [];
  };
  for (const block of page.body.split(/\n\s*\n/).map((b) => b.trim())) {
    if (!block) continue;
    const h = /^#{1,6}\s+(.*)$/.exec(block.split('\n')[0] as string);
    if (h) {
      flush(false);
      heading = (h[1] as string).trim();
      const rest = block.split('\n').slice(1).join('\n').trim();
      if (rest) window.push(rest);
      continue;
    }
    const lines = block.split('\n');
    if (lines.length >= 3 && lines.every((l) => l.trim().startsWith('|'))) {
      flush(false);
      const [header, , ...rows] = lines;
      for (const row of rows) pieces.push({ docId: page.id, text: `${head()}\n${header}\n${row}` });
      continue;
    }
    if (window.length && words(window.join(' ')) + words(block) > WINDOW_WORDS) flush(true);
    window.push(block);
  }
  flush(false);
  return pieces;
}
