import { chunkCorpus } from './chunk';
import { openDb, toVector } from './db';
import { embeddings } from './models';

const corpusDir = process.env.CORPUS_DIR;
if (!corpusDir) throw new Error('CORPUS_DIR is not set');

const chunks = await chunkCorpus(corpusDir);
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
