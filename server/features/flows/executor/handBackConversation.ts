// An agent gives a conversation back to the bot. If a flow handed it to them, the flow either
// continues after its handoff block or ends, as the flow's settings (or the agent) say.
import { and, desc, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { moveConversationFrom } from '#server/features/conversations/index.js';
import { publishConversation } from '#server/features/whatsapp/index.js';
import type { StepResult } from '../engine/runFlowStep.js';
import { loadFlowVersion } from '../loadFlowVersion.js';
import { advanceExecution } from './advanceExecution.js';
import { newStepClaim } from './stepClaim.js';
import { isUuid } from '#shared/domain/isUuid.js';
import { flowPortsFor } from './flowPortsFor.js';
import { isPausedByTakeover } from './takeoverPause.js';

/** A handoff older than this is not resumed when the chat comes back: the flow just ends. */
export const HANDBACK_RESUME_WINDOW_MS = 24 * 60 * 60_000;

/** The conversation's execution waiting for a person to give the chat back (found through the status index). */
export async function handedOffExecution(app: AppContext, clientId: string, conversationId: string): Promise<{ id: string; updatedAt: Date } | null> {
  const { flowExecutions } = app.db.t;
  const [row] = await app.db.tenant(clientId, (tx) =>
    tx
      .select({ id: flowExecutions.id, updatedAt: flowExecutions.updatedAt })
      .from(flowExecutions)
      .where(and(eq(flowExecutions.status, 'handed_off'), eq(flowExecutions.clientId, clientId), eq(flowExecutions.conversationId, conversationId)))
      .orderBy(desc(flowExecutions.updatedAt))
      .limit(1),
  );
  return row ?? null;
}

export type HandBackResult = { flow: 'resumed' | 'ended' | 'none'; result?: StepResult };

export async function handBackConversation(
  app: AppContext,
  clientId: string,
  conversationId: string,
  mode?: 'resume' | 'end',
  answering?: string,
): Promise<HandBackResult | null> {
  const { flowExecutions, conversations } = app.db.t;
  if (!isUuid(conversationId)) return null;
  const now = new Date();
  const found = await app.db.tenant(clientId, async (tx) => {
    const [conversation] = await tx
      .select()
      .from(conversations)
      .where(and(eq(conversations.id, conversationId), eq(conversations.clientId, clientId)));
    if (!conversation) return null;
    const [execution] = await tx
      .select()
      .from(flowExecutions)
      .where(and(eq(flowExecutions.clientId, clientId), eq(flowExecutions.conversationId, conversationId), eq(flowExecutions.status, 'handed_off')))
      .orderBy(desc(flowExecutions.updatedAt))
      .limit(1);
    const version = execution?.flowVersionId ? await loadFlowVersion(app, tx, clientId, execution.flowVersionId) : null;
    // A flow a takeover paused goes on by default (the client's policy chose to pause it, not end it);
    // one that handed off by its own handoff block does as the flow says.
    const pausedByTakeover = Boolean(execution && isPausedByTakeover(execution));
    const decided = mode ?? (pausedByTakeover ? 'resume' : (version?.document.settings.afterHandback ?? 'end'));
    const resume = Boolean(execution && version && decided === 'resume');
    if (execution && !resume) {
      await tx
        .update(flowExecutions)
        .set({ status: 'completed', completedAt: now, errorDetails: { then: 'handback_end' }, updatedAt: now })
        .where(and(eq(flowExecutions.id, execution.id), eq(flowExecutions.status, 'handed_off')));
    }
    const claimed = resume
      ? ((
          await tx
            .update(flowExecutions)
            .set({ status: 'running', lastActivityAt: now, updatedAt: now, ...newStepClaim(answering) })
            .where(and(eq(flowExecutions.id, execution!.id), eq(flowExecutions.status, 'handed_off')))
            .returning()
        )[0] ?? null)
      : null;
    const updated = await moveConversationFrom(
      app,
      tx,
      { clientId, conversationId },
      ['humano', 'transferido', 'bot', 'fluxo_inicial'],
      claimed ? 'fluxo_inicial' : 'bot',
      { assignedTo: null, lastUpdate: now },
    );
    return { conversation: updated ?? conversation, claimed, version, hadExecution: Boolean(execution), pausedByTakeover };
  });
  if (!found) return null;
  publishConversation(app, found.conversation);
  if (!found.claimed || !found.version) return { flow: found.hadExecution ? 'ended' : 'none' };
  // Paused by a takeover: back into the block it waited at (its question asked again); else past the handoff block.
  const event = found.pausedByTakeover ? ({ kind: 'reask' } as const) : ({ kind: 'handback' } as const);
  const result = await advanceExecution(app, flowPortsFor(app, clientId), found.claimed, found.version, event, answering);
  return { flow: 'resumed', result };
}
