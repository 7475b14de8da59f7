// SQLite's knowledge search without reading every chunk: sqlite-vec's exact scan reads each of the
// client's 6 KB embeddings per question (100,000 chunks: ~600 MB, most of a second, while the one
// connection waits). Instead each client's searchable chunks are kept in memory as sign-bit codes
// (192 bytes per 1,536-dimension chunk, ~20 MB per 100,000), the question's nearest codes give a
// shortlist, and the exact cosine reranks only those in SQL (searchChunks), where every filter
// still applies.
//
// Staleness: temporary triggers on this connection count each client's writes to `documents`
// (insert, update, delete, cascades included) in a temporary table, read in the search's own
// transaction, so a shortlist never misses a committed change, and a rolled-back write undoes
// its count too. Another connection's commit (a second process on the file) changes SQLite's
// data_version, which drops every shortlist of this connection.
import { sql } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import type { Tx } from '#server/db/tables.js';
import { codeWords, hammingDistances, nearestRows, writeCode } from './binaryCodes.js';

type ClientCodes = {
  generation: number;
  ids: Float64Array;
  /** Index into `sources` of each row. */
  sourceOf: Int32Array;
  sources: string[];
  codes: Uint32Array;
  count: number;
  words: number;
  bytes: number;
};

type DatabaseCodes = { dataVersion: number; clients: Map<string, ClientCodes>; bytes: number };

/** Memory for the codes of one database, least recently searched client dropped first. */
const MAX_BYTES = 256 * 2 ** 20;
/** Embeddings read per statement while building (6 MB at 1,536 dimensions). */
const BUILD_PAGE = 1000;

const byDatabase = new WeakMap<Database, DatabaseCodes>();
const tracking = new WeakMap<Database, Promise<void>>();

const TRACKING_DDL = [
  'create temp table if not exists uzz_knowledge_generation (client_id text primary key, generation integer not null)',
  ...[
    ['insert', ['new']],
    ['update', ['old', 'new']],
    ['delete', ['old']],
  ].map(
    ([event, rows]) =>
      `create temp trigger if not exists uzz_knowledge_changed_${event as string} after ${event as string} on main.documents begin ` +
      (rows as string[])
        .map(
          (row) =>
            `insert or ignore into uzz_knowledge_generation (client_id, generation) values (${row}.client_id, 0); ` +
            `update uzz_knowledge_generation set generation = generation + 1 where client_id = ${row}.client_id; `,
        )
        .join('') +
      'end',
  ),
];

/** Installs the change counting on this connection once (its own transaction, before any shortlist is built). */
export function trackKnowledgeChanges(db: Database): Promise<void> {
  let installed = tracking.get(db);
  if (!installed) {
    installed = db.system(async (tx) => {
      for (const statement of TRACKING_DDL) await db.exec(tx, sql.raw(statement));
    });
    tracking.set(db, installed);
    installed.catch(() => tracking.delete(db));
  }
  return installed;
}

export type ShortlistQuery = { clientId: string; model: string; vector: number[]; wanted: number; sourceIds: string[] | null };

/**
 * Ids of the chunks whose codes are nearest the question's, inside the caller's transaction; null
 * when the change counting is missing on this connection (the caller then searches exactly).
 */
export async function shortlist(db: Database, tx: Tx, query: ShortlistQuery): Promise<number[] | null> {
  const generation = await readGeneration(db, tx, query.clientId);
  if (generation === null) {
    tracking.delete(db);
    return null;
  }
  const codes = await currentCodes(db, tx, query, generation);
  if (codes.count === 0) return [];
  let skip: Uint8Array | undefined;
  if (query.sourceIds && query.sourceIds.length > 0) {
    const wantedSources = new Set(query.sourceIds);
    const sourceSkipped = codes.sources.map((source) => !wantedSources.has(source));
    skip = new Uint8Array(codes.count);
    for (let row = 0; row < codes.count; row++) skip[row] = sourceSkipped[codes.sourceOf[row]!] ? 1 : 0;
  }
  const questionCode = new Uint32Array(codes.words);
  writeCode(questionCode, 0, query.vector);
  const distances = new Uint16Array(codes.count);
  hammingDistances(codes.codes, codes.words, codes.count, questionCode, distances, skip);
  return nearestRows(distances, codes.count, query.wanted, codes.words)
    .filter((row) => !skip?.[row])
    .map((row) => codes.ids[row]!);
}

async function readGeneration(db: Database, tx: Tx, clientId: string): Promise<number | null> {
  try {
    const [row] = await db.rows<{ generation: number }>(tx, sql`select generation from temp.uzz_knowledge_generation where client_id = ${clientId}`);
    return row?.generation ?? 0;
  } catch {
    return null; // the temporary table went with a rolled-back transaction that created it
  }
}

async function currentCodes(db: Database, tx: Tx, query: ShortlistQuery, generation: number): Promise<ClientCodes> {
  const [version] = await db.rows<{ data_version: number }>(tx, sql`pragma data_version`);
  let state = byDatabase.get(db);
  if (!state || state.dataVersion !== version!.data_version) {
    state = { dataVersion: version!.data_version, clients: new Map(), bytes: 0 };
    byDatabase.set(db, state);
  }
  const key = `${query.clientId}\u0000${query.model}\u0000${query.vector.length}`;
  const cached = state.clients.get(key);
  if (cached) {
    state.clients.delete(key);
    if (cached.generation === generation) {
      state.clients.set(key, cached); // most recently used last
      return cached;
    }
    state.bytes -= cached.bytes;
  }
  const built = await buildCodes(db, tx, query, generation);
  state.clients.set(key, built);
  state.bytes += built.bytes;
  for (const [oldest, codes] of state.clients) {
    if (state.bytes <= MAX_BYTES || oldest === key) break;
    state.clients.delete(oldest);
    state.bytes -= codes.bytes;
  }
  return built;
}

/** Reads the client's searchable embeddings page by page (never all 6 KB blobs at once) into codes. */
async function buildCodes(db: Database, tx: Tx, query: ShortlistQuery, generation: number): Promise<ClientCodes> {
  const dimensions = query.vector.length;
  const words = codeWords(dimensions);
  let capacity = 1024;
  let ids = new Float64Array(capacity);
  let sourceOf = new Int32Array(capacity);
  let codes = new Uint32Array(capacity * words);
  const sources: string[] = [];
  const sourceIndex = new Map<string, number>();
  let count = 0;
  // Keyset pages in the order of the client's (client_id, source_id) index, rowid last.
  let after: [string, number] = ['', -1];
  for (;;) {
    const page = await db.rows<{ id: number; source_id: string; embedding: Buffer | null }>(
      tx,
      sql`select id, source_id, embedding from documents
        where client_id = ${query.clientId} and (source_id, id) > (${after[0]}, ${after[1]})
          and embedding_model = ${query.model} and embedding_dimensions = ${dimensions} and source_id not like 'staging:%'
        order by source_id, id limit ${BUILD_PAGE}`,
    );
    for (const row of page) {
      after = [row.source_id, row.id];
      if (!row.embedding || row.embedding.byteLength !== dimensions * 4) continue; // the exact search cannot rank it either
      if (count === capacity) {
        capacity *= 2;
        ids = grow(ids, new Float64Array(capacity));
        sourceOf = grow(sourceOf, new Int32Array(capacity));
        codes = grow(codes, new Uint32Array(capacity * words));
      }
      let source = sourceIndex.get(row.source_id);
      if (source === undefined) {
        source = sources.push(row.source_id) - 1;
        sourceIndex.set(row.source_id, source);
      }
      ids[count] = row.id;
      sourceOf[count] = source;
      writeCode(codes, count * words, floats(row.embedding, dimensions));
      count++;
    }
    if (page.length < BUILD_PAGE) break;
  }
  return { generation, ids, sourceOf, sources, codes, count, words, bytes: capacity * (12 + words * 4) };
}

/** The blob as float32s, copied when the driver's buffer is not 4-byte aligned. */
function floats(blob: Buffer, dimensions: number): Float32Array {
  if (blob.byteOffset % 4 === 0) return new Float32Array(blob.buffer, blob.byteOffset, dimensions);
  return new Float32Array(new Uint8Array(blob).buffer, 0, dimensions);
}

function grow<T extends Float64Array | Int32Array | Uint32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
