// The client's sources (uploaded files) with their chunk counts, read from the chunks themselves.
// A source whose chunks were embedded with another model than the current one is flagged stale:
// search skips it until it is re-embedded.
import { sql } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import { readMetadata } from './chunkMetadata.js';

export type SourceView = {
  sourceId: string;
  fileName: string;
  format: string | null;
  title: string | null;
  chunks: number;
  sizeBytes: number | null;
  tags: string[];
  embeddingModel: string | null;
  embeddingDimensions: number | null;
  uploadedAt: string | null;
  uploadedBy: string | null;
};

type Row = { source_id: string; chunks: number | string; model: string | null; dims: number | string | null; metadata: unknown };

export async function listSources(db: Database, clientId: string): Promise<SourceView[]> {
  const rows = await db.tenant(clientId, (tx) =>
    db.rows<Row>(
      tx,
      sql`
    select d.source_id, count(*) as chunks, max(d.embedding_model) as model, max(d.embedding_dimensions) as dims,
      (select m.metadata from documents m where m.client_id = d.client_id and m.source_id = d.source_id order by m.id limit 1) as metadata
    from documents d
    where d.client_id = ${clientId} and d.source_id is not null and d.source_id not like 'staging:%'
    group by d.client_id, d.source_id
    order by d.source_id`,
    ),
  );
  return rows.map((row) => {
    const metadata = readMetadata(row.metadata);
    return {
      sourceId: row.source_id,
      fileName: metadata.sourceFile ?? row.source_id,
      format: metadata.sourceFormat ?? null,
      title: metadata.documentTitle ?? null,
      chunks: Number(row.chunks),
      sizeBytes: metadata.sizeBytes ?? null,
      tags: metadata.tags ?? [],
      embeddingModel: row.model,
      embeddingDimensions: row.dims === null ? null : Number(row.dims),
      uploadedAt: metadata.uploadedAt ?? null,
      uploadedBy: metadata.uploadedBy ?? null,
    };
  });
}
