// The knowledge base's long-running work (an upload's embedding, a re-embedding after a model
// change), one job each, held in memory by the server that runs it: progress (chunks done /
// total) is read with knowledgeBase.job or followed live (knowledgeBase.jobProgress, and the
// `knowledge.job` live event), and a job can be cancelled. A job that dies with the process
// leaves only staged chunks, which start-up removes: the stored knowledge is never half-changed.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../app/appContext.js';
import { perApp } from '../../../app/perApp.js';

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
  chunksTotal: number;
  /** Why it failed or was cancelled. */
  message: string | null;
  /** An upload identical to what is stored finished without embedding anything. */
  unchanged: boolean;
  startedAt: string;
  finishedAt: string | null;
};

export const KNOWLEDGE_JOB_EVENT = 'knowledge.job';

type Job = { view: JobView; controller: AbortController; done: Promise<void> };

export class JobCancelled extends Error {
  override name = 'JobCancelled';
}

export const ingestionJobs = perApp((app: AppContext) => {
  const jobs = new Map<string, Job>();
  const listeners = new Set<(view: JobView) => void>();
  const KEEP_FINISHED_MS = 60 * 60 * 1000;

  const publish = (job: Job) => {
    const view = { ...job.view };
    app.events.publish(view.clientId, KNOWLEDGE_JOB_EVENT, view);
    for (const listener of listeners) listener(view);
  };

  const prune = () => {
    const cutoff = Date.now() - KEEP_FINISHED_MS;
    for (const [id, job] of jobs) {
      if (job.view.finishedAt && Date.parse(job.view.finishedAt) < cutoff) jobs.delete(id);
    }
  };

  return {
    /** Starts `work` in the background; it reports progress through the handle and stops when `signal` aborts. */
    start(input: { clientId: string; kind: JobKind; sourceId?: string | null; fileName?: string | null; chunksTotal: number },
      work: (handle: JobHandle) => Promise<{ unchanged?: boolean } | void>): JobView {
      prune();
      const controller = new AbortController();
      const view: JobView = {
        id: randomUUID(), clientId: input.clientId, kind: input.kind, sourceId: input.sourceId ?? null, fileName: input.fileName ?? null,
        state: 'running', chunksDone: 0, chunksTotal: input.chunksTotal, message: null, unchanged: false,
        startedAt: new Date().toISOString(), finishedAt: null,
      };
      const job: Job = { view, controller, done: Promise.resolve() };
      jobs.set(view.id, job);
      const handle: JobHandle = {
        id: view.id,
        signal: controller.signal,
        progress(done, total) {
          view.chunksDone = done;
          if (total !== undefined) view.chunksTotal = total;
          publish(job);
        },
        throwIfCancelled() {
          if (controller.signal.aborted) throw new JobCancelled(String(controller.signal.reason ?? 'cancelled'));
        },
      };
      publish(job);
      job.done = (async () => {
        try {
          const result = await work(handle);
          handle.throwIfCancelled();
          view.state = 'done';
          view.unchanged = Boolean(result && result.unchanged);
          view.chunksDone = view.chunksTotal;
        } catch (error) {
          const cancelled = controller.signal.aborted || error instanceof JobCancelled;
          view.state = cancelled ? 'cancelled' : 'failed';
          view.message = cancelled ? String(controller.signal.reason ?? 'cancelled') : (error as Error).message;
          if (!cancelled) app.log.warn({ err: error, jobId: view.id, clientId: view.clientId }, 'knowledge base job failed');
        } finally {
          view.finishedAt = new Date().toISOString();
          publish(job);
        }
      })();
      return { ...view };
    },

    get(clientId: string, jobId: string): JobView | null {
      const job = jobs.get(jobId);
      return job && job.view.clientId === clientId ? { ...job.view } : null;
    },

    list(clientId: string): JobView[] {
      prune();
      return [...jobs.values()].filter((job) => job.view.clientId === clientId).map((job) => ({ ...job.view }))
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    },

    running(clientId: string, filter: (view: JobView) => boolean = () => true): JobView[] {
      return [...jobs.values()].filter((job) => job.view.clientId === clientId && job.view.state === 'running' && filter(job.view))
        .map((job) => ({ ...job.view }));
    },

    /** Asks a running job to stop; resolves when it has cleaned up. False when there is no such running job. */
    async cancel(clientId: string, jobId: string, reason = 'cancelled by the user'): Promise<boolean> {
      const job = jobs.get(jobId);
      if (!job || job.view.clientId !== clientId || job.view.state !== 'running') return false;
      job.controller.abort(reason);
      await job.done;
      return true;
    },

    /** Resolves when the job has finished (tests, shutdown). */
    async settled(jobId: string): Promise<JobView | null> {
      const job = jobs.get(jobId);
      if (!job) return null;
      await job.done;
      return { ...job.view };
    },

    subscribe(listener: (view: JobView) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** Shutdown: every running job is cancelled and awaited, so nothing writes after the database closes. */
    async stopAll(): Promise<void> {
      const running = [...jobs.values()].filter((job) => job.view.state === 'running');
      for (const job of running) job.controller.abort('the server is shutting down');
      await Promise.all(running.map((job) => job.done));
    },
  };
});

export type JobHandle = {
  id: string;
  signal: AbortSignal;
  progress(done: number, total?: number): void;
  throwIfCancelled(): void;
};
