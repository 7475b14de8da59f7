// Routing and automatic assignment. A conversation handed to people (status `transferido`,
// nobody assigned) joins a team's queue: the team the handoff named (a flow's handoff block, the
// API), else the one it already had, else its number's default team. A team that assigns by
// itself gives it at once to an online member under their limit of open conversations: round
// robin (the member given one longest ago) or least busy (fewest open, then longest ago).
//
// Race safety: every assignment of a client takes one lock (an advisory lock on PostgreSQL; SQLite
// is serial anyway) and then counts open conversations, so two hand-offs racing for one free agent
// see each other: the first gets the agent, the second waits in the queue.
import { and, asc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { lockKeyForTransaction } from '#server/db/dialect.js';
import type { Tables, Tx } from '#server/db/tables.js';
import { moveConversationFrom } from '../conversations/index.js';
import { announceOutbound, insertOutbound, publishConversation, WindowClosedError } from '../whatsapp/index.js';
import { awayMessageAt } from './businessHours.js';

type ConversationRow = Tables['conversations']['$inferSelect'];

export type HandoffTarget = { clientId: string; conversationId: string; teamId?: string | null };

/** Statuses that count as an agent's open conversations (what the per-agent limit counts). */
export const OPEN_STATUSES = ['humano'] as const;

/**
 * Puts a conversation waiting for a person into its team's queue and assigns it when the team
 * assigns by itself; inside the caller's transaction (the hand-off's own). Returns the row as it
 * ends, or null when the conversation is not waiting for anyone (an agent has it, or it is gone).
 */
export async function routeHandoff(app: AppContext, tx: Tx, target: HandoffTarget): Promise<ConversationRow | null> {
  const { conversations, teams, whatsappNumbers } = app.db.t;
  const { clientId, conversationId } = target;
  const [current] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), eq(conversations.clientId, clientId)));
  if (!current || current.status !== 'transferido' || current.assignedTo) return null;
  let teamId = target.teamId ?? current.teamId ?? null;
  if (target.teamId) {
    const [team] = await tx
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.id, target.teamId), eq(teams.clientId, clientId)));
    // A flow naming a team deleted since: the number's default (or no team) instead.
    if (!team) teamId = current.teamId ?? null;
  }
  if (!teamId && current.phoneNumberId) {
    const [number] = await tx
      .select({ teamId: whatsappNumbers.defaultTeamId })
      .from(whatsappNumbers)
      .where(and(eq(whatsappNumbers.clientId, clientId), eq(whatsappNumbers.phoneNumberId, current.phoneNumberId)));
    teamId = number?.teamId ?? null;
  }
  const [queued] = await tx
    .update(conversations)
    .set({ teamId, queuedAt: current.queuedAt ?? new Date() })
    .where(and(eq(conversations.id, conversationId), eq(conversations.clientId, clientId)))
    .returning();
  if (!queued) return null;
  const assigned = teamId ? await assignFromQueue(app, tx, queued) : null;
  let row = assigned ?? queued;
  // Outside business hours and nobody took it: the customer hears when agents return.
  if (!assigned) {
    const away = await awayMessageAt(app, tx, clientId, row.phoneNumberId, new Date());
    if (away) {
      try {
        const queuedAway = await insertOutbound(app, tx, { clientId, conversationId, content: { kind: 'text', text: away.slice(0, 4096) } });
        announceOutbound(app, queuedAway);
        row = queuedAway.conversation ?? row;
      } catch (error) {
        // The 24-hour window closed (an old chat sent to a team by hand): it waits in the queue without the message.
        if (!(error instanceof WindowClosedError)) throw error;
      }
    }
  }
  publishConversation(app, row);
  return row;
}

/** Gives `conversation` (waiting, in a team's queue) to a free member of its team; null when the team assigns by hand or nobody is free. */
export async function assignFromQueue(app: AppContext, tx: Tx, conversation: ConversationRow): Promise<ConversationRow | null> {
  if (!conversation.teamId) return null;
  const { clientId } = conversation;
  const { teams, teamMembers } = app.db.t;
  const [team] = await tx
    .select()
    .from(teams)
    .where(and(eq(teams.id, conversation.teamId), eq(teams.clientId, clientId)));
  if (!team || team.assignment === 'manual') return null;
  await lockKeyForTransaction(app.db, tx, `teams.assign:${clientId}`);
  const candidates = await freeMembers(app, tx, clientId, team.id);
  if (candidates.length === 0) return null;
  const pick =
    team.assignment === 'least_busy'
      ? [...candidates].sort((a, b) => a.open - b.open || stamp(a.lastAssignedAt) - stamp(b.lastAssignedAt) || a.userId.localeCompare(b.userId))[0]!
      : [...candidates].sort((a, b) => stamp(a.lastAssignedAt) - stamp(b.lastAssignedAt) || a.userId.localeCompare(b.userId))[0]!;
  const row = await moveConversationFrom(app, tx, { clientId, conversationId: conversation.id }, ['transferido'], 'humano', {
    assignedTo: pick.userId,
  });
  if (!row) return null;
  await tx
    .update(teamMembers)
    .set({ lastAssignedAt: new Date() })
    .where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.userId, pick.userId), eq(teamMembers.clientId, clientId)));
  return row;
}

const stamp = (value: Date | null) => value?.getTime() ?? 0;

type Candidate = { userId: string; open: number; lastAssignedAt: Date | null };

/** The team's active, online members under their limit, with their open conversations counted now. */
async function freeMembers(app: AppContext, tx: Tx, clientId: string, teamId: string): Promise<Candidate[]> {
  const { teamMembers, agentStatus, userProfiles, conversations } = app.db.t;
  const members = await tx
    .select({ userId: teamMembers.userId, lastAssignedAt: teamMembers.lastAssignedAt, maxOpen: agentStatus.maxOpen })
    .from(teamMembers)
    .innerJoin(agentStatus, and(eq(agentStatus.userId, teamMembers.userId), eq(agentStatus.clientId, clientId)))
    .innerJoin(userProfiles, and(eq(userProfiles.id, teamMembers.userId), eq(userProfiles.clientId, clientId)))
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.clientId, clientId), eq(agentStatus.availability, 'online'), eq(userProfiles.isActive, true)));
  if (members.length === 0) return [];
  const counts = await tx
    .select({ userId: conversations.assignedTo, open: sql<number>`count(*)`.mapWith(Number) })
    .from(conversations)
    .where(
      and(
        eq(conversations.clientId, clientId),
        inArray(
          conversations.assignedTo,
          members.map((member) => member.userId),
        ),
        inArray(conversations.status, [...OPEN_STATUSES]),
      ),
    )
    .groupBy(conversations.assignedTo);
  const openOf = new Map(counts.map((row) => [row.userId, row.open]));
  return members
    .map((member) => ({ userId: member.userId, lastAssignedAt: member.lastAssignedAt, open: openOf.get(member.userId) ?? 0, maxOpen: member.maxOpen }))
    .filter((member) => member.maxOpen === null || member.open < member.maxOpen)
    .map(({ userId, lastAssignedAt, open }) => ({ userId, lastAssignedAt, open }));
}

/**
 * Hands out what waits in the client's queues (oldest first) to whoever is free now: after an
 * agent comes online, a limit is raised, members change, or a heartbeat finds capacity freed by a
 * resolved chat. Each conversation in its own transaction; returns how many were assigned.
 */
export async function drainQueues(app: AppContext, clientId: string, options: { max?: number } = {}): Promise<number> {
  const { conversations, teams } = app.db.t;
  const waiting = await app.db.tenant(clientId, (tx) =>
    tx
      .select({ id: conversations.id })
      .from(conversations)
      .innerJoin(teams, and(eq(teams.id, conversations.teamId), eq(teams.clientId, clientId)))
      .where(
        and(
          eq(conversations.clientId, clientId),
          eq(conversations.status, 'transferido'),
          isNull(conversations.assignedTo),
          isNotNull(conversations.teamId),
          sql`${teams.assignment} <> 'manual'`,
        ),
      )
      .orderBy(asc(conversations.queuedAt), asc(conversations.id))
      .limit(options.max ?? 200),
  );
  let assigned = 0;
  for (const { id } of waiting) {
    const row = await app.db.tenant(clientId, async (tx) => {
      const [current] = await tx
        .select()
        .from(conversations)
        .where(and(eq(conversations.id, id), eq(conversations.clientId, clientId)));
      if (!current || current.status !== 'transferido' || current.assignedTo) return null;
      const done = await assignFromQueue(app, tx, current);
      if (done) publishConversation(app, done);
      return done;
    });
    if (!row) {
      // Nobody free for this one: the others of its team would not find anyone either; keep going for other teams.
      continue;
    }
    assigned++;
  }
  return assigned;
}
