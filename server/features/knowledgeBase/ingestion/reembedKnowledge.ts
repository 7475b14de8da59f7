// The `knowledge.reembed` job: embeds the client's stale chunks (not of the target model) again,
// page by page in id order, into staging (one staging id per source), and at the end, in one
// transaction, the staged copies replace the stale chunks and the settings switch to the new model.
// Each page's staged rows and the progress (the last id done) are written in one transaction, so a
// new run (after a shutdown, a crash or a retry, on any instance) resumes after the last page and
// embeds nothing twice.
// It shares the client with uploads and deletions, all taking turns on lockEmbeddingModel:
// - a page's rows are staged only if their chunks are still stored (a deletion or a newer upload
//   removed them meanwhile, and also removed their staged copies);
// - uploads embed with the re-embedding's model, so their chunks are not stale;
// - a model change while it runs bumps the payload's generation: the page being embedded for the
//   older model is dropped and the run starts over from what startReembed reset.
// Failures: a request the embeddings model refuses ends it at once (the old model stays); anything
// else is retried with the runner's backoff, progress kept.
import { and, asc, eq, gt, inArray, like, sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { DocumentMetadata } from '#server/db/json-types.js';
import { PermanentJobError, type RunningJob } from '#server/jobs/index.js';
import { embedTexts } from '../embedding/embedTexts.js';
import { readKnowledgeSettings, writeKnowledgeSettings } from '../settings/knowledgeSettings.js';
import { newStagingId } from '../store/sourceIds.js';
import { EMBED_BATCH } from './embedIntoStaging.js';
import { isRequestRefused } from './ingestUpload.js';
import { JobCancelled } from './jobView.js';
import {
  countStale,
  discardReembedStaging,
  endReembed,
  lockEmbeddingModel,
  publishReembedJob,
  readReembedRun,
  REEMBED_JOB,
  reembedStagingPrefix,
  staleChunks,
  writeReembedPayload,
  type ReembedPayload,
} from './reembedJobs.js';

/** Retries: about 2 s, 4 s, 8 s, 16 s (with jitter), then the dead letter. */
export const REEMBED_JOB_OPTIONS = { maxAttempts: 5, backoffMs: 2_000, backoffMaxMs: 5 * 60_000 };

export function registerReembedJob(app: AppContext): void {
  app.jobs.register(REEMBED_JOB, (job) => reembedKnowledge(app, job), REEMBED_JOB_OPTIONS);
}

/** The re-embedding ended elsewhere (cancelled): this run stops. */
class ReembedGone extends JobCancelled {}

type Step = { kind: 'gone' } | { kind: 'done' } | { kind: 'continue'; run: ReembedPayload };

async function reembedKnowledge(app: AppContext, job: RunningJob): Promise<void> {
  const clientId = job.clientId;
  if (!clientId) throw new PermanentJobError('a knowledge.reembed job needs a client');
  const { documents } = app.db.t;
  let run = await app.db.tenant(clientId, (tx) => readReembedRun(app, tx, clientId, job.id));
  if (!run) return; // cancelled before it ran, or an earlier run ended it
  let restarted = false;

  try {
    for (;;) {
      if (job.signal.aborted) throw new Error('the server is shutting down');
      const current: ReembedPayload = run;
      const page = await app.db.tenant(clientId, (tx) =>
        tx
          .select({ id: documents.id, content: documents.content, metadata: documents.metadata, sourceId: documents.sourceId })
          .from(documents)
          .where(and(staleChunks(app, clientId, current), gt(documents.id, current.afterId)))
          .orderBy(asc(documents.id))
          .limit(EMBED_BATCH),
      );
      let step: Step;
      if (page.length === 0) {
        step = await finish(app, clientId, job.id, current, !restarted);
        if (step.kind === 'continue' && step.run.generation === current.generation) restarted = true;
      } else {
        const embedded = await embedTexts(app, {
          clientId,
          texts: page.map((row) => row.content),
          model: current.embeddingModel,
          dimensions: current.embeddingDimensions,
          signal: job.signal,
        });
        if (embedded.dimensions !== current.vectorSize) {
          throw new Error(`the embeddings model changed its vector size mid-way (${current.vectorSize} → ${embedded.dimensions})`);
        }
        step = await stagePage(app, clientId, job.id, current, page, embedded.vectors);
      }
      if (step.kind === 'gone') throw new ReembedGone('the re-embedding was cancelled');
      await publishReembedJob(app, clientId, job.id);
      if (step.kind === 'done') return;
      run = step.run;
    }
  } catch (error) {
    if (error instanceof JobCancelled) return; // whoever ended it recorded the outcome and removed the staging
    // Shutting down: the runner releases the job and the next run resumes from the recorded progress.
    if (job.signal.aborted) throw error;
    const permanent = error instanceof PermanentJobError || isRequestRefused(error);
    if (!permanent && job.attempt < job.maxAttempts) throw error; // retried with backoff; staging and progress kept
    const message = error instanceof Error ? error.message : String(error);
    await app.db.tenant(clientId, async (tx) => {
      await lockEmbeddingModel(app, tx, clientId);
      const open = await readReembedRun(app, tx, clientId, job.id);
      if (open) await endReembed(app, tx, clientId, job.id, { state: 'failed', chunksDone: open.chunksDone, chunksTotal: open.chunksTotal, message });
    });
    await publishReembedJob(app, clientId, job.id);
    throw error instanceof PermanentJobError ? error : new PermanentJobError(message);
  }
}

type PageRow = { id: number; content: string; metadata: DocumentMetadata; sourceId: string | null };

/** Stages one embedded page and records the progress, in one transaction. */
async function stagePage(app: AppContext, clientId: string, jobId: string, run: ReembedPayload, page: PageRow[], vectors: number[][]): Promise<Step> {
  const { documents } = app.db.t;
  return app.db.tenant(clientId, async (tx) => {
    await lockEmbeddingModel(app, tx, clientId);
    const now = await readReembedRun(app, tx, clientId, jobId);
    if (!now) return { kind: 'gone' };
    if (now.generation !== run.generation) return { kind: 'continue', run: now }; // retargeted: this page was for the older model
    const ids = page.map((row) => row.id);
    const stored = await tx
      .select({ id: documents.id })
      .from(documents)
      .where(and(eq(documents.clientId, clientId), inArray(documents.id, ids)));
    const alive = new Set(stored.map((row) => row.id));
    const rows = page.flatMap((row, index) =>
      alive.has(row.id)
        ? [
            {
              clientId,
              sourceId: newStagingId(row.sourceId!, jobId),
              content: row.content,
              metadata: row.metadata,
              embedding: vectors[index]!,
              embeddingModel: run.embeddingModel,
              // Set when promoted: the HNSW indexes are partial on it (see writeChunks).
              embeddingDimensions: null,
            },
          ]
        : [],
    );
    if (rows.length > 0) await tx.insert(documents).values(rows);
    const afterId = ids[ids.length - 1]!;
    const chunksDone = now.chunksDone + rows.length;
    const next: ReembedPayload = { ...now, afterId, chunksDone, chunksTotal: chunksDone + (await countStale(app, tx, clientId, now, afterId)) };
    await writeReembedPayload(app, tx, clientId, jobId, next);
    return { kind: 'continue', run: next };
  });
}

/**
 * Every stale chunk has its staged copy: in one transaction they replace the stale chunks, source
 * by source, and the model switches. If some stale chunk has none (written by something that does
 * not take the lock), the run starts over once.
 */
async function finish(app: AppContext, clientId: string, jobId: string, run: ReembedPayload, mayRestart: boolean): Promise<Step> {
  const { documents } = app.db.t;
  const prefix = reembedStagingPrefix(jobId);
  return app.db.tenant(clientId, async (tx) => {
    await lockEmbeddingModel(app, tx, clientId);
    const now = await readReembedRun(app, tx, clientId, jobId);
    if (!now) return { kind: 'gone' };
    if (now.generation !== run.generation) return { kind: 'continue', run: now };
    const n = sql<number>`count(*)`.mapWith(Number);
    const stale = await tx
      .select({ sourceId: documents.sourceId, n })
      .from(documents)
      .where(staleChunks(app, clientId, now))
      .groupBy(documents.sourceId);
    const staged = await tx
      .select({ stagingId: documents.sourceId, n })
      .from(documents)
      .where(and(eq(documents.clientId, clientId), like(documents.sourceId, `${prefix}%`)))
      .groupBy(documents.sourceId);
    const stagedFor = new Map(staged.map((row) => [row.stagingId!.slice(prefix.length), row.n]));
    if (stale.some((row) => stagedFor.get(row.sourceId!) !== row.n)) {
      if (!mayRestart) throw new Error('chunks keep changing outside the knowledge base while it is re-embedded');
      app.log.warn({ clientId, jobId }, 'knowledge base re-embedding: stale chunks without a staged copy; starting over');
      await discardReembedStaging(app, tx, clientId, jobId);
      const restart: ReembedPayload = { ...now, afterId: 0, chunksDone: 0, chunksTotal: await countStale(app, tx, clientId, now, 0) };
      await writeReembedPayload(app, tx, clientId, jobId, restart);
      return { kind: 'continue', run: restart };
    }
    for (const { sourceId } of stale) {
      await tx.delete(documents).where(and(staleChunks(app, clientId, now), eq(documents.sourceId, sourceId!)));
      await tx
        .update(documents)
        .set({ sourceId, embeddingDimensions: now.vectorSize })
        .where(and(eq(documents.clientId, clientId), eq(documents.sourceId, newStagingId(sourceId!, jobId))));
    }
    const settings = await readKnowledgeSettings(app.db, clientId, tx);
    await writeKnowledgeSettings(app.db, clientId, { ...settings, embeddingModel: now.embeddingModel, embeddingDimensions: now.embeddingDimensions }, tx);
    // Staged copies of sources that changed meanwhile (none are expected) go with the ending.
    await endReembed(app, tx, clientId, jobId, { state: 'done', chunksDone: now.chunksDone, chunksTotal: now.chunksDone });
    return { kind: 'done' };
  });
}
