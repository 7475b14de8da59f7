// The `knowledge.ingest` job: reads an upload's stored bytes (in a worker, see parseDocumentInWorker),
// chunks it, embeds the chunks into staging and promotes them in one transaction that also ends the
// ingestion (see uploadJobs.ts). It runs on any instance, and again after a crash or a shutdown
// (the runner re-claims it when its lease runs out, or at once when the shutdown released it):
// the chunks an earlier run already staged are kept and only the missing positions are embedded,
// and whatever happens, a source is replaced once, by all its chunks, or not at all.
// It embeds with the model a re-embedding under way is moving to (else the settings'), and promotes
// only chunks of the model still current when it promotes (checked under lockEmbeddingModel);
// otherwise it embeds again, so no upload brings back a model the knowledge base is leaving.
// Failures: an unreadable file or a request the embeddings model refuses will not get better, so
// the job ends at once (dead letter, with the reason the desktop shows); anything else (provider
// 5xx, timeouts, the network) is retried with the runner's backoff, staged chunks kept.
import { and, eq } from 'drizzle-orm';
import { TRPCError } from '@trpc/server';
import type { AppContext } from '#server/app/appContext.js';
import { PermanentJobError, type RunningJob } from '#server/jobs/index.js';
import { GatewayError } from '#server/features/gateway/index.js';
import { chunkDocument, DEFAULT_CHUNKING } from '../chunking/chunkDocument.js';
import { parseDocumentInWorker } from '../parsing/parseDocumentInWorker.js';
import { readMetadata, toJson, type ChunkMetadata } from '../store/chunkMetadata.js';
import { discardStaging, promoteStagingInTx } from '../store/promoteStaging.js';
import { newStagingId } from '../store/sourceIds.js';
import { embedIntoStaging, type StagedChunk } from './embedIntoStaging.js';
import { JobCancelled, type JobHandle } from './jobView.js';
import { lockEmbeddingModel, readEmbeddingTarget, type EmbeddingTarget } from './reembedJobs.js';
import { endIngestion, INGEST_JOB, publishUploadJob, type IngestPayload } from './uploadJobs.js';

export const MAX_CHUNKS_PER_SOURCE = 20_000;

/** Retries: about 2 s, 4 s, 8 s, 16 s (with jitter), then the dead letter. */
export const INGEST_JOB_OPTIONS = { maxAttempts: 5, backoffMs: 2_000, backoffMaxMs: 5 * 60_000 };

export function registerIngestJob(app: AppContext): void {
  app.jobs.register(INGEST_JOB, (job) => ingestUpload(app, job), INGEST_JOB_OPTIONS);
}

/** The ingestion ended elsewhere (cancelled, or finished by an earlier run): this run stops. */
class IngestionGone extends JobCancelled {}

/** The model to embed with changed (a re-embedding started, was retargeted or ended): embed again with it. */
class ModelChanged extends Error {
  constructor(readonly target: EmbeddingTarget) {
    super('the embedding model changed');
  }
}

/** Whether chunks embedded for `then` (of `vectorSize`, when known) are of the model `now` asks for. */
function sameTarget(now: EmbeddingTarget, then: EmbeddingTarget, vectorSize?: number): boolean {
  const size = vectorSize ?? then.vectorSize;
  return now.model === then.model && now.dimensions === then.dimensions && (now.vectorSize === null || size === null || now.vectorSize === size);
}

async function ingestUpload(app: AppContext, job: RunningJob): Promise<void> {
  const clientId = job.clientId;
  const payload = job.payload as unknown as IngestPayload;
  if (!clientId) throw new PermanentJobError('a knowledge.ingest job needs a client');
  const { knowledgeUploads, documents } = app.db.t;
  const [upload] = await app.db.tenant(clientId, (tx) =>
    tx
      .select()
      .from(knowledgeUploads)
      .where(and(eq(knowledgeUploads.clientId, clientId), eq(knowledgeUploads.jobId, job.id))),
  );
  if (!upload) return; // cancelled before it ran, or an earlier run ended it: nothing to do, exactly once
  const { sourceId, fileName } = upload;
  const stagingId = newStagingId(sourceId, job.id);
  let chunksDone = upload.chunksDone;
  let chunksTotal = upload.chunksTotal;

  // The model of a re-embedding under way, else the settings' (re-checked at each checkpoint and,
  // under the lock, when promoting).
  let target = await app.db.tenant(clientId, (tx) => readEmbeddingTarget(app, tx, clientId));

  // Checkpoint: records progress, and finds out whether someone ended the ingestion or changed the model meanwhile.
  let gone = false;
  let changedTo: EmbeddingTarget | null = null;
  const handle: JobHandle = {
    id: job.id,
    signal: job.signal,
    async progress(done, total) {
      chunksDone = done;
      if (total !== undefined) chunksTotal = total;
      const { updated, now } = await app.db.tenant(clientId, async (tx) => ({
        updated: await tx
          .update(knowledgeUploads)
          .set({ chunksDone, chunksTotal })
          .where(and(eq(knowledgeUploads.clientId, clientId), eq(knowledgeUploads.jobId, job.id)))
          .returning({ id: knowledgeUploads.id }),
        now: await readEmbeddingTarget(app, tx, clientId),
      }));
      gone = updated.length === 0;
      changedTo = sameTarget(now, target) ? null : now;
      if (!gone) await publishUploadJob(app, clientId, job.id);
    },
    throwIfCancelled() {
      if (gone) throw new IngestionGone('the ingestion was cancelled');
      if (changedTo) throw new ModelChanged(changedTo);
    },
  };

  try {
    if (await isUnchanged(app, clientId, payload, target.model)) {
      await app.db.tenant(clientId, (tx) => endIngestion(app, tx, clientId, job.id, { state: 'done', chunksDone: 0, chunksTotal: 0, unchanged: true }));
      await publishUploadJob(app, clientId, job.id);
      return;
    }

    const { format, document } = await parseDocumentInWorker(fileName, upload.bytes).catch((error: unknown) => {
      // The parsers' reasons are addressed to the uploader ("scan.pdf: the PDF has no text layer").
      if (error instanceof TRPCError) throw new PermanentJobError(error.message.replace(`${fileName}: `, ''));
      throw error;
    });
    const chunks = chunkDocument(document, DEFAULT_CHUNKING);
    if (chunks.length > MAX_CHUNKS_PER_SOURCE) {
      throw new PermanentJobError(`${chunks.length} chunks is more than the ${MAX_CHUNKS_PER_SOURCE} allowed for one file; split it`);
    }

    // Rounds: the model changed between embedding and promoting (a re-embedding started, was
    // retargeted, ended or was cancelled): embed again with the model now current.
    for (let round = 1; ; round++) {
      let dimensions: number;
      try {
        // What an earlier run of this job staged (each batch is written in one statement, so whole
        // batches): kept, unless it does not fit this reading of the file or the model.
        const staged = await app.db.tenant(clientId, (tx) =>
          tx
            .select({ metadata: documents.metadata, model: documents.embeddingModel })
            .from(documents)
            .where(and(eq(documents.clientId, clientId), eq(documents.sourceId, stagingId))),
        );
        const stagedPositions = new Set(staged.map((row) => readMetadata(row.metadata).position));
        const stagedSize = staged.length > 0 ? await stagedDimensions(app, clientId, stagingId) : undefined;
        const reusable =
          stagedPositions.size === staged.length &&
          [...stagedPositions].every((p) => p !== undefined && p >= 0 && p < chunks.length) &&
          staged.every((row) => row.model === target.model) &&
          (target.vectorSize === null || stagedSize === undefined || stagedSize === target.vectorSize);
        if (!reusable) {
          await discardStaging(app.db, clientId, [stagingId]);
          stagedPositions.clear();
        }
        await handle.progress(stagedPositions.size, chunks.length);
        handle.throwIfCancelled();

        const missing: StagedChunk[] = chunks
          .filter((chunk) => !stagedPositions.has(chunk.position))
          .map((chunk) => {
            const metadata: ChunkMetadata = {
              sourceFile: fileName,
              sourceFormat: format,
              title: chunk.headingPath.length ? chunk.headingPath.join(' › ') : document.title,
              documentTitle: document.title,
              headingPath: chunk.headingPath,
              position: chunk.position,
              chunkCount: chunks.length,
              pages: chunk.pages,
              rows: chunk.rows,
              tags: payload.tags,
              contentHash: payload.contentHash,
              sizeBytes: upload.sizeBytes,
              uploadedAt: payload.uploadedAt,
              uploadedBy: payload.uploadedBy,
            };
            return { content: chunk.content, metadata: toJson(metadata), stagingId };
          });
        ({ dimensions } = await embedIntoStaging(app, {
          clientId,
          model: target.model,
          dimensions: target.dimensions,
          chunks: missing,
          handle,
          doneBefore: stagedPositions.size,
          // A re-embedding's vector size, or (a resumed run) the size already staged.
          expectDimensions: target.vectorSize ?? (stagedPositions.size > 0 ? stagedSize : undefined),
        }));
        handle.throwIfCancelled();
      } catch (error) {
        // Embedding for a model that is no longer current would be wasted: start again with the new one.
        if (!(error instanceof ModelChanged)) throw error;
        if (round >= 3) throw new Error('the embedding model keeps changing; the upload is tried again later', { cause: error });
        target = error.target;
        changedTo = null;
        continue;
      }
      const embeddedFor = target;
      const changed = await app.db.tenant(clientId, async (tx) => {
        // Under the lock that model changes take: these chunks are of the model now current.
        await lockEmbeddingModel(app, tx, clientId);
        const now = await readEmbeddingTarget(app, tx, clientId);
        if (!sameTarget(now, embeddedFor, dimensions)) return now;
        await promoteStagingInTx(app.db, tx, clientId, [{ stagingId, sourceId, chunks: chunks.length, dimensions }]);
        // A re-embedding under way has nothing left to do for this source: its copies of the old version go.
        if (now.reembedJobId) {
          await tx.delete(documents).where(and(eq(documents.clientId, clientId), eq(documents.sourceId, newStagingId(sourceId, now.reembedJobId))));
        }
        const outcome = { state: 'done' as const, chunksDone: chunks.length, chunksTotal: chunks.length };
        if (!(await endIngestion(app, tx, clientId, job.id, outcome))) throw new IngestionGone('the ingestion was cancelled');
        return null;
      });
      if (!changed) break;
      if (round >= 3) throw new Error('the embedding model keeps changing; the upload is tried again later');
      target = changed;
      changedTo = null;
    }
    await publishUploadJob(app, clientId, job.id);
  } catch (error) {
    if (error instanceof JobCancelled) {
      await discardStaging(app.db, clientId, [stagingId]);
      return; // whoever cancelled recorded the outcome
    }
    // Shutting down: the runner releases the job and the next run resumes from the staged chunks.
    if (job.signal.aborted) throw error;
    const permanent = error instanceof PermanentJobError || isRequestRefused(error);
    if (!permanent && job.attempt < job.maxAttempts) {
      await publishUploadJob(app, clientId, job.id);
      throw error; // retried with backoff; staged chunks kept for the next attempt
    }
    const message = error instanceof Error ? error.message : String(error);
    const ended = await app.db.tenant(clientId, (tx) => endIngestion(app, tx, clientId, job.id, { state: 'failed', chunksDone, chunksTotal, message }));
    await discardStaging(app.db, clientId, [stagingId]);
    if (!ended) return; // cancelled meanwhile: the cancel is the outcome
    await publishUploadJob(app, clientId, job.id);
    throw error instanceof PermanentJobError ? error : new PermanentJobError(message);
  }
}

/** The embeddings model refused the request itself, or the budget is spent: retrying soon will not help. */
export function isRequestRefused(error: unknown): boolean {
  return error instanceof GatewayError && ['bad_request', 'unknown_model', 'budget_exceeded', 'budget_paused'].includes(error.kind);
}

/** The same bytes, tags, name and model as the stored version: nothing to embed. */
async function isUnchanged(app: AppContext, clientId: string, payload: IngestPayload, model: string): Promise<boolean> {
  const { documents } = app.db.t;
  const [row] = await app.db.tenant(clientId, (tx) =>
    tx
      .select({ metadata: documents.metadata, model: documents.embeddingModel })
      .from(documents)
      .where(and(eq(documents.clientId, clientId), eq(documents.sourceId, payload.sourceId)))
      .limit(1),
  );
  if (!row) return false;
  const stored = readMetadata(row.metadata);
  return (
    stored.contentHash === payload.contentHash &&
    row.model === model &&
    JSON.stringify(stored.tags ?? []) === JSON.stringify(payload.tags) &&
    stored.sourceFile === payload.fileName
  );
}

async function stagedDimensions(app: AppContext, clientId: string, stagingId: string): Promise<number | undefined> {
  const { documents } = app.db.t;
  const [row] = await app.db.tenant(clientId, (tx) =>
    tx
      .select({ embedding: documents.embedding })
      .from(documents)
      .where(and(eq(documents.clientId, clientId), eq(documents.sourceId, stagingId)))
      .limit(1),
  );
  return row?.embedding?.length || undefined;
}
