// A job's progress as an async stream (the tRPC subscription): its current state, then each
// change, ending when it finishes or the subscriber goes away.
import type { AppContext } from '../../../app/appContext.js';
import { ingestionJobs, type JobView } from './ingestionJobs.js';

export async function* followJob(app: AppContext, clientId: string, first: JobView, signal?: AbortSignal): AsyncGenerator<JobView> {
  const jobs = ingestionJobs(app);
  const queue: JobView[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = jobs.subscribe((view) => {
    if (view.id !== first.id || view.clientId !== clientId) return;
    queue.push(view);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  try {
    // Re-read after subscribing: a change between the caller's read and the subscription is not lost.
    let last = jobs.get(clientId, first.id) ?? first;
    yield last;
    while (last.state === 'running' && !signal?.aborted) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      while (queue.length > 0) {
        const next = queue.shift()!;
        if (next.chunksDone === last.chunksDone && next.state === last.state && next.chunksTotal === last.chunksTotal) continue;
        last = next;
        yield last;
      }
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener('abort', onAbort);
  }
}
