import { ConfigError } from '../errors';

/** The little SQL surface the vector store needs; PGlite and node-postgres both fit it. */
export interface SqlClient {
  readonly kind: 'pglite' | 'postgres';
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<void>;
  /** Run fn on one connection inside BEGIN ... COMMIT (ROLLBACK on error). */
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type SqlSession = Pick<SqlClient, 'query' | 'exec'>;

export interface OpenDatabaseOptions {
  /** A PostgreSQL URL with pgvector installed; when absent, embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; in memory when absent. */
  dataDir?: string | undefined;
}

/**
 * Embedded PGlite (Postgres compiled to WASM, with the real pgvector extension)
 * by default; any PostgreSQL with pgvector when a DATABASE_URL is given.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<SqlClient> {
  const client = options.databaseUrl ? await openPostgres(options.databaseUrl) : await openPglite(options.dataDir);
  try {
    await client.exec('CREATE EXTENSION IF NOT EXISTS vector');
  } catch (cause) {
    await client.close().catch(() => undefined);
    throw new ConfigError(`the database has no pgvector extension: ${(cause as Error).message}`, {
      cause,
      hint: 'install pgvector on that PostgreSQL server, or unset DATABASE_URL to use the embedded PGlite',
    });
  }
  return client;
}

async function openPglite(dataDir: string | undefined): Promise<SqlClient> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { vector } = await import('@electric-sql/pglite-pgvector');
  const db = await PGlite.create(dataDir, { extensions: { vector } });
  return {
    kind: 'pglite',
    query: async <T>(sql: string, params?: unknown[]) => ({ rows: (await db.query<T>(sql, params)).rows }),
    exec: async (sql: string) => {
      await db.exec(sql);
    },
    transaction: <T>(fn: (tx: SqlSession) => Promise<T>) =>
      db.transaction(async (tx) =>
        fn({
          query: async <R>(sql: string, params?: unknown[]) => ({ rows: (await tx.query<R>(sql, params)).rows }),
          exec: async (sql: string) => {
            await tx.exec(sql);
          },
        }),
      ),
    close: () => db.close(),
  };
}

async function openPostgres(url: string): Promise<SqlClient> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  try {
    await pool.query('SELECT 1');
  } catch (cause) {
    await pool.end().catch(() => undefined);
    throw new ConfigError(`cannot connect to DATABASE_URL: ${(cause as Error).message}`, {
      cause,
      hint: 'check that the server is up and the URL is right, or unset DATABASE_URL to use the embedded PGlite',
    });
  }
  return {
    kind: 'postgres',
    query: async <T>(sql: string, params?: unknown[]) => ({ rows: (await pool.query(sql, params)).rows as T[] }),
    exec: async (sql: string) => {
      await pool.query(sql);
    },
    transaction: async <T>(fn: (tx: SqlSession) => Promise<T>) => {
      const conn = await pool.connect();
      try {
        await conn.query('BEGIN');
        const result = await fn({
          query: async <R>(sql: string, params?: unknown[]) => ({ rows: (await conn.query(sql, params)).rows as R[] }),
          exec: async (sql: string) => {
            await conn.query(sql);
          },
        });
        await conn.query('COMMIT');
        return result;
      } catch (error) {
        await conn.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        conn.release();
      }
    },
    close: () => pool.end(),
  };
}
