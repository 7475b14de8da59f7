// A message the AI reply takes within its client's burst window waits as pending, with the
// `botReply.turn` job that answers the burst when the window closes (botReplyTurns.ts runs it).
// Apart from the job's runner so the responder that defers and the runner that answers through the
// responder's replyWithAi do not import each other.
import type { AppContext } from '#server/app/appContext.js';

export const TURN_JOB = 'botReply.turn';

export async function deferToTurn(app: AppContext, input: { clientId: string; conversationId: string; messageId: string; windowMs: number }): Promise<void> {
  const { botReplyPending } = app.db.t;
  const dueAt = new Date(Date.now() + input.windowMs);
  await app.db.tenant(input.clientId, async (tx) => {
    const [row] = await tx
      .insert(botReplyPending)
      .values({ clientId: input.clientId, conversationId: input.conversationId, messageId: input.messageId, dueAt })
      .onConflictDoNothing({ target: botReplyPending.messageId })
      .returning({ id: botReplyPending.id });
    if (!row) return; // a re-run of this message: its turn is already pending
    await app.jobs.enqueue(tx, {
      type: TURN_JOB,
      clientId: input.clientId,
      payload: { conversationId: input.conversationId },
      dedupeKey: `${TURN_JOB}:${input.messageId}`,
      orderingKey: `${TURN_JOB}:${input.conversationId}`,
      runAt: dueAt,
    });
  });
}
