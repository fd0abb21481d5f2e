import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

export interface Chunk {
  id: string;
  docId: string;
  text: string;
}

const CHUNK_CHARS = 1000;
const OVERLAP_CHARS = 150;

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (entry.name.endsWith('.md')) out.push(full);
  }
  return out.sort();
}

/**
 * The textbook first pipeline: each document's body cut into fixed-size
 * character windows with a small overlap. Front matter only gives the id;
 * status and region are ignored on purpose (this is the calibration baseline).
 */
export async function chunkCorpus(dir: string): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  for (const file of await walk(dir)) {
    const text = await readFile(file, 'utf8');
    const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
    const id = (m && /^id:\s*["']?([^"'\n]+)["']?\s*$/m.exec(m[1] as string)?.[1]) || relative(dir, file).replace(/\.md$/, '');
    const body = m ? (m[2] as string) : text;
    for (let start = 0, n = 0; start < body.length; start += CHUNK_CHARS - OVERLAP_CHARS, n++) {
      const piece = body.slice(start, start + CHUNK_CHARS).trim();
      if (piece) chunks.push({ id: `${id}#${n}`, docId: id, text: piece });
      if (start + CHUNK_CHARS >= body.length) break;
    }
  }
  return chunks;
}
