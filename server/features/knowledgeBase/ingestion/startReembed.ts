// Changing the embedding model: every chunk is embedded again with the new model into staging,
// and in one transaction at the end the staged chunks replace the old ones and the setting
// switches. Until then search keeps using the old model and the old vectors (full recall
// throughout); cancelling or a failure leaves the old model in place. Uploads and deletions wait
// (CONFLICT) while it runs, so nothing changes under it.
import { TRPCError } from '@trpc/server';
import { and, asc, eq, gt, isNotNull, notLike } from 'drizzle-orm';
import type { AppContext } from '../../../app/appContext.js';
import { embedTexts } from '../embedding/embedTexts.js';
import { discardStaging, promoteStaging } from '../store/promoteStaging.js';
import { newStagingId } from '../store/sourceIds.js';
import { readKnowledgeSettings, writeKnowledgeSettings, type KnowledgeSettings } from '../settings/knowledgeSettings.js';
import { embedIntoStaging, type StagedChunk } from './embedIntoStaging.js';
import { ingestionJobs, type JobView } from './ingestionJobs.js';

const PAGE = 256;

export async function startReembed(app: AppContext, clientId: string, next: Pick<KnowledgeSettings, 'embeddingModel' | 'embeddingDimensions'>): Promise<{ job: JobView | null; settings: KnowledgeSettings }> {
  const jobs = ingestionJobs(app);
  if (jobs.running(clientId).length > 0) {
    throw new TRPCError({ code: 'CONFLICT', message: 'uploads or a re-embedding are still running; wait for them or cancel them first' });
  }
  // One probe call checks that the model exists, embeds, and tells its vector size, before any work.
  let probe;
  try {
    probe = await embedTexts(app, { clientId, texts: ['dimension probe'], model: next.embeddingModel, dimensions: next.embeddingDimensions });
  } catch (error) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: `cannot embed with ${next.embeddingModel}: ${(error as Error).message}`, cause: error });
  }
  const current = await readKnowledgeSettings(app.db, clientId);
  // Stored under the gateway's identifier, so a bare model name and its identifier are one model.
  const target = { ...current, embeddingModel: probe.model, embeddingDimensions: next.embeddingDimensions };
  const { documents } = app.db.t;
  const live = and(eq(documents.clientId, clientId), isNotNull(documents.sourceId), notLike(documents.sourceId, 'staging:%'));
  const total = await app.db.tenant(clientId, async (tx) => (await tx.select({ id: documents.id }).from(documents).where(live)).length);
  if (total === 0) {
    await writeKnowledgeSettings(app.db, clientId, target);
    return { job: null, settings: target };
  }

  const job = jobs.start({ clientId, kind: 'reembed', chunksTotal: total }, async (handle) => {
    const counts = new Map<string, number>();
    const stagingFor = (sourceId: string) => newStagingId(sourceId, handle.id);
    try {
      let lastId = 0;
      let done = 0;
      for (;;) {
        handle.throwIfCancelled();
        const page = await app.db.tenant(clientId, (tx) => tx.select({ id: documents.id, content: documents.content, metadata: documents.metadata, sourceId: documents.sourceId })
          .from(documents).where(and(live, gt(documents.id, lastId))).orderBy(asc(documents.id)).limit(PAGE));
        if (page.length === 0) break;
        lastId = page[page.length - 1]!.id;
        const staged: StagedChunk[] = page.map((row) => {
          counts.set(row.sourceId!, (counts.get(row.sourceId!) ?? 0) + 1);
          return { content: row.content, metadata: row.metadata, stagingId: stagingFor(row.sourceId!) };
        });
        await embedIntoStaging(app, {
          clientId, model: target.embeddingModel, dimensions: target.embeddingDimensions, chunks: staged, handle, doneBefore: done, expectDimensions: probe.dimensions,
        });
        done += page.length;
        handle.progress(done, Math.max(total, done));
      }
      handle.throwIfCancelled();
      const moves = [...counts].map(([sourceId, chunks]) => ({ stagingId: stagingFor(sourceId), sourceId, chunks, dimensions: probe.dimensions }));
      await promoteStaging(app.db, clientId, moves, (tx) => writeKnowledgeSettings(app.db, clientId, target, tx));
    } catch (error) {
      await discardStaging(app.db, clientId, [...counts.keys()].map(stagingFor)).catch(() => undefined);
      throw error;
    }
  });
  return { job, settings: current };
}
