// Nearest chunks of one client to a query vector: cosine similarity, top-k, a minimum score, and
// optional filters on the chunk's metadata (a keyword found in its file name, title or tags) and
// on sources. PostgreSQL walks the HNSW index (iterative scan, so filtering by client still
// returns k rows); SQLite computes sqlite-vec's vec_distance_cosine over a shortlist of the
// client's chunks (sqliteShortlist.ts), or over all of them when a keyword filters the metadata.
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import { readMetadata, type ChunkMetadata } from '../store/chunkMetadata.js';
import { vectorCast } from './vectorCast.js';
import { byDialect } from '#server/db/dialect.js';
import { shortlist, trackKnowledgeChanges } from './sqliteShortlist.js';

export type SearchQuery = {
  vector: number[];
  model: string;
  topK: number;
  minScore: number;
  /** Case-insensitive substring of the chunk's metadata (file name, title, tags). */
  keyword?: string | null;
  sourceIds?: string[] | null;
};

/**
 * Chunks reranked exactly per question on SQLite: 40 per chunk asked for (200 for the usual top 5).
 * Sign-bit codes keep the true top 5 of 1,536-dimension embeddings well inside that (recall@5 in
 * bench/knowledgeBase.bench.ts); reranking costs ~6 KB read per chunk.
 */
/** HNSW candidates kept per question on PostgreSQL (set per transaction with set_config(…, true)). */
export const efSearch = (topK: number) => Math.max(64, topK * 10);

const shortlistSize = (topK: number) => Math.min(4000, Math.max(200, topK * 40));

export type ScoredChunk = { id: number; content: string; sourceId: string; score: number; metadata: Partial<ChunkMetadata> };

type RawRow = { id: number | string; content: string; source_id: string; metadata: unknown; distance: number | string };

export async function searchChunks(db: Database, clientId: string, query: SearchQuery): Promise<ScoredChunk[]> {
  const dimensions = query.vector.length;
  const topK = Math.max(1, Math.min(100, Math.floor(query.topK)));
  const filters: SQL[] = [
    sql`client_id = ${clientId}`, // first: SQLite's shortlist query replaces it
    sql`embedding_model = ${query.model}`,
    sql`embedding_dimensions = ${sql.raw(String(dimensions))}`,
    sql`source_id is not null and source_id not like 'staging:%'`,
  ];
  const keyword = query.keyword?.trim() ?? '';
  if (keyword) {
    const pattern = `%${keyword.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    filters.push(
      byDialect(db, {
        pg: () => sql`lower(jsonb_build_array(metadata->'sourceFile', metadata->'title', metadata->'tags')::text) like ${pattern} escape '\\'`,
        sqlite: () =>
          sql`lower(json_array(json_extract(metadata, '$.sourceFile'), json_extract(metadata, '$.title'), json_extract(metadata, '$.tags'))) like ${pattern} escape '\\'`,
      }),
    );
  }
  if (query.sourceIds && query.sourceIds.length > 0) {
    filters.push(
      sql`source_id in (${sql.join(
        query.sourceIds.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
  }
  const where = sql.join(filters, sql` and `);

  if (db.kind === 'sqlite' && !keyword) await trackKnowledgeChanges(db);
  const rows = await db.tenant(clientId, (tx) =>
    byDialect(db, {
      pg: async () => {
        const cast = sql.raw(vectorCast(dimensions));
        const literal = `[${query.vector.join(',')}]`;
        const distance = sql`(embedding::${cast} <=> ${literal}::${cast})`;
        // Iterative scan: the index keeps walking until k rows pass the client filter; relaxed
        // order is re-sorted by the outer query. ef_search 64 for the usual top 5, 10 per row
        // asked beyond. At 100,000 chunks of 1,536 dimensions recall@5 was 0.965–0.995 at 40
        // (two index builds), 1.000 at 60 and 100; 100 read ~70 % more index pages than 40 per
        // question (the index, 6 KB per chunk, outgrows shared_buffers). bench/knowledgeBase.bench.ts.
        await db.exec(tx, sql`select set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', ${String(efSearch(topK))}, true)`);
        return db.rows<RawRow>(
          tx,
          sql`
        with nearest as materialized (
          select id, content, source_id, metadata, ${distance} as distance from documents
          where ${where} order by ${distance} limit ${topK}
        ) select * from nearest order by distance`,
        );
      },
      sqlite: async () => {
        const blob = Buffer.from(new Float32Array(query.vector).buffer);
        // Without a keyword filter, only a shortlist from the in-memory codes is ranked exactly
        // (sqliteShortlist.ts); a keyword can rule out the whole shortlist, so it scans them all.
        const ids = keyword
          ? null
          : await shortlist(db, tx, { clientId, model: query.model, vector: query.vector, wanted: shortlistSize(topK), sourceIds: query.sourceIds ?? null });
        if (ids && ids.length === 0) return [];
        // The shortlist's rows by rowid: `+client_id` keeps SQLite from preferring the client's
        // index, which would read every chunk of the client again.
        const rowsWhere = ids
          ? sql`id in (${sql.join(
              ids.map((id) => sql`${id}`),
              sql`, `,
            )}) and +client_id = ${clientId} and ${sql.join(filters.slice(1), sql` and `)}`
          : where;
        return db.rows<RawRow>(
          tx,
          sql`
        select id, content, source_id, metadata, vec_distance_cosine(embedding, ${blob}) as distance from documents
        where ${rowsWhere} order by distance limit ${topK}`,
        );
      },
    }),
  );

  return rows
    .map((row) => ({
      id: Number(row.id),
      content: row.content,
      sourceId: row.source_id,
      score: 1 - Number(row.distance),
      metadata: readMetadata(row.metadata),
    }))
    .filter((row) => Number.isFinite(row.score) && row.score >= query.minScore);
}
