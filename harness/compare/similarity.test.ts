import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/test-helpers';
import { findSimilarSubmissions } from './similarity';

const tempDir = useTempDirs();

function tree(root: string, files: Record<string, string>): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** The starter every candidate gets: a small database helper. */
const STARTER_DB = `import { PGlite } from '@electric-sql/pglite';

export async function openDatabase(url: string | undefined) {
  const db = new PGlite(url ?? 'memory://');
  await db.exec('CREATE TABLE IF NOT EXISTS chunks (id serial primary key, doc_id text, text text, embedding real[])');
  return db;
}

export async function insertChunk(db: PGlite, docId: string, text: string, embedding: number[]) {
  await db.query('INSERT INTO chunks (doc_id, text, embedding) VALUES ($1, $2, $3)', [docId, text, embedding]);
}

export async function allChunks(db: PGlite) {
  const rows = await db.query('SELECT doc_id, text, embedding FROM chunks ORDER BY id');
  return rows.rows as { doc_id: string; text: string; embedding: number[] }[];
}
`;

/** Ada's own retrieval: BM25 over tokenised chunks. */
const BM25 = `export interface Doc { id: string; text: string }

function tokens(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter((t) => t.length > 1);
}

export function bm25Rank(query: string, docs: Doc[], k1 = 1.2, b = 0.75): { id: string; score: number }[] {
  const tokenised = docs.map((d) => tokens(d.text));
  const avgLength = tokenised.reduce((sum, t) => sum + t.length, 0) / Math.max(1, tokenised.length);
  const documentFrequency = new Map<string, number>();
  for (const t of tokenised) for (const term of new Set(t)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const queryTerms = tokens(query);
  const scored = docs.map((doc, i) => {
    const terms = tokenised[i] ?? [];
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    let score = 0;
    for (const term of queryTerms) {
      const f = counts.get(term) ?? 0;
      if (f === 0) continue;
      const n = documentFrequency.get(term) ?? 0;
      const idf = Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
      score += (idf * f * (k1 + 1)) / (f + k1 * (1 - b + (b * terms.length) / avgLength));
    }
    return { id: doc.id, score };
  });
  return scored.sort((x, y) => y.score - x.score).slice(0, 5);
}
`;

/** Bob's copy: the same code, identifiers renamed, comments added, reformatted. */
const BM25_RENAMED = BM25.replaceAll('tokenised', 'toks')
  .replaceAll('documentFrequency', 'df')
  .replaceAll('queryTerms', 'qTerms')
  .replaceAll('avgLength', 'meanLen')
  .replaceAll('bm25Rank', 'rankDocuments')
  .replaceAll('  ', '    ')
  .replace('export interface Doc', '// my own ranking, written from scratch\nexport interface Doc');

/** Cem's own retrieval: cosine similarity of hashed bags of words, nothing like BM25 in structure. */
const COSINE = `const DIMENSIONS = 512;

function hashWord(word: string): number {
  let h = 2166136261;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
  return (h >>> 0) % DIMENSIONS;
}

export function embed(text: string): Float32Array {
  const v = new Float32Array(DIMENSIONS);
  for (const word of text.toLowerCase().match(/\\w+/g) ?? []) v[hashWord(word)] += 1;
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  return v.map((x) => x / norm);
}

export class Index {
  private readonly rows: { id: string; vector: Float32Array }[] = [];
  add(id: string, text: string): void {
    this.rows.push({ id, vector: embed(text) });
  }
  search(query: string, k: number): string[] {
    const q = embed(query);
    return this.rows
      .map((row) => ({ id: row.id, dot: row.vector.reduce((acc, x, i) => acc + x * (q[i] ?? 0), 0) }))
      .sort((a, b) => b.dot - a.dot)
      .slice(0, k)
      .map((row) => row.id);
  }
}
`;

/** Every candidate changed the starter the same small way (a pool size), so starter code appears in all of them, edited. */
const STARTER_EDITED = STARTER_DB.replace("new PGlite(url ?? 'memory://');", "new PGlite(url ?? 'memory://', { relaxedDurability: true });");

describe('findSimilarSubmissions (Dolos winnowing)', () => {
  const root = tempDir('takehome-similarity-');
  const starter = tree(join(root, 'starter'), { 'src/db.ts': STARTER_DB, 'src/answer.ts': 'console.log("v0");\n' });
  const subs = [
    { name: 'ada', dir: tree(join(root, 'ada'), { 'src/db.ts': STARTER_EDITED, 'src/retrieve.ts': BM25, 'node_modules/x/index.js': COSINE }) },
    { name: 'bob', dir: tree(join(root, 'bob'), { 'src/db.ts': STARTER_EDITED, 'lib/search.ts': BM25_RENAMED }) },
    { name: 'cem', dir: tree(join(root, 'cem'), { 'src/db.ts': STARTER_EDITED, 'src/index.ts': COSINE }) },
    { name: 'dan', dir: tree(join(root, 'dan'), { 'src/db.ts': STARTER_DB, 'README.md': 'I ran out of time.\n' }) },
  ];
  // A symlink out of a submission is never followed.
  symlinkSync(join(root, 'cem', 'src', 'index.ts'), join(subs[0]!.dir, 'src', 'linked.ts'));

  it('finds the renamed copy, leaves the starter out (a shared edited starter makes nobody alike), and skips a submission that is only the starter', async () => {
    const r = await findSimilarSubmissions(subs, { starterDir: starter, threshold: 0.3 });
    expect(r.pairs.map((p) => [p.a, p.b])).toEqual([['ada', 'bob']]);
    const pair = r.pairs[0]!;
    expect(pair.similarity).toBeGreaterThan(0.5);
    expect(pair.languages).toEqual(['typescript']);
    // The copied files come up (beside db.ts, where both made the same edit to the starter).
    // The copied files come first: they hold the most shared code (db.ts only its one edited line), whatever the alphabet says.
    expect(pair.files.a[0]).toBe('src/retrieve.ts');
    expect(pair.files.b[0]).toBe('lib/search.ts');
    expect(r.skipped).toEqual([{ name: 'dan', reason: 'no code beyond the starter' }]);
    // node_modules and the symlink are not read: ada has her two files only.
    expect(r.compared).toEqual([
      { name: 'ada', files: 2 },
      { name: 'bob', files: 2 },
      { name: 'cem', files: 2 },
    ]);
    expect(r.note).toMatch(/not a verdict/);
  });

  it('without the starter excluded, the shared starter code alone pairs everyone up', async () => {
    const r = await findSimilarSubmissions(subs.slice(1, 3), { threshold: 0 });
    const withStarter = r.pairs.find((p) => p.a === 'bob' && p.b === 'cem')!;
    const excluded = (await findSimilarSubmissions(subs.slice(1, 3), { starterDir: starter, threshold: 0 })).pairs.find((p) => p.a === 'bob' && p.b === 'cem');
    expect(withStarter.similarity).toBeGreaterThan(excluded?.similarity ?? 0);
    expect(excluded?.similarity ?? 0).toBeLessThan(0.1);
  });
});
