import { mkdir } from 'node:fs/promises';

export interface Db {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** Embedded PGlite in ./.index by default; a real PostgreSQL with pgvector when DATABASE_URL is set. */
export async function openDb(): Promise<Db> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    await pool.query('CREATE EXTENSION IF NOT EXISTS vector');
    return { query: async (sql, params) => (await pool.query(sql, params)).rows, close: () => pool.end() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { vector } = await import('@electric-sql/pglite-pgvector');
  await mkdir('.index', { recursive: true });
  const db = await PGlite.create('.index/pgdata', { extensions: { vector } });
  await db.exec('CREATE EXTENSION IF NOT EXISTS vector');
  return { query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows, close: () => db.close() };
}

export function toVector(v: number[]): string {
  return `[${v.join(',')}]`;
}
