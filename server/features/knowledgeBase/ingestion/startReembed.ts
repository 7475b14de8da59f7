// Changing the embedding model: a `knowledge.reembed` job (reembedKnowledge.ts) embeds every chunk
// again with the new model into staging, and in one transaction at the end the staged chunks
// replace the old ones and the setting switches. Until then search keeps using the old model and
// the old vectors; cancelling or a failure leaves the old model in place. A change while one is
// open retargets that job (same id) to the latest model: its staging is dropped and it starts
// over. Uploads and deletions go on meanwhile (uploads embed with the new model).
import { TRPCError } from '@trpc/server';
import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonObject } from '#server/db/json-types.js';
import { embedTexts } from '../embedding/embedTexts.js';
import { readKnowledgeSettings, writeKnowledgeSettings, type KnowledgeSettings } from '../settings/knowledgeSettings.js';
import type { JobView } from './jobView.js';
import {
  countStale,
  discardReembedStaging,
  lockEmbeddingModel,
  publishReembedJob,
  readOpenReembed,
  readReembedJob,
  REEMBED_JOB,
  reembedKey,
  writeReembedPayload,
  type ReembedPayload,
} from './reembedJobs.js';

export async function startReembed(
  app: AppContext,
  clientId: string,
  next: Pick<KnowledgeSettings, 'embeddingModel' | 'embeddingDimensions'>,
): Promise<{ job: JobView | null; settings: KnowledgeSettings }> {
  // One probe call checks that the model exists, embeds, and tells its vector size, before any work.
  let probe;
  try {
    probe = await embedTexts(app, { clientId, texts: ['dimension probe'], model: next.embeddingModel, dimensions: next.embeddingDimensions });
  } catch (error) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: `cannot embed with ${next.embeddingModel}: ${(error as Error).message}`, cause: error });
  }
  // Stored under the gateway's identifier, so a bare model name and its identifier are one model.
  const target = { embeddingModel: probe.model, embeddingDimensions: next.embeddingDimensions, vectorSize: probe.dimensions };
  const { jobs } = app.db.t;
  const key = reembedKey(clientId);

  const jobId = await app.db.tenant(clientId, async (tx) => {
    await lockEmbeddingModel(app, tx, clientId);
    // A job that ended without its ending transaction (its runner died on the last attempt) still
    // holds the key: free it, and what it staged.
    const stale = await tx
      .update(jobs)
      .set({ dedupeKey: null })
      .where(and(eq(jobs.clientId, clientId), eq(jobs.dedupeKey, key), inArray(jobs.status, ['done', 'dead'])))
      .returning({ id: jobs.id });
    for (const { id } of stale) await discardReembedStaging(app, tx, clientId, id);

    const open = await readOpenReembed(app, tx, clientId);
    if (open) {
      const same =
        open.payload.embeddingModel === target.embeddingModel &&
        open.payload.embeddingDimensions === target.embeddingDimensions &&
        open.payload.vectorSize === target.vectorSize;
      if (same) return open.id;
      // Retarget: what was staged for the previous model goes; the run notices the new generation.
      await discardReembedStaging(app, tx, clientId, open.id);
      const chunksTotal = await countStale(app, tx, clientId, target, 0);
      await writeReembedPayload(app, tx, clientId, open.id, { ...target, generation: open.payload.generation + 1, afterId: 0, chunksDone: 0, chunksTotal });
      return open.id;
    }

    const chunksTotal = await countStale(app, tx, clientId, target, 0);
    if (chunksTotal === 0) {
      // Nothing stored needs it: the model switches now (uploads in flight re-check it before promoting).
      const current = await readKnowledgeSettings(app.db, clientId, tx);
      await writeKnowledgeSettings(
        app.db,
        clientId,
        { ...current, embeddingModel: target.embeddingModel, embeddingDimensions: target.embeddingDimensions },
        tx,
      );
      return null;
    }
    const payload: ReembedPayload = { ...target, generation: 1, afterId: 0, chunksDone: 0, chunksTotal };
    const id = await app.jobs.enqueue(tx, { type: REEMBED_JOB, clientId, payload: payload as unknown as JsonObject, dedupeKey: key, orderingKey: key });
    // Under the lock no open job holds the key, so the insert cannot be deduplicated away.
    if (!id) throw new TRPCError({ code: 'CONFLICT', message: 'a re-embedding of the knowledge base is already starting; try again' });
    return id;
  });

  const settings = await readKnowledgeSettings(app.db, clientId);
  if (!jobId) return { job: null, settings };
  app.jobs.wake(); // committed: this instance may claim it now (others hear the enqueue's NOTIFY)
  await publishReembedJob(app, clientId, jobId);
  return { job: await readReembedJob(app, clientId, jobId), settings };
}
