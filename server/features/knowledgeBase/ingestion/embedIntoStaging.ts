// Embeds chunk texts batch by batch and writes them under a staging source id, reporting progress
// after each batch (a durable job learns of a cancel there) and stopping between batches when the
// job is cancelled.
import type { AppContext } from '#server/app/appContext.js';
import type { DocumentMetadata } from '#server/db/json-types.js';
import { embedTexts } from '../embedding/embedTexts.js';
import { writeChunks } from '../store/writeChunks.js';
import type { JobHandle } from './jobView.js';

export const EMBED_BATCH = 64;

export type StagedChunk = { content: string; metadata: DocumentMetadata; stagingId: string };

export async function embedIntoStaging(
  app: AppContext,
  input: {
    clientId: string;
    model: string;
    dimensions: number | null;
    chunks: StagedChunk[];
    handle: JobHandle;
    doneBefore?: number;
    /** Pins the vector size: every batch must agree with the first (or with this). */
    expectDimensions?: number;
  },
): Promise<{ dimensions: number }> {
  let dimensions = input.expectDimensions ?? 0;
  let done = input.doneBefore ?? 0;
  for (let start = 0; start < input.chunks.length; start += EMBED_BATCH) {
    input.handle.throwIfCancelled();
    const batch = input.chunks.slice(start, start + EMBED_BATCH);
    const embedded = await embedTexts(app, {
      clientId: input.clientId,
      texts: batch.map((chunk) => chunk.content),
      model: input.model,
      dimensions: input.dimensions,
      signal: input.handle.signal,
    });
    if (dimensions && embedded.dimensions !== dimensions) {
      throw new Error(`the embeddings model changed its vector size mid-way (${dimensions} → ${embedded.dimensions})`);
    }
    dimensions = embedded.dimensions;
    input.handle.throwIfCancelled();
    // Each row goes under its own staging id (all one source's for an upload).
    const byStaging = new Map<string, Array<{ content: string; metadata: DocumentMetadata; embedding: number[] }>>();
    batch.forEach((chunk, index) => {
      const rows = byStaging.get(chunk.stagingId) ?? [];
      rows.push({ content: chunk.content, metadata: chunk.metadata, embedding: embedded.vectors[index]! });
      byStaging.set(chunk.stagingId, rows);
    });
    for (const [stagingId, rows] of byStaging) {
      await writeChunks(app.db, input.clientId, { sourceId: stagingId, model: input.model, dimensions, rows, staged: true });
    }
    done += batch.length;
    await input.handle.progress(done);
  }
  return { dimensions };
}
