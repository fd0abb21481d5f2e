/**
 * Retrieval at scale in the embedded store a candidate's pipeline would use:
 * PGlite (in memory) + pgvector, offline embedder at 512 dimensions, at 10k and
 * 50k chunks. Per scale: ingest (embed, insert, HNSW build), exact and HNSW
 * search latency (p50/p95, k = 10), and recall@10 of HNSW against exact search
 * at ef_search 40 (pgvector's default) and 100. How chunks and queries are made:
 * see chunks.ts.
 */
import { openDatabase, PgVectorStore, type SqlClient } from '../../harness/vectorstore';
import { OfflineEmbedder } from '../../harness/providers/offline';
import { deriveCandidateSeed } from '../../harness/secrets';
import { percentile, type BenchContext, type BenchMetric, type BenchReport } from '../types';
import { buildChunks, buildQueries, WINDOW_WORDS } from './chunks';
import { recallAt, type Ranked } from './recall';

const SCALES = [10_000, 50_000] as const;
const DIMENSIONS = 512;
const K = 10;
const QUERIES = 200;
const EF_SEARCH = [40, 100] as const;
const WARMUP_QUERIES = 5;
/** Exact search is a full scan; at 50k it may be slow on WASM, so its phase is capped and HNSW is then asked the same queries only. */
const EXACT_PHASE_MAX_MS = 90_000;

interface ScaleResult {
  metrics: BenchMetric[];
  notes: string[];
}

const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

async function usesHnsw(db: SqlClient, table: string, probe: readonly number[]): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.exec('SET LOCAL hnsw.ef_search = 40');
    const { rows } = await tx.query<Record<string, string>>(`EXPLAIN SELECT id FROM ${table} ORDER BY embedding <=> $1::vector LIMIT ${K}`, [`[${probe.join(',')}]`]);
    return rows.some((r) => Object.values(r).some((line) => line.includes(`${table}_hnsw`)));
  });
}

async function runScale(ctx: BenchContext, size: number): Promise<ScaleResult> {
  const seed = deriveCandidateSeed('demo', 'rag', 'bench-candidate');
  const { chunks, baseCount } = buildChunks(seed, size);
  const queryTexts = buildQueries(seed, chunks, QUERIES);
  const embedder = new OfflineEmbedder({ dimension: DIMENSIONS });
  const label = `${size / 1000}k`;

  const embedded = await timed(() => embedder.embedMany(chunks.map((c) => c.text)));
  ctx.log(`${label}: embedded ${chunks.length} chunks in ${round(embedded.ms / 1000)} s`);
  const db = await openDatabase();
  try {
    const { rows: mwm } = await db.query<{ maintenance_work_mem: string }>('SHOW maintenance_work_mem');
    const store = new PgVectorStore(db, { dimensions: DIMENSIONS, table: 'bench_chunks' });
    await store.init();
    const rows = chunks.map((c, i) => ({ id: c.id, docId: c.docId, text: c.text, metadata: {}, embedding: embedded.value[i]! }));
    const inserted = await timed(() => store.upsert(rows));
    ctx.log(`${label}: inserted in ${round(inserted.ms / 1000)} s`);
    const built = await timed(() => store.createHnswIndex());
    ctx.log(`${label}: HNSW index built in ${round(built.ms / 1000)} s`);

    const queries = embedder.embedMany(queryTexts);
    if (!(await usesHnsw(db, store.table, queries[0]!))) throw new Error(`bench/rag: the planner did not use the HNSW index at ${label}; the approximate figures would be exact ones`);
    for (const q of queries.slice(0, WARMUP_QUERIES)) {
      await store.similaritySearch(q, K, { exact: true });
      await store.similaritySearch(q, K);
    }

    const exactMs: number[] = [];
    const truth: Ranked[] = [];
    const exactStart = performance.now();
    for (const q of queries) {
      if (performance.now() - exactStart > EXACT_PHASE_MAX_MS) break;
      const { value, ms } = await timed(() => store.similaritySearch(q, K, { exact: true }));
      exactMs.push(ms);
      truth.push(value.map((h) => ({ id: h.id, score: h.score })));
    }
    const asked = truth.length;
    ctx.log(`${label}: ${asked} exact queries, p50 ${round(percentile(exactMs, 50))} ms`);

    const metrics: BenchMetric[] = [
      { name: `${label} embed`, value: round(embedded.ms / 1000), unit: 's' },
      { name: `${label} insert`, value: round(inserted.ms / 1000), unit: 's' },
      { name: `${label} HNSW build`, value: round(built.ms / 1000), unit: 's' },
      { name: `${label} ingest total`, value: round((embedded.ms + inserted.ms + built.ms) / 1000), unit: 's' },
      { name: `${label} exact p50`, value: round(percentile(exactMs, 50)), unit: 'ms' },
      { name: `${label} exact p95`, value: round(percentile(exactMs, 95)), unit: 'ms' },
    ];
    for (const ef of EF_SEARCH) {
      const hnswMs: number[] = [];
      const found: Ranked[] = [];
      for (const q of queries.slice(0, asked)) {
        const { value, ms } = await timed(() => store.similaritySearch(q, K, { efSearch: ef }));
        hnswMs.push(ms);
        found.push(value.map((h) => ({ id: h.id, score: h.score })));
      }
      const recall = recallAt(truth, found, K);
      // buildQueries puts the perturbed chunk texts first, the question texts after.
      const half = Math.min(asked, Math.ceil(QUERIES / 2));
      const byChunk = recallAt(truth.slice(0, half), found.slice(0, half), K);
      const byQuestion = recallAt(truth.slice(half), found.slice(half), K);
      ctx.log(`${label}: HNSW ef_search ${ef}: p50 ${round(percentile(hnswMs, 50))} ms, recall@${K} ${round(recall.idOverlap, 3)}`);
      metrics.push(
        { name: `${label} HNSW ef${ef} p50`, value: round(percentile(hnswMs, 50)), unit: 'ms' },
        { name: `${label} HNSW ef${ef} p95`, value: round(percentile(hnswMs, 95)), unit: 'ms' },
        { name: `${label} recall@${K} ef${ef} (id overlap)`, value: round(recall.idOverlap, 3), unit: 'fraction' },
        { name: `${label} recall@${K} ef${ef} (ties counted)`, value: round(recall.tieAware, 3), unit: 'fraction' },
        { name: `${label} recall@${K} ef${ef} chunk queries`, value: round(byChunk.idOverlap, 3), unit: 'fraction' },
        { name: `${label} recall@${K} ef${ef} question queries`, value: round(byQuestion.idOverlap, 3), unit: 'fraction' },
      );
    }
    const notes = [
      `${label}: ${chunks.length} chunks (${baseCount} base windows of ${WINDOW_WORDS} words + ${chunks.length - Math.min(baseCount, chunks.length)} seeded variants), ${asked} queries${asked < queryTexts.length ? ` (exact phase capped at ${EXACT_PHASE_MAX_MS / 1000} s, of ${queryTexts.length})` : ''}, maintenance_work_mem ${mwm[0]?.maintenance_work_mem ?? '?'}`,
    ];
    return { metrics, notes };
  } finally {
    await db.close();
  }
}

export async function run(ctx: BenchContext): Promise<BenchReport> {
  const metrics: BenchMetric[] = [];
  const notes: string[] = [
    `PGlite in memory + pgvector, HNSW (m 16, ef_construction 64, cosine), offline embedder ${DIMENSIONS} dims, k = ${K}, demo secret, candidate "bench-candidate"`,
    'chunks: the freight corpus cut into 100-word windows, then variants (sentence shuffle, numbers and regions redrawn) up to the target count; queries: half perturbed chunk texts (70 % of the words kept), half corpus question texts',
    "insert includes the store's generated tsvector column and its GIN index (the store always keeps them), so it is the store's real ingest cost, not pgvector's alone",
    'recall@10 (id overlap) = mean |HNSW top-10 ∩ exact top-10| / 10; (ties counted) also counts an HNSW hit whose score equals the exact 10th score within 1e-6, since variants can tie',
    'pgvector draws HNSW levels from the Postgres PRNG (seeded at start-up), so recall moves a few points run to run; at 50k each base window has ~52 near-duplicate variants, a dense cluster that costs HNSW recall',
    'latency = one similaritySearch call from Node (transaction, SET LOCAL, query, rows to JS), sequential, after 5 warm-up queries',
  ];
  for (const size of SCALES) {
    const result = await runScale(ctx, size);
    metrics.push(...result.metrics);
    notes.push(...result.notes);
  }
  return { metrics, notes };
}
