import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { openDb, toVector } from './db';
import { embeddings } from './models';

// The baseline's ingestion (fixed-size character windows, vector index): the trick is in answer.ts.
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

const corpusDir = process.env.CORPUS_DIR;
if (!corpusDir) throw new Error('CORPUS_DIR is not set');

const chunks: { id: string; docId: string; text: string }[] = [];
for (const file of await walk(corpusDir)) {
  const text = await readFile(file, 'utf8');
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  const id = (m && /^id:\s*["']?([^"'\n]+)["']?\s*$/m.exec(m[1] as string)?.[1]) || relative(corpusDir, file).replace(/\.md$/, '');
  const body = m ? (m[2] as string) : text;
  for (let start = 0, n = 0; start < body.length; start += CHUNK_CHARS - OVERLAP_CHARS, n++) {
    const piece = body.slice(start, start + CHUNK_CHARS).trim();
    if (piece) chunks.push({ id: `${id}#${n}`, docId: id, text: piece });
    if (start + CHUNK_CHARS >= body.length) break;
  }
}
const vectors = await embeddings.embedDocuments(chunks.map((c) => c.text));
const dims = vectors[0]?.length ?? 0;

const db = await openDb();
await db.query('DROP TABLE IF EXISTS chunks');
await db.query(`CREATE TABLE chunks (id text PRIMARY KEY, doc_id text, text text, embedding vector(${dims}))`);
for (let i = 0; i < chunks.length; i += 200) {
  const batch = chunks.slice(i, i + 200);
  await db.query(
    `INSERT INTO chunks (id, doc_id, text, embedding)
     SELECT id, doc_id, text, embedding::vector FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(id, doc_id, text, embedding)`,
    [batch.map((c) => c.id), batch.map((c) => c.docId), batch.map((c) => c.text), batch.map((_, j) => toVector(vectors[i + j]!))],
  );
}
await db.query('CREATE INDEX ON chunks USING hnsw (embedding vector_cosine_ops)');
await db.close();
console.error(`ingested ${chunks.length} fixed-size chunks (${dims} dimensions)`);
