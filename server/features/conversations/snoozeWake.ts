// A snoozed conversation wakes at its time through the durable job runner (no polling): the snooze
// enqueues a `conversations.snooze.wake` job for that moment in its own transaction. The job moves
// the conversation back to its person (or to waiting for one) only if it is still snoozed until
// that very time: a conversation woken early by the customer, re-snoozed or resolved meanwhile is
// left alone, so an outdated job is harmless.
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import { PermanentJobError, type RunningJob } from '#server/jobs/index.js';
import { reopenedStatus } from '#shared/domain/conversationLifecycle.js';
import { isUuid } from '#shared/domain/isUuid.js';
import { publishConversation } from '../whatsapp/index.js';
import { moveConversationFrom } from './conversationTransition.js';

export const SNOOZE_WAKE_JOB = 'conversations.snooze.wake';

/** In the snooze's transaction: one job per conversation and time (a retried snooze enqueues nothing new). */
export async function enqueueSnoozeWake(app: AppContext, tx: Tx, target: { clientId: string; conversationId: string }, until: Date): Promise<void> {
  await app.jobs.enqueue(tx, {
    type: SNOOZE_WAKE_JOB,
    clientId: target.clientId,
    runAt: until,
    dedupeKey: `${SNOOZE_WAKE_JOB}:${target.conversationId}:${until.getTime()}`,
    payload: { conversationId: target.conversationId, until: until.toISOString() },
  });
}

export function registerSnoozeWake(app: AppContext): void {
  app.jobs.register(SNOOZE_WAKE_JOB, (job) => wakeSnoozed(app, job), { maxAttempts: 10, backoffMs: 1_000, backoffMaxMs: 60_000 });
}

async function wakeSnoozed(app: AppContext, job: RunningJob): Promise<void> {
  const { conversationId, until } = job.payload;
  if (!job.clientId || typeof conversationId !== 'string' || !isUuid(conversationId) || typeof until !== 'string') {
    throw new PermanentJobError('a snooze wake-up job without its client, conversation or time');
  }
  const clientId = job.clientId;
  const { conversations } = app.db.t;
  const woken = await app.db.tenant(clientId, async (tx) => {
    const [row] = await tx
      .select()
      .from(conversations)
      .where(and(eq(conversations.id, conversationId), eq(conversations.clientId, clientId)));
    if (row?.status !== 'snoozed' || row.snoozedUntil?.getTime() !== new Date(until).getTime()) return null;
    const to = reopenedStatus(row.status, row.assignedTo)!;
    // Guarded by status: a customer message or a person's action committed meanwhile wins.
    return moveConversationFrom(app, tx, { clientId, conversationId }, ['snoozed'], to);
  });
  if (woken) publishConversation(app, woken);
}
