// Uploads as durable jobs (`knowledge.ingest` on the job runner): what a job is made of and how any
// instance reads, lists and cancels one. Three rows tell an upload's state:
// - the `jobs` row: queued / running / done / dead, and the dead letter's reason;
// - the `knowledge_uploads` row while the ingestion is open: the bytes and the progress;
// - the outcome, an execution_logs row (node "knowledge_ingest") written in the transaction that
//   ends the ingestion (promotion, cancel, failure), together with deleting the upload row.
// A cancel is that ending transaction, done at once by whoever cancels: the running handler finds
// the upload row gone at its next checkpoint, removes its staged chunks and stops, and its
// promotion only happens if it deletes the row itself, so a cancelled upload never replaces the
// stored version.
import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import { KNOWLEDGE_JOB_EVENT, type JobState, type JobView } from './jobView.js';

export const INGEST_JOB = 'knowledge.ingest';
const OUTCOME_NODE = 'knowledge_ingest';

/** The job's payload: everything about the upload except its bytes (in knowledge_uploads). */
export type IngestPayload = {
  uploadId: string;
  sourceId: string;
  fileName: string;
  tags: string[];
  contentHash: string;
  uploadedAt: string;
  uploadedBy: string | null;
};

export type Outcome = { state: Exclude<JobState, 'running'>; chunksDone: number; chunksTotal: number; unchanged?: boolean; message?: string | null };

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
type UploadRow = { jobId: string; chunksDone: number; chunksTotal: number };
type OutcomeRow = { executionId: string; status: string; outputData: unknown; errorDetails: unknown; createdAt: Date };

function toView(job: JobRow, upload: UploadRow | undefined, outcome: OutcomeRow | undefined): JobView {
  const payload = job.payload as IngestPayload;
  const view: JobView = {
    id: job.id,
    clientId: job.clientId!,
    kind: 'upload',
    sourceId: payload.sourceId,
    fileName: payload.fileName,
    state: 'running',
    chunksDone: upload?.chunksDone ?? 0,
    chunksTotal: upload?.chunksTotal ?? 0,
    // While running: the error a retry waits out (an embeddings provider down), for whoever looks.
    message: job.attempts > 0 && job.status === 'queued' ? job.lastError : null,
    unchanged: false,
    startedAt: job.createdAt.toISOString(),
    finishedAt: null,
  };
  if (outcome) {
    const output = (outcome.outputData ?? {}) as { chunksDone?: number; chunksTotal?: number; unchanged?: boolean };
    return {
      ...view,
      state: outcome.status as JobState,
      chunksDone: output.chunksDone ?? 0,
      chunksTotal: output.chunksTotal ?? 0,
      unchanged: output.unchanged ?? false,
      message: ((outcome.errorDetails ?? null) as { message?: string } | null)?.message ?? null,
      finishedAt: (job.finishedAt ?? outcome.createdAt).toISOString(),
    };
  }
  // Dead without an outcome: its runner died on the last attempt (the runner wrote why).
  if (job.status === 'dead') return { ...view, state: 'failed', message: job.lastError, finishedAt: job.finishedAt?.toISOString() ?? null };
  if (job.status === 'done' && !upload) return { ...view, state: 'done', finishedAt: job.finishedAt?.toISOString() ?? null };
  return view;
}

async function readViews(app: AppContext, clientId: string, where: SQL | undefined, limit: number): Promise<JobView[]> {
  const { jobs, knowledgeUploads, executionLogs } = app.db.t;
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
      .where(and(eq(jobs.clientId, clientId), eq(jobs.type, INGEST_JOB), where))
      .orderBy(desc(jobs.createdAt))
      .limit(limit);
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const uploads = await tx
      .select({ jobId: knowledgeUploads.jobId, chunksDone: knowledgeUploads.chunksDone, chunksTotal: knowledgeUploads.chunksTotal })
      .from(knowledgeUploads)
      .where(and(eq(knowledgeUploads.clientId, clientId), inArray(knowledgeUploads.jobId, ids)));
    const outcomes = await tx
      .select({
        executionId: executionLogs.executionId,
        status: executionLogs.status,
        outputData: executionLogs.outputData,
        errorDetails: executionLogs.errorDetails,
        createdAt: executionLogs.createdAt,
      })
      .from(executionLogs)
      .where(and(eq(executionLogs.clientId, clientId), eq(executionLogs.nodeName, OUTCOME_NODE), inArray(executionLogs.executionId, ids)));
    return rows.map((row) =>
      toView(
        row,
        uploads.find((upload) => upload.jobId === row.id),
        outcomes.find((outcome) => outcome.executionId === row.id),
      ),
    );
  });
}

/** One upload job of the client, or null (another client's job is not found either). */
export async function readUploadJob(app: AppContext, clientId: string, jobId: string): Promise<JobView | null> {
  return (await readViews(app, clientId, eq(app.db.t.jobs.id, jobId), 1))[0] ?? null;
}

/** The client's latest upload jobs, newest first (finished ones until the runner's clean-up). */
export function listUploadJobs(app: AppContext, clientId: string, limit = 20): Promise<JobView[]> {
  return readViews(app, clientId, undefined, limit);
}

/** Tells the client's live subscribers (any instance) that the job changed; after the commit when inside one. */
export async function publishUploadJob(app: AppContext, clientId: string, jobId: string): Promise<void> {
  const view = await readUploadJob(app, clientId, jobId);
  if (view) app.events.publish(clientId, KNOWLEDGE_JOB_EVENT, view);
}

/**
 * Ends an open ingestion in the caller's transaction: deletes its upload row and records the
 * outcome, only if the row is still there (whoever deletes it ends the ingestion, exactly once).
 * False when it had already ended.
 */
export async function endIngestion(app: AppContext, tx: Tx, clientId: string, jobId: string, outcome: Outcome): Promise<boolean> {
  const { knowledgeUploads, executionLogs } = app.db.t;
  const [ended] = await tx
    .delete(knowledgeUploads)
    .where(and(eq(knowledgeUploads.clientId, clientId), eq(knowledgeUploads.jobId, jobId)))
    .returning({ sourceId: knowledgeUploads.sourceId, fileName: knowledgeUploads.fileName, createdAt: knowledgeUploads.createdAt });
  if (!ended) return false;
  await tx.insert(executionLogs).values({
    clientId,
    executionId: jobId,
    nodeName: OUTCOME_NODE,
    status: outcome.state,
    inputData: { sourceId: ended.sourceId, fileName: ended.fileName },
    outputData: { chunksDone: outcome.chunksDone, chunksTotal: outcome.chunksTotal, unchanged: outcome.unchanged ?? false },
    errorDetails: outcome.message ? { message: outcome.message } : null,
    durationMs: Math.max(0, Date.now() - ended.createdAt.getTime()),
  });
  return true;
}

/**
 * Cancels the client's open uploads matching `which` (one job, or every upload of a source) in the
 * caller's transaction; returns the cancelled job ids. Their handlers stop at their next checkpoint.
 */
export async function cancelUploads(
  app: AppContext,
  tx: Tx,
  clientId: string,
  which: { jobId: string } | { sourceId: string },
  reason: string,
): Promise<string[]> {
  const { knowledgeUploads } = app.db.t;
  const open = await tx
    .select({ jobId: knowledgeUploads.jobId, chunksDone: knowledgeUploads.chunksDone, chunksTotal: knowledgeUploads.chunksTotal })
    .from(knowledgeUploads)
    .where(
      and(eq(knowledgeUploads.clientId, clientId), 'jobId' in which ? eq(knowledgeUploads.jobId, which.jobId) : eq(knowledgeUploads.sourceId, which.sourceId)),
    );
  const cancelled: string[] = [];
  for (const upload of open) {
    const outcome: Outcome = { state: 'cancelled', chunksDone: upload.chunksDone, chunksTotal: upload.chunksTotal, message: reason };
    if (await endIngestion(app, tx, clientId, upload.jobId, outcome)) cancelled.push(upload.jobId);
  }
  return cancelled;
}
