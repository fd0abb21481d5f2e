import { chunkPage, readPages } from './chunking';
import { connect, vectorLiteral } from './db';
import { embeddingModel } from './models';

const corpusDir = process.env.CORPUS_DIR;
if (!corpusDir) throw new Error('CORPUS_DIR is not set: run through `npm run check`, or set it to ./corpus');

const pages = await readPages(corpusDir);
const pieces = pages.flatMap((page) => chunkPage(page).map((piece) => ({ ...piece, page })));
const vectors = await embeddingModel().embedDocuments(pieces.map((p) => p.text));

const db = await connect();
await db.query('DROP TABLE IF EXISTS pieces');
await db.query(`CREATE TABLE pieces (n int PRIMARY KEY, doc_id text, region text, status text, source text, text text, embedding vector(${vectors[0]?.length ?? 0}))`);
for (let i = 0; i < pieces.length; i++) {
  const p = pieces[i]!;
  await db.query('INSERT INTO pieces VALUES ($1, $2, $3, $4, $5, $6, $7::vector)', [i, p.docId, p.page.region, p.page.status, p.page.source, p.text, vectorLiteral(vectors[i]!)]);
}
await db.close();
console.error(`indexed ${pages.length} pages as ${pieces.length} pieces`);
