import type { SqlClient } from './database';

export interface Chunk {
  id: string;
  docId: string;
  text: string;
  metadata: Record<string, string>;
  embedding: number[] | Float32Array;
}

export interface SearchFilter {
  /** Exact matches on metadata keys, e.g. { status: 'current', region: 'EU' }. */
  metadata?: Record<string, string>;
}

export interface SearchHit {
  id: string;
  docId: string;
  text: string;
  metadata: Record<string, string>;
  score: number;
}

export interface VectorStoreOptions {
  table?: string;
  dimensions: number;
}

const TABLE = /^[a-z_][a-z0-9_]{0,62}$/;

function vectorLiteral(v: ArrayLike<number>): string {
  return `[${Array.from(v).join(',')}]`;
}

/**
 * Chunks with embeddings in one pgvector table, searched by cosine distance
 * (exactly, or through an HNSW index) and by PostgreSQL full-text search.
 */
export class PgVectorStore {
  readonly table: string;
  readonly dimensions: number;
  readonly #db: SqlClient;

  constructor(db: SqlClient, options: VectorStoreOptions) {
    const table = options.table ?? 'chunks';
    if (!TABLE.test(table)) throw new RangeError(`invalid table name ${JSON.stringify(table)}`);
    if (!Number.isInteger(options.dimensions) || options.dimensions < 1) throw new RangeError('dimensions must be a positive integer');
    this.#db = db;
    this.table = table;
    this.dimensions = options.dimensions;
  }

  async init(): Promise<void> {
    await this.#db.exec(`
      CREATE TABLE IF NOT EXISTS ${this.table} (
        id text PRIMARY KEY,
        doc_id text NOT NULL,
        text text NOT NULL,
        metadata jsonb NOT NULL DEFAULT '{}',
        embedding vector(${this.dimensions}) NOT NULL,
        tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED
      );
      CREATE INDEX IF NOT EXISTS ${this.table}_tsv ON ${this.table} USING gin (tsv);
    `);
  }

  /** An HNSW index for approximate search (m, ef_construction as pgvector's defaults unless given). */
  async createHnswIndex(options: { m?: number; efConstruction?: number } = {}): Promise<void> {
    const m = options.m ?? 16;
    const ef = options.efConstruction ?? 64;
    await this.#db.exec(`CREATE INDEX IF NOT EXISTS ${this.table}_hnsw ON ${this.table} USING hnsw (embedding vector_cosine_ops) WITH (m = ${m}, ef_construction = ${ef})`);
  }

  async dropHnswIndex(): Promise<void> {
    await this.#db.exec(`DROP INDEX IF EXISTS ${this.table}_hnsw`);
  }

  /** Insert or replace chunks, in batches, through unnest so one statement carries many rows. */
  async upsert(chunks: readonly Chunk[], batchSize = 500): Promise<void> {
    for (let start = 0; start < chunks.length; start += batchSize) {
      const batch = chunks.slice(start, start + batchSize);
      for (const c of batch) {
        if (c.embedding.length !== this.dimensions) {
          throw new RangeError(`chunk ${c.id}: embedding has ${c.embedding.length} dimensions, the store ${this.dimensions}`);
        }
      }
      await this.#db.query(
        `INSERT INTO ${this.table} (id, doc_id, text, metadata, embedding)
         SELECT id, doc_id, text, metadata::jsonb, embedding::vector
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(id, doc_id, text, metadata, embedding)
         ON CONFLICT (id) DO UPDATE SET doc_id = EXCLUDED.doc_id, text = EXCLUDED.text, metadata = EXCLUDED.metadata, embedding = EXCLUDED.embedding`,
        [batch.map((c) => c.id), batch.map((c) => c.docId), batch.map((c) => c.text), batch.map((c) => JSON.stringify(c.metadata)), batch.map((c) => vectorLiteral(c.embedding))],
      );
    }
  }

  async count(): Promise<number> {
    const { rows } = await this.#db.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${this.table}`);
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Nearest chunks by cosine similarity. `exact` forces a sequential scan (the
   * ground truth for recall); otherwise the planner may use the HNSW index,
   * searched with ef_search candidates.
   */
  async similaritySearch(query: ArrayLike<number>, k: number, options: SearchFilter & { exact?: boolean; efSearch?: number } = {}): Promise<SearchHit[]> {
    const { where, params } = this.#filter(options, 2);
    const settings = options.exact ? ['SET LOCAL enable_indexscan = off', 'SET LOCAL enable_bitmapscan = off'] : [`SET LOCAL hnsw.ef_search = ${Math.max(k, Math.floor(options.efSearch ?? 40))}`];
    return this.#db.transaction(async (tx) => {
      for (const setting of settings) await tx.exec(setting);
      const { rows } = await tx.query<{ id: string; doc_id: string; text: string; metadata: Record<string, string>; distance: number }>(
        `SELECT id, doc_id, text, metadata, embedding <=> $1::vector AS distance FROM ${this.table} ${where}
         ORDER BY embedding <=> $1::vector LIMIT ${Math.floor(k)}`,
        [vectorLiteral(query), ...params],
      );
      return rows.map((r) => ({ id: r.id, docId: r.doc_id, text: r.text, metadata: r.metadata, score: 1 - Number(r.distance) }));
    });
  }

  /** Full-text search ranked by ts_rank_cd over an OR of the query's terms. */
  async textSearch(query: string, k: number, options: SearchFilter = {}): Promise<SearchHit[]> {
    const terms = query.toLowerCase().match(/[a-z0-9]+/g) ?? [];
    if (terms.length === 0) return [];
    const { where, params } = this.#filter(options, 2, 'tsv @@ q');
    const { rows } = await this.#db.query<{ id: string; doc_id: string; text: string; metadata: Record<string, string>; rank: number }>(
      `SELECT id, doc_id, text, metadata, ts_rank_cd(tsv, q) AS rank
       FROM ${this.table}, to_tsquery('english', $1) AS q ${where}
       ORDER BY rank DESC, id LIMIT ${Math.floor(k)}`,
      [terms.join(' | '), ...params],
    );
    return rows.map((r) => ({ id: r.id, docId: r.doc_id, text: r.text, metadata: r.metadata, score: Number(r.rank) }));
  }

  #filter(options: SearchFilter, firstParam: number, extra?: string): { where: string; params: unknown[] } {
    const clauses: string[] = extra ? [extra] : [];
    const params: unknown[] = [];
    for (const [key, value] of Object.entries(options.metadata ?? {})) {
      params.push(key, value);
      clauses.push(`metadata->>$${firstParam + params.length - 2} = $${firstParam + params.length - 1}`);
    }
    return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
  }
}

/** Reciprocal rank fusion of several ranked lists (k = 60, the usual constant). */
export function reciprocalRankFusion(lists: readonly SearchHit[][], k = 60): SearchHit[] {
  const fused = new Map<string, { hit: SearchHit; score: number }>();
  for (const list of lists) {
    list.forEach((hit, rank) => {
      const entry = fused.get(hit.id) ?? { hit, score: 0 };
      entry.score += 1 / (k + rank + 1);
      fused.set(hit.id, entry);
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || (a.hit.id < b.hit.id ? -1 : 1)).map(({ hit, score }) => ({ ...hit, score }));
}
