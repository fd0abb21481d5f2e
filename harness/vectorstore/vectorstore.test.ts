import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors';
import { openDatabase, PgVectorStore, reciprocalRankFusion, type Chunk, type SqlClient } from './index';

function unit(v: number[]): number[] {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

const chunks: Chunk[] = [
  { id: 'a', docId: 'd1', text: 'Claims must be filed within thirty days of delivery.', metadata: { status: 'current', region: 'EU' }, embedding: unit([1, 0, 0, 0]) },
  { id: 'b', docId: 'd1', text: 'Old policy: claims within fourteen days.', metadata: { status: 'superseded', region: 'EU' }, embedding: unit([0.9, 0.1, 0, 0]) },
  { id: 'c', docId: 'd2', text: 'Pallets weigh at most 1200 kg.', metadata: { status: 'current', region: 'US' }, embedding: unit([0, 1, 0, 0]) },
  { id: 'd', docId: 'd3', text: 'Hazmat shipments need a declaration.', metadata: { status: 'current', region: 'US' }, embedding: unit([0, 0, 1, 0.2]) },
];

async function exercise(db: SqlClient): Promise<void> {
  const store = new PgVectorStore(db, { dimensions: 4, table: 'chunks_test' });
  await store.init();
  await store.upsert(chunks);
  await store.upsert([chunks[0]!]);
  expect(await store.count()).toBe(4);

  const exact = await store.similaritySearch(unit([1, 0.05, 0, 0]), 2, { exact: true });
  expect(exact.map((h) => h.id)).toEqual(['a', 'b']);
  expect(exact[0]!.score).toBeGreaterThan(exact[1]!.score);

  const current = await store.similaritySearch(unit([1, 0.05, 0, 0]), 2, { exact: true, metadata: { status: 'current' } });
  expect(current.map((h) => h.id)).toEqual(['a', 'c']);

  await store.createHnswIndex();
  const approx = await store.similaritySearch(unit([0, 0.1, 1, 0]), 1);
  expect(approx.map((h) => h.id)).toEqual(['d']);

  const text = await store.textSearch('how many days to file claims?', 5);
  expect(text.map((h) => h.id).sort()).toEqual(['a', 'b']);
  const textUs = await store.textSearch('pallets hazmat', 5, { metadata: { region: 'US' } });
  expect(textUs.map((h) => h.id).sort()).toEqual(['c', 'd']);

  await expect(store.upsert([{ ...chunks[0]!, id: 'bad', embedding: [1, 0] }])).rejects.toThrow(/2 dimensions, the store 4/);
}

describe('PgVectorStore on embedded PGlite', () => {
  let db: SqlClient;
  beforeAll(async () => {
    db = await openDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  it('stores, filters and searches chunks exactly, through HNSW and by full text', async () => {
    expect(db.kind).toBe('pglite');
    await exercise(db);
  });
});

describe('PgVectorStore through DATABASE_URL (PGlite served over the PostgreSQL wire protocol on loopback)', () => {
  it('works the same through the pg driver', async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const { vector } = await import('@electric-sql/pglite-pgvector');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    const served = await PGlite.create({ extensions: { vector } });
    const server = new PGLiteSocketServer({ db: served, port: 0, host: '127.0.0.1' });
    await server.start();
    const port = Number(server.getServerConn().split(':').pop());
    const db = await openDatabase({ databaseUrl: `postgresql://postgres@127.0.0.1:${port}/postgres` });
    try {
      expect(db.kind).toBe('postgres');
      await exercise(db);
    } finally {
      await db.close();
      await server.stop();
      await served.close();
    }
  });

  it('names DATABASE_URL and the way out when the server is down', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const attempt = openDatabase({ databaseUrl: `postgresql://postgres@127.0.0.1:${port}/postgres` });
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(openDatabase({ databaseUrl: `postgresql://postgres@127.0.0.1:${port}/postgres` })).rejects.toThrow(/DATABASE_URL/);
  });
});

describe('reciprocalRankFusion', () => {
  const hit = (id: string) => ({ id, docId: id, text: id, metadata: {}, score: 0 });
  it('ranks items found high in several lists first', () => {
    const fused = reciprocalRankFusion([
      [hit('x'), hit('y'), hit('z')],
      [hit('y'), hit('w')],
    ]);
    expect(fused.map((h) => h.id)).toEqual(['y', 'x', 'w', 'z']);
  });
});
