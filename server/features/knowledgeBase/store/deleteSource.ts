// Deletes a source: its chunks go, and an upload of it still running is cancelled (its staged
// chunks with it).
import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app/appContext.js';
import { ingestionJobs } from '../ingestion/ingestionJobs.js';
import { isStagingId } from './sourceIds.js';

export async function deleteSource(app: AppContext, clientId: string, sourceId: string): Promise<{ deletedChunks: number; cancelledUploads: number }> {
  if (isStagingId(sourceId)) throw new TRPCError({ code: 'BAD_REQUEST', message: 'not a source id' });
  const jobs = ingestionJobs(app);
  if (jobs.running(clientId, (job) => job.kind === 'reembed').length > 0) {
    throw new TRPCError({ code: 'CONFLICT', message: 'the knowledge base is being re-embedded; delete when it finishes' });
  }
  let cancelledUploads = 0;
  for (const job of jobs.running(clientId, (running) => running.kind === 'upload' && running.sourceId === sourceId)) {
    if (await jobs.cancel(clientId, job.id, 'the source was deleted')) cancelledUploads++;
  }
  const { documents } = app.db.t;
  const deleted = await app.db.tenant(clientId, (tx) => tx.delete(documents)
    .where(and(eq(documents.clientId, clientId), eq(documents.sourceId, sourceId))).returning({ id: documents.id }));
  if (deleted.length === 0 && cancelledUploads === 0) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such source in the knowledge base' });
  return { deletedChunks: deleted.length, cancelledUploads };
}
