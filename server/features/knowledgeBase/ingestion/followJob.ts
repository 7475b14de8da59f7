// A job's progress as an async stream (the tRPC subscription): its current state, then each
// change, ending when it finishes or the subscriber goes away. Changes are announced by the
// `knowledge.job` live event, from whichever instance runs the job (PostgreSQL relays events
// between instances); each announcement is answered by reading the job again, and a slow re-read
// also covers announcements that never come (a job waiting in the queue or for a retry, a lost
// notification).
import type { AppContext } from '#server/app/appContext.js';
import { KNOWLEDGE_JOB_EVENT, type JobView } from './jobView.js';
import { readReembedJob } from './reembedJobs.js';
import { readUploadJob } from './uploadJobs.js';

const REREAD_MS = 2_000;

/** An upload or a re-embedding of the client (both durable jobs), or null. */
export async function readJob(app: AppContext, clientId: string, jobId: string): Promise<JobView | null> {
  return (await readUploadJob(app, clientId, jobId)) ?? (await readReembedJob(app, clientId, jobId));
}

export async function* followJob(app: AppContext, clientId: string, first: JobView, signal?: AbortSignal): AsyncGenerator<JobView> {
  let changed = true;
  let wake: (() => void) | null = null;
  const unsubscribe = app.events.subscribe(clientId, (event) => {
    if (event.type !== KNOWLEDGE_JOB_EVENT || (event.payload as { id?: string } | null)?.id !== first.id) return;
    changed = true;
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  try {
    let last = first;
    yield last;
    while (last.state === 'running' && !signal?.aborted) {
      if (!changed) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, REREAD_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      wake = null;
      changed = false;
      if (signal?.aborted) break;
      const next = await readJob(app, clientId, first.id);
      if (!next) break; // cleaned up meanwhile
      if (next.chunksDone === last.chunksDone && next.state === last.state && next.chunksTotal === last.chunksTotal && next.message === last.message) continue;
      last = next;
      yield last;
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener('abort', onAbort);
  }
}
