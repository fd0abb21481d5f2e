import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';

export interface Doc {
  id: string;
  title: string;
  meta: Record<string, string>;
  body: string;
}

export interface Chunk {
  id: string;
  docId: string;
  text: string;
  meta: Record<string, string>;
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (entry.name.endsWith('.md')) out.push(full);
  }
  return out.sort();
}

export async function readCorpus(dir: string): Promise<Doc[]> {
  const docs: Doc[] = [];
  for (const file of await walk(dir)) {
    const text = await readFile(file, 'utf8');
    const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
    const front = m ? (parseYaml(m[1] as string) as Record<string, unknown>) : {};
    const meta = Object.fromEntries(Object.entries(front).map(([k, v]) => [k, String(v)]));
    const id = meta.id ?? relative(dir, file).replace(/\.md$/, '');
    docs.push({ id, title: meta.title ?? id, meta, body: m ? (m[2] as string) : text });
  }
  return docs;
}

const MAX_WORDS = 180;

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Blocks of a Markdown section: paragraphs, lists and whole tables (a table is never cut mid-row). */
function blocks(section: string): string[] {
  return section
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter(Boolean);
}

/**
 * Chunks that follow the Markdown structure: one section per heading, split at
 * block boundaries past MAX_WORDS, each chunk headed by the document title and
 * its section heading so a chunk read alone still says what it is about.
 * Large tables are split by rows with the header repeated.
 */
export function chunkDoc(doc: Doc): Chunk[] {
  const chunks: Chunk[] = [];
  const sections = doc.body.split(/^(?=#{1,4} )/m);
  let n = 0;
  for (const section of sections) {
    const headingMatch = /^(#{1,4}) (.*)$/m.exec(section);
    const heading = headingMatch && section.startsWith(headingMatch[0]) ? (headingMatch[2] as string).trim() : '';
    const prefix = `${doc.title}${heading && heading !== doc.title ? ` — ${heading}` : ''}`;
    let current: string[] = [];
    const flush = () => {
      const text = current.join('\n\n').trim();
      if (text) chunks.push({ id: `${doc.id}#${n++}`, docId: doc.id, text: `${prefix}\n${text}`, meta: doc.meta });
      current = [];
    };
    for (const block of blocks(heading ? section.slice(headingMatch![0].length) : section)) {
      const isTable = block.split('\n').every((l) => l.trim().startsWith('|'));
      if (isTable && words(block) > MAX_WORDS) {
        flush();
        const [head, sep, ...rows] = block.split('\n');
        for (let i = 0; i < rows.length; i += 12) {
          current = [[head, sep, ...rows.slice(i, i + 12)].join('\n')];
          flush();
        }
        continue;
      }
      if (current.length && words(current.join(' ')) + words(block) > MAX_WORDS) flush();
      current.push(block);
    }
    flush();
  }
  return chunks;
}
