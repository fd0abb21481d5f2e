import { mkdir } from 'node:fs/promises';

/**
 * A SQL connection with the pgvector extension: embedded PGlite stored under
 * ./.index by default, or a real PostgreSQL when DATABASE_URL is set.
 * v0 does not use it yet; it is here so retrieval has a place to live.
 */
export interface VectorDb {
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

export async function connect(): Promise<VectorDb> {
  if (process.env.DATABASE_URL) {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query('CREATE EXTENSION IF NOT EXISTS vector');
    return {
      query: async <Row>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as Row[],
      close: () => client.end(),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { vector } = await import('@electric-sql/pglite-pgvector');
  await mkdir('.index', { recursive: true });
  const pglite = await PGlite.create('.index/pglite', { extensions: { vector } });
  await pglite.exec('CREATE EXTENSION IF NOT EXISTS vector');
  return {
    query: async <Row>(sql: string, params?: unknown[]) => (await pglite.query<Row>(sql, params)).rows,
    close: () => pglite.close(),
  };
}

/** pgvector's text form of an embedding: '[0.1,0.2,...]'. */
export function vectorLiteral(values: readonly number[]): string {
  return `[${values.join(',')}]`;
}
