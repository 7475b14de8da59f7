// Re-embeddings as durable jobs (`knowledge.reembed` on the job runner, run by reembedKnowledge.ts):
// what one is made of and how any instance reads, lists, retargets and ends one.
// - The `jobs` row: its payload holds the target (model, size asked, vector size) and the
//   progress (the id the staging has reached, chunks done / total), so any instance shows it and a
//   new run resumes from it. Its dedupe key, one per client, is held while the re-embedding is
//   open: a second model change finds the open job and retargets it (one job, the latest model).
// - The outcome, an execution_logs row (node "knowledge_reembed"), written by the transaction that
//   ends the re-embedding (promotion, cancel, failure), which also clears the dedupe key.
// What the client's chunks must be embedded with (the open re-embedding's model, else the
// settings') is read and changed only under `lockEmbeddingModel`, so an upload never promotes
// chunks of a model the knowledge base is leaving.
import { and, count, desc, eq, gt, inArray, isNotNull, isNull, like, ne, notLike, or, type SQL } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { lockKeyForTransaction } from '#server/db/dialect.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { Tx } from '#server/db/tables.js';
import { readKnowledgeSettings } from '../settings/knowledgeSettings.js';
import { STAGING_PREFIX } from '../store/sourceIds.js';
import { KNOWLEDGE_JOB_EVENT, type JobState, type JobView } from './jobView.js';
import type { Outcome } from './uploadJobs.js';

export const REEMBED_JOB = 'knowledge.reembed';
const OUTCOME_NODE = 'knowledge_reembed';

/** The dedupe (and ordering) key of the client's re-embedding: one open job per client. */
export const reembedKey = (clientId: string) => `${REEMBED_JOB}:${clientId}`;

/** Staging ids of a re-embedding all start with this (one per source: newStagingId(sourceId, jobId)). */
export const reembedStagingPrefix = (jobId: string) => `${STAGING_PREFIX}${jobId}:`;

export type ReembedPayload = {
  /** The model to embed with (the gateway's identifier) and the vector size asked of it. */
  embeddingModel: string;
  embeddingDimensions: number | null;
  /** The size of the vectors the model answered the probe with: every new chunk has it. */
  vectorSize: number;
  /** Bumped by each model change while the job is open: a run embedding for an older one starts over. */
  generation: number;
  /** Every stale chunk with an id up to this one has its re-embedded copy staged. */
  afterId: number;
  chunksDone: number;
  chunksTotal: number;
};

/** What new chunks of the client are embedded with now. */
export type EmbeddingTarget = { model: string; dimensions: number | null; vectorSize: number | null; reembedJobId: string | null };

/**
 * Transactions that read the target and act on it, or change it, take turns (PostgreSQL: an
 * advisory lock; SQLite is serial). Taken first in the transaction, before any row lock.
 */
export function lockEmbeddingModel(app: AppContext, tx: Tx, clientId: string): Promise<void> {
  return lockKeyForTransaction(app.db, tx, `knowledge.model:${clientId}`);
}

/** The client's open re-embedding (queued or running, its key held), or null. */
export async function readOpenReembed(app: AppContext, tx: Tx, clientId: string): Promise<{ id: string; payload: ReembedPayload } | null> {
  const { jobs } = app.db.t;
  const [row] = await tx
    .select({ id: jobs.id, payload: jobs.payload })
    .from(jobs)
    .where(and(eq(jobs.clientId, clientId), eq(jobs.type, REEMBED_JOB), eq(jobs.dedupeKey, reembedKey(clientId)), inArray(jobs.status, ['queued', 'running'])))
    .limit(1);
  return row ? { id: row.id, payload: row.payload as unknown as ReembedPayload } : null;
}

/** The open re-embedding's model, else the settings' (call under lockEmbeddingModel to act on it). */
export async function readEmbeddingTarget(app: AppContext, tx: Tx, clientId: string): Promise<EmbeddingTarget> {
  const open = await readOpenReembed(app, tx, clientId);
  if (open) {
    const { embeddingModel, embeddingDimensions, vectorSize } = open.payload;
    return { model: embeddingModel, dimensions: embeddingDimensions, vectorSize, reembedJobId: open.id };
  }
  const settings = await readKnowledgeSettings(app.db, clientId, tx);
  return { model: settings.embeddingModel, dimensions: settings.embeddingDimensions, vectorSize: null, reembedJobId: null };
}

/** The job's payload while it is open; null once something ended it (a cancel). */
export async function readReembedRun(app: AppContext, tx: Tx, clientId: string, jobId: string): Promise<ReembedPayload | null> {
  const { jobs } = app.db.t;
  const [row] = await tx
    .select({ payload: jobs.payload, dedupeKey: jobs.dedupeKey })
    .from(jobs)
    .where(and(eq(jobs.id, jobId), eq(jobs.clientId, clientId), eq(jobs.type, REEMBED_JOB)));
  return row?.dedupeKey ? (row.payload as unknown as ReembedPayload) : null;
}

export async function writeReembedPayload(app: AppContext, tx: Tx, clientId: string, jobId: string, payload: ReembedPayload): Promise<void> {
  const { jobs } = app.db.t;
  await tx
    .update(jobs)
    .set({ payload: payload as unknown as JsonObject })
    .where(and(eq(jobs.id, jobId), eq(jobs.clientId, clientId)));
}

/**
 * The client's stored chunks (not staged ones) that are not of the target's model and vector size:
 * what a re-embedding embeds again (chunks stored without a vector included).
 */
export function staleChunks(app: AppContext, clientId: string, target: Pick<ReembedPayload, 'embeddingModel' | 'vectorSize'>): SQL {
  const { documents } = app.db.t;
  return and(
    eq(documents.clientId, clientId),
    isNotNull(documents.sourceId),
    notLike(documents.sourceId, `${STAGING_PREFIX}%`),
    or(
      isNull(documents.embeddingModel),
      ne(documents.embeddingModel, target.embeddingModel),
      isNull(documents.embeddingDimensions),
      ne(documents.embeddingDimensions, target.vectorSize),
    ),
  )!;
}

/** How many stale chunks have an id above `afterId` (what is left to do). */
export async function countStale(
  app: AppContext,
  tx: Tx,
  clientId: string,
  target: Pick<ReembedPayload, 'embeddingModel' | 'vectorSize'>,
  afterId: number,
): Promise<number> {
  const { documents } = app.db.t;
  const [row] = await tx
    .select({ n: count() })
    .from(documents)
    .where(and(staleChunks(app, clientId, target), gt(documents.id, afterId)));
  return Number(row?.n ?? 0);
}

/** Removes every chunk a re-embedding staged. */
export async function discardReembedStaging(app: AppContext, tx: Tx, clientId: string, jobId: string): Promise<void> {
  const { documents } = app.db.t;
  // The prefix is 'staging:' and a uuid: no LIKE wildcards in it.
  await tx.delete(documents).where(and(eq(documents.clientId, clientId), like(documents.sourceId, `${reembedStagingPrefix(jobId)}%`)));
}

/**
 * Ends an open re-embedding in the caller's transaction (under lockEmbeddingModel): releases its
 * key, records the outcome and removes what it staged, only if it is still open (whoever ends it
 * does so exactly once). False when it had already ended.
 */
export async function endReembed(app: AppContext, tx: Tx, clientId: string, jobId: string, outcome: Outcome): Promise<boolean> {
  const { jobs, executionLogs } = app.db.t;
  const payload = await readReembedRun(app, tx, clientId, jobId);
  if (!payload) return false;
  const final: ReembedPayload = { ...payload, chunksDone: outcome.chunksDone, chunksTotal: outcome.chunksTotal };
  const [ended] = await tx
    .update(jobs)
    .set({ dedupeKey: null, payload: final as unknown as JsonObject })
    .where(and(eq(jobs.id, jobId), eq(jobs.clientId, clientId)))
    .returning({ createdAt: jobs.createdAt });
  await tx.insert(executionLogs).values({
    clientId,
    executionId: jobId,
    nodeName: OUTCOME_NODE,
    status: outcome.state,
    inputData: { embeddingModel: payload.embeddingModel, embeddingDimensions: payload.embeddingDimensions },
    outputData: { chunksDone: outcome.chunksDone, chunksTotal: outcome.chunksTotal },
    errorDetails: outcome.message ? { message: outcome.message } : null,
    durationMs: Math.max(0, Date.now() - ended!.createdAt.getTime()),
  });
  await discardReembedStaging(app, tx, clientId, jobId);
  return true;
}

/** Cancels the client's open re-embedding `jobId`: the old model stays. False when it is not open. */
export async function cancelReembed(app: AppContext, clientId: string, jobId: string, reason: string): Promise<boolean> {
  return app.db.tenant(clientId, async (tx) => {
    await lockEmbeddingModel(app, tx, clientId);
    const payload = await readReembedRun(app, tx, clientId, jobId);
    if (!payload) return false;
    return endReembed(app, tx, clientId, jobId, { state: 'cancelled', chunksDone: payload.chunksDone, chunksTotal: payload.chunksTotal, message: reason });
  });
}

type JobRow = {
  id: string;
  clientId: string | null;
  payload: unknown;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
};
type OutcomeRow = { executionId: string; status: string; errorDetails: unknown; createdAt: Date };

function toView(job: JobRow, outcome: OutcomeRow | undefined): JobView {
  const payload = job.payload as ReembedPayload;
  const view: JobView = {
    id: job.id,
    clientId: job.clientId!,
    kind: 'reembed',
    sourceId: null,
    fileName: null,
    state: 'running',
    chunksDone: payload.chunksDone ?? 0,
    chunksTotal: payload.chunksTotal ?? 0,
    // While running: the error a retry waits out (an embeddings provider down).
    message: job.attempts > 0 && job.status === 'queued' ? job.lastError : null,
    unchanged: false,
    startedAt: job.createdAt.toISOString(),
    finishedAt: null,
  };
  if (outcome) {
    return {
      ...view,
      state: outcome.status as JobState,
      message: ((outcome.errorDetails ?? null) as { message?: string } | null)?.message ?? null,
      finishedAt: (job.finishedAt ?? outcome.createdAt).toISOString(),
    };
  }
  // Dead without an outcome: its runner died on the last attempt (the runner wrote why).
  if (job.status === 'dead') return { ...view, state: 'failed', message: job.lastError, finishedAt: job.finishedAt?.toISOString() ?? null };
  if (job.status === 'done') return { ...view, state: 'done', finishedAt: job.finishedAt?.toISOString() ?? null };
  return view;
}

async function readViews(app: AppContext, clientId: string, where: SQL | undefined, limit: number): Promise<JobView[]> {
  const { jobs, executionLogs } = app.db.t;
  return app.db.tenant(clientId, async (tx) => {
    const rows = await tx
      .select({
        id: jobs.id,
        clientId: jobs.clientId,
        payload: jobs.payload,
        status: jobs.status,
        attempts: jobs.attempts,
        lastError: jobs.lastError,
        createdAt: jobs.createdAt,
        finishedAt: jobs.finishedAt,
      })
      .from(jobs)
      .where(and(eq(jobs.clientId, clientId), eq(jobs.type, REEMBED_JOB), where))
      .orderBy(desc(jobs.createdAt))
      .limit(limit);
    if (rows.length === 0) return [];
    const outcomes = await tx
      .select({
        executionId: executionLogs.executionId,
        status: executionLogs.status,
        errorDetails: executionLogs.errorDetails,
        createdAt: executionLogs.createdAt,
      })
      .from(executionLogs)
      .where(
        and(
          eq(executionLogs.clientId, clientId),
          eq(executionLogs.nodeName, OUTCOME_NODE),
          inArray(
            executionLogs.executionId,
            rows.map((row) => row.id),
          ),
        ),
      );
    return rows.map((row) =>
      toView(
        row,
        outcomes.find((outcome) => outcome.executionId === row.id),
      ),
    );
  });
}

/** One re-embedding job of the client, or null (another client's job is not found either). */
export async function readReembedJob(app: AppContext, clientId: string, jobId: string): Promise<JobView | null> {
  return (await readViews(app, clientId, eq(app.db.t.jobs.id, jobId), 1))[0] ?? null;
}

/** The client's latest re-embeddings, newest first (finished ones until the runner's clean-up). */
export function listReembedJobs(app: AppContext, clientId: string, limit = 5): Promise<JobView[]> {
  return readViews(app, clientId, undefined, limit);
}

/** Tells the client's live subscribers (any instance) that the job changed. */
export async function publishReembedJob(app: AppContext, clientId: string, jobId: string): Promise<void> {
  const view = await readReembedJob(app, clientId, jobId);
  if (view) app.events.publish(clientId, KNOWLEDGE_JOB_EVENT, view);
}
