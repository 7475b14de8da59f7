// The burst debounce: a customer who writes in several short messages gets one answer. Each
// message the AI reply takes is stored as pending (bot_reply_pending, due `window` after it came)
// with a `botReply.turn` job due at the same time, in one transaction. A job whose conversation
// still has a later due row does nothing (that row's own job comes later: the window slides with
// each message); the job of the last one answers every pending message of the conversation as one
// turn (replyWithAi), and the transaction that queues the reply also deletes the pending rows and
// marks the messages answered. Jobs of one conversation run one at a time (ordering key), on any
// instance, and survive restarts: a turn interrupted before its reply committed runs again; one
// that committed finds nothing pending. Exactly one reply either way.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { RunningJob } from '#server/jobs/index.js';
import { replyWithAi } from './botReplyResponder.js';
import { TURN_JOB } from './deferToTurn.js';

export function registerTurnJobs(app: AppContext): void {
  app.jobs.register(TURN_JOB, (job) => runTurn(app, job), { maxAttempts: 5, backoffMs: 2_000 });
}

async function runTurn(app: AppContext, job: RunningJob): Promise<void> {
  const clientId = job.clientId;
  const conversationId = job.payload.conversationId;
  if (!clientId || typeof conversationId !== 'string') return;
  const { botReplyPending, conversations, messages } = app.db.t;
  const now = new Date();
  const loaded = await app.db.tenant(clientId, async (tx) => {
    const pending = await tx
      .select()
      .from(botReplyPending)
      .where(and(eq(botReplyPending.clientId, clientId), eq(botReplyPending.conversationId, conversationId)))
      .orderBy(asc(botReplyPending.dueAt));
    if (pending.length === 0) return null;
    const [conversation] = await tx
      .select()
      .from(conversations)
      .where(and(eq(conversations.id, conversationId), eq(conversations.clientId, clientId)));
    if (!conversation || conversation.status !== 'bot') {
      // A person (or a flow) has the conversation now: the bot answers none of these.
      await tx.delete(botReplyPending).where(and(eq(botReplyPending.clientId, clientId), eq(botReplyPending.conversationId, conversationId)));
      return null;
    }
    const lastDue = pending[pending.length - 1]!.dueAt;
    if (lastDue.getTime() > now.getTime()) {
      // A later message's window is still open. Its own job runs then; this one makes sure of it
      // (a job for that due time, once however many earlier jobs get here).
      await app.jobs.enqueue(tx, {
        type: TURN_JOB,
        clientId,
        payload: { conversationId },
        dedupeKey: `${TURN_JOB}:${conversationId}:${lastDue.getTime()}`,
        orderingKey: `${TURN_JOB}:${conversationId}`,
        runAt: lastDue,
      });
      return null;
    }
    const rows = await tx
      .select()
      .from(messages)
      .where(
        and(
          eq(messages.clientId, clientId),
          inArray(
            messages.id,
            pending.map((row) => row.messageId),
          ),
        ),
      )
      .orderBy(asc(messages.timestamp), asc(messages.createdAt));
    return { conversation, rows };
  });
  if (!loaded || loaded.rows.length === 0) return;
  const { conversation, rows } = loaded;
  const text = rows
    .map((row) => (row.type === 'audio' ? row.transcription : row.content)?.trim())
    .filter((part): part is string => Boolean(part))
    .join('\n');
  await replyWithAi({
    app,
    clientId,
    conversation,
    messageIds: rows.map((row) => row.id),
    answering: rows[rows.length - 1]!.id,
    text,
  });
}
