// Deletes a source: its chunks go, an upload of it still being ingested is cancelled (its handler
// removes its staged chunks at its next checkpoint), and so do a re-embedding's staged copies of it
// (the re-embedding goes on with the other sources).
import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { lockEmbeddingModel, readOpenReembed } from '../ingestion/reembedJobs.js';
import { cancelUploads, publishUploadJob } from '../ingestion/uploadJobs.js';
import { isStagingId, newStagingId } from './sourceIds.js';

export async function deleteSource(app: AppContext, clientId: string, sourceId: string): Promise<{ deletedChunks: number; cancelledUploads: number }> {
  if (isStagingId(sourceId)) throw new TRPCError({ code: 'BAD_REQUEST', message: 'not a source id' });
  const { documents } = app.db.t;
  // One transaction: an upload of the source cannot promote after its chunks are deleted (its
  // promotion needs the upload row this cancel deletes), and under the lock a re-embedding
  // stages pages and promotes with, so it never stages or brings back a chunk deleted here.
  const { deleted, cancelled } = await app.db.tenant(clientId, async (tx) => {
    await lockEmbeddingModel(app, tx, clientId);
    const cancelled = await cancelUploads(app, tx, clientId, { sourceId }, 'the source was deleted');
    const deleted = await tx
      .delete(documents)
      .where(and(eq(documents.clientId, clientId), eq(documents.sourceId, sourceId)))
      .returning({ id: documents.id });
    const reembed = await readOpenReembed(app, tx, clientId);
    if (reembed) {
      await tx.delete(documents).where(and(eq(documents.clientId, clientId), eq(documents.sourceId, newStagingId(sourceId, reembed.id))));
    }
    return { deleted, cancelled };
  });
  for (const jobId of cancelled) await publishUploadJob(app, clientId, jobId);
  const cancelledUploads = cancelled.length;
  if (deleted.length === 0 && cancelledUploads === 0) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such source in the knowledge base' });
  return { deletedChunks: deleted.length, cancelledUploads };
}
