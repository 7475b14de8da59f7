// Agents' availability (online, away, offline) and their limit of open conversations. Set by the
// agent (the switch in the app), kept fresh by the app's heartbeat, and lowered by inactivity
// (sweepIdleAgents): an online agent silent for AWAY_AFTER_MS becomes away, then offline after
// OFFLINE_AFTER_MS. Going offline gives the agent's open conversations of teams that say so
// (reassign_on_offline) back to their queue, where free members get them.
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import { TEAMS_CHANGED, type AgentAvailability } from '#shared/teams/teamVocabulary.js';
import { moveConversationFrom } from '../conversations/index.js';
import { publishConversation } from '../whatsapp/index.js';
import { assignFromQueue, drainQueues, OPEN_STATUSES } from './routeHandoff.js';

export const AWAY_AFTER_MS = 5 * 60_000;
export const OFFLINE_AFTER_MS = 30 * 60_000;

export type AgentStatusView = { userId: string; availability: AgentAvailability; maxOpen: number | null; lastSeenAt: string | null };

export async function readAgentStatus(app: AppContext, clientId: string, userId: string): Promise<AgentStatusView> {
  const { agentStatus } = app.db.t;
  const [row] = await app.db.tenant(clientId, (tx) =>
    tx
      .select()
      .from(agentStatus)
      .where(and(eq(agentStatus.userId, userId), eq(agentStatus.clientId, clientId))),
  );
  return { userId, availability: row?.availability ?? 'offline', maxOpen: row?.maxOpen ?? null, lastSeenAt: row?.lastSeenAt?.toISOString() ?? null };
}

/** The agent's own switch (and the inactivity sweep's). Going offline hands their open chats back; coming online takes from the queues. */
export async function setAvailability(
  app: AppContext,
  clientId: string,
  userId: string,
  availability: AgentAvailability,
  now = new Date(),
): Promise<AgentStatusView> {
  const { agentStatus } = app.db.t;
  const reassigned = await app.db.tenant(clientId, async (tx) => {
    const [before] = await tx
      .select({ availability: agentStatus.availability })
      .from(agentStatus)
      .where(and(eq(agentStatus.userId, userId), eq(agentStatus.clientId, clientId)));
    await tx
      .insert(agentStatus)
      .values({ userId, clientId, availability, lastSeenAt: now })
      .onConflictDoUpdate({ target: agentStatus.userId, set: { availability, lastSeenAt: now } });
    const wasOffline = (before?.availability ?? 'offline') === 'offline';
    return availability === 'offline' && !wasOffline ? releaseAgentConversations(app, tx, clientId, userId) : 0;
  });
  app.events.publish(clientId, TEAMS_CHANGED, { change: 'availability', userId, availability });
  if (availability === 'online' || reassigned > 0) await drainQueues(app, clientId);
  return readAgentStatus(app, clientId, userId);
}

/** The app's sign of life: keeps an online agent online (and brings an away one back), then hands out what waits. */
export async function heartbeat(app: AppContext, clientId: string, userId: string, now = new Date()): Promise<AgentStatusView> {
  const { agentStatus } = app.db.t;
  const [row] = await app.db.tenant(clientId, (tx) =>
    tx
      .update(agentStatus)
      .set({ lastSeenAt: now, availability: sql`case when ${agentStatus.availability} = 'away' then 'online' else ${agentStatus.availability} end` })
      .where(and(eq(agentStatus.userId, userId), eq(agentStatus.clientId, clientId)))
      .returning(),
  );
  if (row?.availability === 'online') await drainQueues(app, clientId, { max: 20 });
  return readAgentStatus(app, clientId, userId);
}

/** An administrator sets an agent's limit of open conversations (null: none). */
export async function setAgentLimit(app: AppContext, clientId: string, userId: string, maxOpen: number | null): Promise<AgentStatusView> {
  const { agentStatus } = app.db.t;
  await app.db.tenant(clientId, (tx) =>
    tx.insert(agentStatus).values({ userId, clientId, maxOpen }).onConflictDoUpdate({ target: agentStatus.userId, set: { maxOpen } }),
  );
  app.events.publish(clientId, TEAMS_CHANGED, { change: 'limit', userId });
  await drainQueues(app, clientId);
  return readAgentStatus(app, clientId, userId);
}

/**
 * The agent's open conversations of teams that reassign on offline go back to waiting (in the
 * same transaction), then to free members of their team. Returns how many went back.
 */
export async function releaseAgentConversations(app: AppContext, tx: Tx, clientId: string, userId: string): Promise<number> {
  const { conversations, teams } = app.db.t;
  const open = await tx
    .select({ id: conversations.id })
    .from(conversations)
    .innerJoin(teams, and(eq(teams.id, conversations.teamId), eq(teams.clientId, clientId)))
    .where(
      and(
        eq(conversations.clientId, clientId),
        eq(conversations.assignedTo, userId),
        inArray(conversations.status, [...OPEN_STATUSES]),
        eq(teams.reassignOnOffline, true),
      ),
    );
  let released = 0;
  for (const { id } of open) {
    const row = await moveConversationFrom(app, tx, { clientId, conversationId: id }, ['humano'], 'transferido', { assignedTo: null });
    if (!row) continue;
    released++;
    const assigned = await assignFromQueue(app, tx, row);
    publishConversation(app, assigned ?? row);
  }
  return released;
}

/** Lowers silent agents' availability (online → away → offline); run every minute by teamsFeature. Returns how many changed. */
export async function sweepIdleAgents(app: AppContext, now = new Date()): Promise<number> {
  const { agentStatus } = app.db.t;
  const awayBefore = new Date(now.getTime() - AWAY_AFTER_MS);
  const offlineBefore = new Date(now.getTime() - OFFLINE_AFTER_MS);
  const idle = await app.db.system((tx) =>
    tx
      .select({ userId: agentStatus.userId, clientId: agentStatus.clientId, availability: agentStatus.availability, lastSeenAt: agentStatus.lastSeenAt })
      .from(agentStatus)
      .where(and(inArray(agentStatus.availability, ['online', 'away']), lt(agentStatus.lastSeenAt, awayBefore))),
  );
  let changed = 0;
  for (const agent of idle) {
    const to: AgentAvailability = agent.lastSeenAt && agent.lastSeenAt < offlineBefore ? 'offline' : 'away';
    if (to === agent.availability) continue;
    if (to === 'away') {
      const moved = await app.db.tenant(agent.clientId, (tx) =>
        tx
          .update(agentStatus)
          .set({ availability: 'away' })
          .where(
            and(
              eq(agentStatus.userId, agent.userId),
              eq(agentStatus.clientId, agent.clientId),
              eq(agentStatus.availability, 'online'),
              lt(agentStatus.lastSeenAt, awayBefore),
            ),
          )
          .returning({ userId: agentStatus.userId }),
      );
      if (moved.length) app.events.publish(agent.clientId, TEAMS_CHANGED, { change: 'availability', userId: agent.userId, availability: 'away' });
      changed += moved.length;
    } else {
      await setAvailability(app, agent.clientId, agent.userId, 'offline', agent.lastSeenAt ?? now);
      changed++;
    }
  }
  return changed;
}
