// searchChunks on both databases over a corpus larger than SQLite's shortlist: the top 5 agree with
// an exact cosine ranking (recall, not timing), every write is seen by the next search (new
// chunks, a promoted staging, a deleted source, a cascade from a deleted client, a rolled-back
// write), filters on sources hold, and a client only ever finds its own chunks.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#server/db/openDatabase.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '#server/testing/testDatabases.js';
import { promoteStagingInTx } from '../store/promoteStaging.js';
import { newStagingId } from '../store/sourceIds.js';
import { writeChunks } from '../store/writeChunks.js';
import { searchChunks } from './searchChunks.js';

const DIMS = 384;
const MODEL = 'test/embedder';
const CHUNKS = 1500;
const TOPICS = 60;

function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Unit vectors around a few topics, like embeddings of related passages. */
function vectors(count: number, seed: number): number[][] {
  const topicsNext = random(1);
  const centres = Array.from({ length: TOPICS }, () => Array.from({ length: DIMS }, () => topicsNext() * 2 - 1));
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const centre = centres[Math.floor(next() * TOPICS)]!;
    const raw = centre.map((value) => value + (next() * 2 - 1) * 0.8);
    const norm = Math.hypot(...raw);
    return raw.map((value) => Math.round((value / norm) * 1e6) / 1e6);
  });
}

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, index) => sum + value * b[index]!, 0) / (Math.hypot(...a) * Math.hypot(...b));

async function makeClient(db: Database, slug: string): Promise<string> {
  const [row] = await db.system((tx) => tx.insert(db.t.clients).values({ name: slug, slug }).returning({ id: db.t.clients.id }));
  return row!.id;
}

const rowsOf = (embeddings: number[][], prefix: string) =>
  embeddings.map((embedding, index) => ({ content: `${prefix} ${index}`, metadata: { sourceFile: `${prefix}.txt`, position: index }, embedding }));

describe.each(DATABASE_KINDS)('searchChunks on %s', (kind) => {
  let test: TestDatabase;
  let db: Database;
  let clientA: string;
  let clientB: string;
  const corpus = vectors(CHUNKS, 42);
  const questions = vectors(40, 7);
  const search = (clientId: string, vector: number[], extra: { topK?: number; sourceIds?: string[]; keyword?: string } = {}) =>
    searchChunks(db, clientId, { vector, model: MODEL, topK: 5, minScore: -1, ...extra });

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    db = test.db;
    clientA = await makeClient(db, 'a');
    clientB = await makeClient(db, 'b');
    for (let start = 0; start < CHUNKS; start += 500) {
      await writeChunks(db, clientA, {
        sourceId: `part-${start / 500}`,
        model: MODEL,
        dimensions: DIMS,
        rows: rowsOf(corpus.slice(start, start + 500), `a${start}`),
      });
    }
    // B holds the same vectors under another source: A must never see them.
    await writeChunks(db, clientB, { sourceId: 'b-only', model: MODEL, dimensions: DIMS, rows: rowsOf(corpus.slice(0, 500), 'b') });
  }, 120_000);
  afterAll(() => test?.dispose());

  it('finds nearly the exact top 5, and only the asking client’s chunks', async () => {
    let hits = 0;
    for (const question of questions) {
      const exact = corpus
        .map((vector, index) => ({ index, score: cosine(vector, question) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 5)
        .map((entry) => `a${Math.floor(entry.index / 500) * 500} ${entry.index % 500}`);
      const found = await search(clientA, question);
      expect(found).toHaveLength(5);
      expect(found.every((chunk) => chunk.sourceId.startsWith('part-'))).toBe(true);
      // Scores are the exact cosine of what was found, best first.
      expect(found.map((chunk) => chunk.score)).toEqual([...found.map((chunk) => chunk.score)].sort((a, b) => b - a));
      hits += found.filter((chunk) => exact.includes(chunk.content)).length;
    }
    expect(hits / (questions.length * 5)).toBeGreaterThanOrEqual(0.95);
    expect((await search(clientB, questions[0]!, { topK: 20 })).every((chunk) => chunk.sourceId === 'b-only')).toBe(true);
  });

  it('sees every write at once: new chunks, a promotion, a deleted source, a rollback', async () => {
    const question = questions[3]!;
    const { documents } = db.t;
    // A chunk equal to the question goes first as soon as it is written.
    await writeChunks(db, clientA, { sourceId: 'fresh', model: MODEL, dimensions: DIMS, rows: rowsOf([question], 'fresh') });
    expect((await search(clientA, question))[0]).toMatchObject({ sourceId: 'fresh', content: 'fresh 0' });
    // Staged chunks are invisible until promoted; promoted, they replace the source's old ones.
    const staging = newStagingId('fresh');
    const opposite = question.map((value) => -value);
    await writeChunks(db, clientA, { sourceId: staging, model: MODEL, dimensions: DIMS, rows: rowsOf([opposite, question], 'staged'), staged: true });
    expect((await search(clientA, question))[0]!.content).toBe('fresh 0');
    await db.tenant(clientA, (tx) => promoteStagingInTx(db, tx, clientA, [{ stagingId: staging, sourceId: 'fresh', chunks: 2, dimensions: DIMS }]));
    expect((await search(clientA, question))[0]).toMatchObject({ sourceId: 'fresh', content: 'staged 1' });
    // A rolled-back delete leaves the chunk findable; a committed one removes it.
    await expect(
      db.tenant(clientA, async (tx) => {
        await tx.delete(documents).where(and(eq(documents.clientId, clientA), eq(documents.sourceId, 'fresh')));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect((await search(clientA, question))[0]!.content).toBe('staged 1');
    await db.tenant(clientA, (tx) => tx.delete(documents).where(and(eq(documents.clientId, clientA), eq(documents.sourceId, 'fresh'))));
    expect((await search(clientA, question, { topK: 20 })).some((chunk) => chunk.sourceId === 'fresh')).toBe(false);
    // An update moving chunks between sources shows in the source filter.
    await db.tenant(clientA, (tx) => db.exec(tx, sql`update documents set source_id = 'moved' where client_id = ${clientA} and source_id = 'part-2'`));
    const moved = await search(clientA, question, { sourceIds: ['moved'], topK: 10 });
    expect(moved).toHaveLength(10);
    expect(moved.every((chunk) => chunk.sourceId === 'moved' && chunk.content.startsWith('a1000 '))).toBe(true);
    expect(await search(clientA, question, { sourceIds: ['part-2'] })).toEqual([]);
  });

  it('keeps the keyword filter exact, and forgets a deleted client', async () => {
    const filtered = await search(clientA, questions[5]!, { keyword: 'A500.TXT', topK: 3 });
    expect(filtered.map((chunk) => chunk.metadata.sourceFile)).toEqual(['a500.txt', 'a500.txt', 'a500.txt']);
    const expected = corpus
      .slice(500, 1000)
      .map((vector, index) => ({ index, score: cosine(vector, questions[5]!) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 3)
      .map((entry) => `a500 ${entry.index}`);
    // SQLite scans every chunk when a keyword filters; PostgreSQL's index walk is approximate.
    if (kind === 'sqlite') expect(filtered.map((chunk) => chunk.content)).toEqual(expected);
    else expect(filtered.filter((chunk) => expected.includes(chunk.content)).length).toBeGreaterThanOrEqual(2);

    expect(await search(clientB, questions[0]!)).toHaveLength(5);
    await db.system((tx) => tx.delete(db.t.clients).where(eq(db.t.clients.id, clientB)));
    expect(await search(clientB, questions[0]!)).toEqual([]);
  });
});
