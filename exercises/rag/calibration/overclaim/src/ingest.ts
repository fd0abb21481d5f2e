import { mkdir, writeFile } from 'node:fs/promises';
import { chunkDoc, readCorpus } from './corpus';
import { openDb, toVector } from './db';
import { embeddings } from './models';

const corpusDir = process.env.CORPUS_DIR;
if (!corpusDir) throw new Error('CORPUS_DIR is not set');

const docs = await readCorpus(corpusDir);
const chunks = docs.flatMap(chunkDoc);
const vectors = await embeddings.embedDocuments(chunks.map((c) => c.text));
const dims = vectors[0]?.length ?? 0;

const db = await openDb();
await db.query('DROP TABLE IF EXISTS chunks');
await db.query(`CREATE TABLE chunks (id text PRIMARY KEY, doc_id text, text text, meta jsonb, embedding vector(${dims}),
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED)`);
for (let i = 0; i < chunks.length; i += 200) {
  const batch = chunks.slice(i, i + 200);
  await db.query(
    `INSERT INTO chunks (id, doc_id, text, meta, embedding)
     SELECT id, doc_id, text, meta::jsonb, embedding::vector FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(id, doc_id, text, meta, embedding)`,
    [batch.map((c) => c.id), batch.map((c) => c.docId), batch.map((c) => c.text), batch.map((c) => JSON.stringify(c.meta)), batch.map((_, j) => toVector(vectors[i + j]!))],
  );
}
await db.query('CREATE INDEX ON chunks USING hnsw (embedding vector_cosine_ops)');
await db.query('CREATE INDEX ON chunks USING gin (tsv)');
const regions = [...new Set(docs.map((d) => d.meta.region).filter((r): r is string => Boolean(r)))].sort();
await mkdir('.index', { recursive: true });
await writeFile('.index/meta.json', JSON.stringify({ regions, docs: docs.length, chunks: chunks.length }));
await db.close();
console.error(`ingested ${docs.length} documents as ${chunks.length} chunks (${dims} dimensions)`);
