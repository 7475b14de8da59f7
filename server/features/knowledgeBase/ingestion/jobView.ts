// What the desktop sees of a knowledge-base job (an upload's ingestion, a re-embedding), whichever
// machinery runs it: read with knowledgeBase.job / jobs, followed with knowledgeBase.jobProgress
// and the `knowledge.job` live event.
export type JobKind = 'upload' | 'reembed';
export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export type JobView = {
  id: string;
  clientId: string;
  kind: JobKind;
  sourceId: string | null;
  fileName: string | null;
  state: JobState;
  chunksDone: number;
  /** 0 while an upload waits to be read. */
  chunksTotal: number;
  /** Why it failed or was cancelled (while running: the error a retry is waiting out). */
  message: string | null;
  /** An upload identical to what is stored finished without embedding anything. */
  unchanged: boolean;
  startedAt: string;
  finishedAt: string | null;
};

export const KNOWLEDGE_JOB_EVENT = 'knowledge.job';

/** What the embedding loop reports to and asks of the job running it. */
export type JobHandle = {
  id: string;
  signal: AbortSignal;
  /** Records progress; a durable job also learns here whether it was cancelled meanwhile. */
  progress(done: number, total?: number): void | Promise<void>;
  /** Throws JobCancelled when the job was cancelled. */
  throwIfCancelled(): void;
};

export class JobCancelled extends Error {
  override name = 'JobCancelled';
}
