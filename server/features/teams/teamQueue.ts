// A team's queue: conversations waiting for a person, oldest first, with how long each has waited;
// and sending a conversation to a team (by hand or through the API), which routes it like a handoff.
import { TRPCError } from '@trpc/server';
import { and, asc, eq, isNull, type SQL } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { changeConversationStatus } from '../conversations/index.js';
import { conversationView } from '../whatsapp/index.js';
import { routeHandoff } from './routeHandoff.js';
import { teamNotFound } from './teamErrors.js';

export type QueueEntry = { conversationId: string; phone: string; name: string | null; teamId: string | null; queuedAt: string | null; waitingSeconds: number };

/** What waits in `teamId`'s queue (null: waiting with no team), oldest first. */
export async function listQueue(app: AppContext, clientId: string, teamId: string | null, now = new Date()): Promise<QueueEntry[]> {
  const { conversations, teams } = app.db.t;
  return app.db.tenant(clientId, async (tx) => {
    if (teamId) {
      const [team] = await tx
        .select({ id: teams.id })
        .from(teams)
        .where(and(eq(teams.id, teamId), eq(teams.clientId, clientId)));
      if (!team) throw teamNotFound();
    }
    const byTeam: SQL = teamId ? eq(conversations.teamId, teamId) : isNull(conversations.teamId);
    const rows = await tx
      .select()
      .from(conversations)
      .where(and(eq(conversations.clientId, clientId), eq(conversations.status, 'transferido'), isNull(conversations.assignedTo), byTeam))
      .orderBy(asc(conversations.queuedAt), asc(conversations.id))
      .limit(500);
    return rows.map((row) => ({
      conversationId: row.id,
      phone: row.phone,
      name: row.name,
      teamId: row.teamId,
      queuedAt: row.queuedAt?.toISOString() ?? null,
      waitingSeconds: row.queuedAt ? Math.max(0, Math.floor((now.getTime() - row.queuedAt.getTime()) / 1000)) : 0,
    }));
  });
}

/** Hands a conversation to a team's queue (nobody assigned): free members get it at once when the team assigns by itself. */
export async function sendToTeam(app: AppContext, clientId: string, conversationId: string, teamId: string, actorUserId: string | null) {
  const { teams } = app.db.t;
  const [team] = await app.db.tenant(clientId, (tx) =>
    tx
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.id, teamId), eq(teams.clientId, clientId))),
  );
  if (!team) throw teamNotFound();
  await changeConversationStatus(app, { clientId, conversationId, status: 'transferido', assignedTo: null, actorUserId });
  const row = await app.db.tenant(clientId, (tx) => routeHandoff(app, tx, { clientId, conversationId, teamId }));
  if (!row) throw new TRPCError({ code: 'CONFLICT', message: 'someone took this conversation a moment ago: look at it again' });
  return conversationView(row);
}
