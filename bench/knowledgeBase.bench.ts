// Knowledge base figures on SQLite and PostgreSQL:
//  - search over N chunks (default 100,000) of 1,536 dimensions for one client (plus a second
//    client's 10% as neighbours in the same table): p50/p95 latency of searchChunks (the real
//    query: tenant transaction, row-level security on PostgreSQL, top-5) and recall@5 against the
//    exact top-5 computed in memory. PostgreSQL walks the HNSW index (built after the bulk load,
//    as an import would); SQLite ranks a shortlist from in-memory sign-bit codes with sqlite-vec's
//    vec_distance_cosine (the first search after the load builds the codes: timed on its own);
//  - ingestion rate: chunks per second of a real upload (parse, chunk, embed through the gateway
//    with the fake embedder, staged write, swap), measured from the upload call to the job's end.
// The vectors are synthetic but clustered like real embeddings (topics + noise), deterministic.
//   npx tsx bench/knowledgeBase.bench.ts [chunks=100000] [queries=200]
//   KNOWLEDGE_BENCH_DATABASES=sqlite (default pg,sqlite); KNOWLEDGE_BENCH_INGEST=0 skips the ingestion rate.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openDatabase, type Database, type DatabaseKind } from '#server/db/openDatabase.js';
import { readUploadJob } from '#server/features/knowledgeBase/ingestion/uploadJobs.js';
import { jobsSettled } from '#server/jobs/index.js';
import { efSearch, searchChunks } from '#server/features/knowledgeBase/search/searchChunks.js';
import { startAiTestServer } from '#server/features/gateway/testing/startAiTestServer.js';
import { writeChunks } from '#server/features/knowledgeBase/store/writeChunks.js';
import { createTestTarget } from '#server/testing/testDatabases.js';
import { describeMachine, percentile } from './machine.js';

const CHUNKS = Number(process.argv[2] ?? 100_000);
const QUERIES = Number(process.argv[3] ?? 200);
const DIMS = 1536;
const TOPICS = 1000;
const MODEL = 'openai/text-embedding-3-small';
const INGEST_CHUNKS = 2000;
const KINDS = (process.env.KNOWLEDGE_BENCH_DATABASES ?? 'pg,sqlite').split(',') as DatabaseKind[];
const INGEST = process.env.KNOWLEDGE_BENCH_INGEST !== '0';

/** mulberry32: small, fast, deterministic. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(next: () => number): number {
  return Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next());
}

/** Topic centres shared by the corpus and the questions (a question is about one of the topics). */
function topicCentres(seed: number): Float32Array {
  const next = random(seed);
  const centres = new Float32Array(TOPICS * DIMS);
  for (let i = 0; i < centres.length; i++) centres[i] = gaussian(next);
  return centres;
}

/** Clustered unit vectors: each is a topic centre plus noise, normalised (rounded to 6 decimals, as stored). */
function corpus(centres: Float32Array, count: number, seed: number): Float32Array {
  const next = random(seed);
  const vectors = new Float32Array(count * DIMS);
  for (let row = 0; row < count; row++) writeNoisy(vectors, row, centres, Math.floor(next() * TOPICS), next, 0.9);
  return vectors;
}

function writeNoisy(target: Float32Array, row: number, centres: Float32Array, topic: number, next: () => number, noise: number): void {
  let norm = 0;
  const base = row * DIMS;
  for (let d = 0; d < DIMS; d++) {
    const value = centres[topic * DIMS + d]! + noise * gaussian(next);
    target[base + d] = value;
    norm += value * value;
  }
  norm = Math.sqrt(norm);
  for (let d = 0; d < DIMS; d++) target[base + d] = Math.round((target[base + d]! / norm) * 1e6) / 1e6;
}

const rowOf = (vectors: Float32Array, row: number) => Array.from(vectors.subarray(row * DIMS, (row + 1) * DIMS));

/** Exact top-k of every query by cosine, one pass over the corpus (each row is read once for all queries). */
function exactTop(vectors: Float32Array, count: number, queries: Float32Array, queryCount: number, k: number): number[][] {
  const best = Array.from({ length: queryCount }, () => [] as Array<{ row: number; score: number }>);
  const queryNorms = Array.from({ length: queryCount }, (_, q) => Math.hypot(...queries.subarray(q * DIMS, (q + 1) * DIMS)));
  for (let row = 0; row < count; row++) {
    const v = vectors.subarray(row * DIMS, (row + 1) * DIMS);
    let norm = 0;
    for (let d = 0; d < DIMS; d++) norm += v[d]! * v[d]!;
    norm = Math.sqrt(norm);
    for (let q = 0; q < queryCount; q++) {
      const base = q * DIMS;
      let dot = 0;
      for (let d = 0; d < DIMS; d++) dot += v[d]! * queries[base + d]!;
      const score = dot / (norm * queryNorms[q]!);
      const list = best[q]!;
      if (list.length < k || score > list[list.length - 1]!.score) {
        list.push({ row, score });
        list.sort((a, b) => b.score - a.score);
        if (list.length > k) list.pop();
      }
    }
  }
  return best.map((list) => list.map((entry) => entry.row));
}

async function makeClient(db: Database, slug: string): Promise<string> {
  const [row] = await db.system((tx) => tx.insert(db.t.clients).values({ name: slug, slug }).returning({ id: db.t.clients.id }));
  return row!.id;
}

async function load(db: Database, clientId: string, vectors: Float32Array, count: number, offset: number): Promise<void> {
  const batch = 500;
  for (let start = 0; start < count; start += batch) {
    const rows = [];
    for (let row = start; row < Math.min(count, start + batch); row++) {
      rows.push({
        content: `chunk ${offset + row}`,
        metadata: { sourceFile: `bench-${Math.floor(row / 1000)}.txt`, position: row, row: offset + row },
        embedding: rowOf(vectors, row),
      });
    }
    await writeChunks(db, clientId, { sourceId: `bench-${Math.floor(start / 1000)}.txt`, model: MODEL, dimensions: DIMS, rows });
  }
}

async function searchFigures(kind: DatabaseKind, vectors: Float32Array, queries: number[][], exact: number[][]) {
  const { target, drop } = await createTestTarget(kind);
  const db = await openDatabase(target);
  const owner = target.kind === 'pg' ? new pg.Client({ connectionString: target.url }) : null;
  try {
    await owner?.connect();
    const client = await makeClient(db, `bench-${kind}`);
    const neighbour = await makeClient(db, `neighbour-${kind}`);
    // A bulk import: the HNSW index is built once after loading rather than row by row.
    await owner?.query('drop index if exists documents_embedding_hnsw_1536');
    let started = performance.now();
    await load(db, client, vectors, CHUNKS, 0);
    const neighbourRows = Math.floor(CHUNKS / 10);
    await load(db, neighbour, vectors.subarray(0, neighbourRows * DIMS), neighbourRows, CHUNKS);
    const loadSeconds = (performance.now() - started) / 1000;
    let buildSeconds = 0;
    let plan = 'shortlist of sign-bit codes in memory, reranked with sqlite-vec vec_distance_cosine';
    if (owner) {
      started = performance.now();
      await owner.query(`set maintenance_work_mem = '2GB'`);
      await owner.query(
        `create index documents_embedding_hnsw_1536 on documents using hnsw ((embedding::vector(1536)) vector_cosine_ops) where embedding_dimensions = 1536`,
      );
      await owner.query('analyze documents');
      buildSeconds = (performance.now() - started) / 1000;
      const explained = await db.tenant(client, async (tx) => {
        await db.exec(tx, (await import('drizzle-orm')).sql`select set_config('hnsw.iterative_scan', 'relaxed_order', true)`);
        return db.rows<{ 'QUERY PLAN': string }>(
          tx,
          (await import('drizzle-orm')).sql.raw(
            `explain select id from documents where client_id = '${client}' and embedding_model = '${MODEL}' and embedding_dimensions = 1536 ` +
              `and source_id is not null and source_id not like 'staging:%' order by embedding::vector(1536) <=> '[${queries[0]!.join(',')}]'::vector(1536) limit 5`,
          ),
        );
      });
      plan =
        explained
          .map((row) => row['QUERY PLAN'])
          .find((line) => /Index Scan|Seq Scan/.test(line))
          ?.trim()
          .replace(/\s+\(cost.*$/, '') ?? 'unknown';
    }
    // The first search (SQLite builds the client's codes), a warm-up (page cache, plan cache), then the measured queries.
    started = performance.now();
    await searchChunks(db, client, { vector: queries[0]!, model: MODEL, topK: 5, minScore: -1 });
    const firstMs = performance.now() - started;
    for (const query of queries.slice(0, 5)) await searchChunks(db, client, { vector: query, model: MODEL, topK: 5, minScore: -1 });
    const latencies: number[] = [];
    let hits = 0;
    for (let i = 0; i < queries.length; i++) {
      const begin = performance.now();
      const found = await searchChunks(db, client, { vector: queries[i]!, model: MODEL, topK: 5, minScore: -1 });
      latencies.push(performance.now() - begin);
      const rows = new Set(found.map((chunk) => Number((chunk.metadata as { row?: number }).row)));
      hits += exact[i]!.filter((row) => rows.has(row)).length;
    }
    return { loadSeconds, buildSeconds, firstMs, plan, p50: percentile(latencies, 50), p95: percentile(latencies, 95), recall: hits / (queries.length * 5) };
  } finally {
    await owner?.end();
    await db.close();
    await drop();
  }
}

async function ingestionRate(kind: DatabaseKind): Promise<{ chunks: number; seconds: number }> {
  const server = await startAiTestServer(kind);
  try {
    const client = await server.makeClient();
    const admin = await server.signIn({ clientId: client.id, role: 'admin' });
    // 1,536-dimension vectors, as text-embedding-3-small returns them (the fake's default is smaller).
    await admin.caller.knowledgeBase.updateSettings({ embeddingDimensions: DIMS });
    // ~2000 chunks: sections of paragraphs, so the chunker packs them as in a real manual.
    const sections: string[] = [];
    let paragraph = 0;
    for (let section = 0; section < INGEST_CHUNKS; section++) {
      const body = Array.from(
        { length: 3 },
        () => `Paragraph ${++paragraph} explains how product ${paragraph % 97} handles case ${paragraph % 13} in detail for the customer.`,
      );
      sections.push(`## Section ${section}\n\n${body.join('\n\n')}`);
    }
    const file = Buffer.from(`# Bench manual\n\n${sections.join('\n\n')}`);
    const started = performance.now();
    const upload = await admin.caller.knowledgeBase.upload({ fileName: 'bench-manual.md', contentBase64: file.toString('base64') });
    await jobsSettled(server.app.db, ['knowledge.'], 60 * 60 * 1000);
    const seconds = (performance.now() - started) / 1000;
    const done = await readUploadJob(server.app, client.id, upload.job.id);
    if (done?.state !== 'done') throw new Error(`ingestion ended ${done?.state}: ${done?.message}`);
    return { chunks: done.chunksTotal, seconds };
  } finally {
    await server.dispose();
  }
}

console.log(describeMachine());
console.log(
  `corpus: ${CHUNKS} chunks × ${DIMS} dimensions (${TOPICS} topics) for the searched client + ${Math.floor(CHUNKS / 10)} of another client; ${QUERIES} queries, top-5`,
);
const centres = topicCentres(1);
const vectors = corpus(centres, CHUNKS, 42);
const queryVectors = corpus(centres, QUERIES, 7);
const queries = Array.from({ length: QUERIES }, (_, i) => rowOf(queryVectors, i));
const started = performance.now();
const exact = exactTop(vectors, CHUNKS, queryVectors, QUERIES, 5);
console.log(`exact top-5 in memory (reference for recall): ${((performance.now() - started) / 1000).toFixed(0)} s for ${QUERIES} queries`);

for (const kind of KINDS) {
  const figures = await searchFigures(kind, vectors, queries, exact);
  console.log(
    `${kind === 'pg' ? `PostgreSQL (pgvector HNSW, m=16, ef_construction=64, ef_search=${efSearch(5)}, iterative scan)` : 'SQLite (sign-bit shortlist of 200, exact rerank)'}: ` +
      `search p50 ${figures.p50.toFixed(1)} ms, p95 ${figures.p95.toFixed(1)} ms, recall@5 ${figures.recall.toFixed(3)}, first search ${figures.firstMs.toFixed(0)} ms ` +
      `| load ${figures.loadSeconds.toFixed(0)} s${figures.buildSeconds ? `, index build ${figures.buildSeconds.toFixed(0)} s` : ''} | plan: ${figures.plan}`,
  );
}
for (const kind of INGEST ? KINDS : []) {
  const rate = await ingestionRate(kind);
  console.log(
    `ingestion on ${kind}: ${rate.chunks} chunks in ${rate.seconds.toFixed(2)} s = ${(rate.chunks / rate.seconds).toFixed(0)} chunks/s ` +
      '(parse, chunk, embed via the gateway with the fake embedder in 64-chunk batches, staged write, swap)',
  );
}
