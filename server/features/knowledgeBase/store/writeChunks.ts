// Inserts embedded chunks, in batches small enough for both drivers' parameter limits.
import type { Database } from '#server/db/openDatabase.js';
import type { DocumentMetadata } from '#server/db/json-types.js';

export type ChunkRow = { content: string; metadata: DocumentMetadata; embedding: number[] };

export async function writeChunks(
  db: Database,
  clientId: string,
  input: {
    sourceId: string;
    model: string;
    dimensions: number;
    rows: ChunkRow[];
    /**
     * Staged rows are written without embedding_dimensions: the HNSW indexes are partial on it, so
     * PostgreSQL indexes each vector once, when promoteStagingInTx sets it, instead of twice.
     */
    staged?: boolean;
  },
): Promise<void> {
  const { documents } = db.t;
  const batch = 200;
  for (let start = 0; start < input.rows.length; start += batch) {
    const values = input.rows.slice(start, start + batch).map((row) => {
      if (row.embedding.length !== input.dimensions) {
        throw new Error(`embedding has ${row.embedding.length} dimensions, expected ${input.dimensions}`);
      }
      return {
        clientId,
        sourceId: input.sourceId,
        content: row.content,
        metadata: row.metadata,
        embedding: row.embedding,
        embeddingModel: input.model,
        embeddingDimensions: input.staged ? null : input.dimensions,
      };
    });
    await db.tenant(clientId, (tx) => tx.insert(documents).values(values));
  }
}
