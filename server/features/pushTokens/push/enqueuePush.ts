// Features call this in the transaction that made the change (an assignment, a hand-off to a
// person, a customer's message in an assigned chat): the push job exists exactly when the change
// committed, and is delivered by the job runner afterwards, never inside the transaction.
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import type { PushEvent } from '#shared/domain/statuses.js';

export const PUSH_JOB = 'push.notify';
export const PUSH_RECEIPTS_JOB = 'push.receipts';

export type PushJobPayload = {
  event: PushEvent;
  conversationId: string;
  /** The member to notify; null: every active agent and above (a chat waiting for anyone). */
  userId: string | null;
  /** Who made the change: never notified of their own action. */
  exceptUserId: string | null;
  messageId: string | null;
  /** A follow-up for the devices a previous attempt could not reach (the others already got it). */
  tokenIds?: string[];
  round?: number;
};

export async function enqueuePush(
  app: AppContext,
  tx: Tx,
  input: { clientId: string; event: PushEvent; conversationId: string; userId?: string | null; exceptUserId?: string | null; messageId?: string | null },
): Promise<void> {
  const payload: PushJobPayload = {
    event: input.event,
    conversationId: input.conversationId,
    userId: input.userId ?? null,
    exceptUserId: input.exceptUserId ?? null,
    messageId: input.messageId ?? null,
  };
  await app.jobs.enqueue(tx, {
    type: PUSH_JOB,
    clientId: input.clientId,
    payload,
    // A customer's message notifies once, however often its inbox event is re-run.
    dedupeKey: input.messageId ? `push:${input.event}:${input.messageId}` : null,
  });
}
