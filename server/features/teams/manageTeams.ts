// Teams of a client (Vendas, Suporte…) and their members. Only active members of the client can
// join; a deleted team's conversations lose their team (they stay where they are otherwise).
import { TRPCError } from '@trpc/server';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tables, Tx } from '#server/db/tables.js';
import { normalizeText } from '#shared/flows/normalizeText.js';
import { TEAMS_CHANGED, type AssignmentMode } from '#shared/teams/teamVocabulary.js';
import { asTeamError, duplicateTeamName, teamNotFound } from './teamErrors.js';
import { drainQueues } from './routeHandoff.js';

type TeamRow = Tables['teams']['$inferSelect'];

export type TeamView = {
  id: string;
  name: string;
  assignment: AssignmentMode;
  reassignOnOffline: boolean;
  /** Words that hand a conversation with the bot to this team. */
  keywords: string[];
  memberIds: string[];
  /** Conversations waiting for a person in this team's queue, and since when the oldest waits. */
  waiting: number;
  oldestWaitingSince: string | null;
};

export async function listTeams(app: AppContext, clientId: string): Promise<TeamView[]> {
  const { teams, teamMembers, conversations } = app.db.t;
  return app.db.tenant(clientId, async (tx) => {
    const rows = await tx.select().from(teams).where(eq(teams.clientId, clientId)).orderBy(asc(teams.name));
    const members = await tx
      .select({ teamId: teamMembers.teamId, userId: teamMembers.userId })
      .from(teamMembers)
      .where(eq(teamMembers.clientId, clientId))
      .orderBy(asc(teamMembers.createdAt), asc(teamMembers.userId));
    const queues = await tx
      .select({ teamId: conversations.teamId, waiting: sql<number>`count(*)`.mapWith(Number), oldest: sql<unknown>`min(${conversations.queuedAt})` })
      .from(conversations)
      .where(and(eq(conversations.clientId, clientId), eq(conversations.status, 'transferido'), isNull(conversations.assignedTo)))
      .groupBy(conversations.teamId);
    return rows.map((row) => {
      const queue = queues.find((entry) => entry.teamId === row.id);
      return {
        ...teamView(row),
        memberIds: members.filter((member) => member.teamId === row.id).map((member) => member.userId),
        waiting: queue?.waiting ?? 0,
        oldestWaitingSince: queue?.oldest ? toIso(queue.oldest) : null,
      };
    });
  });
}

/** A timestamp as min() returns it: a Date or string (PostgreSQL), epoch milliseconds (SQLite). */
export function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value).toISOString();
  const text = String(value);
  return /^\d+$/.test(text) ? new Date(Number(text)).toISOString() : new Date(text).toISOString();
}

const teamView = (row: TeamRow) => ({
  id: row.id,
  name: row.name,
  assignment: row.assignment,
  reassignOnOffline: row.reassignOnOffline,
  keywords: row.keywords ?? [],
});

export type TeamInput = { name: string; assignment?: AssignmentMode; reassignOnOffline?: boolean; keywords?: string[]; memberIds?: string[] };

/** Trimmed, without empties and repeats (compared as the matcher compares: case and accents aside). */
function cleanKeywords(keywords: string[] | undefined): string[] | undefined {
  if (!keywords) return undefined;
  const seen = new Set<string>();
  return keywords
    .map((word) => word.trim())
    .filter((word) => {
      const key = normalizeText(word);
      if (!key || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

export async function createTeam(app: AppContext, clientId: string, input: TeamInput): Promise<TeamView> {
  const { teams } = app.db.t;
  const id = await app.db
    .tenant(clientId, async (tx) => {
      const [row] = await tx
        .insert(teams)
        .values({
          clientId,
          name: input.name,
          assignment: input.assignment ?? 'round_robin',
          reassignOnOffline: input.reassignOnOffline ?? true,
          keywords: cleanKeywords(input.keywords) ?? null,
        })
        .onConflictDoNothing({ target: [teams.clientId, teams.name] })
        .returning();
      if (!row) throw duplicateTeamName(input.name);
      if (input.memberIds) await writeMembers(app, tx, clientId, row.id, input.memberIds);
      return row.id;
    })
    .catch((error: unknown) => {
      throw asTeamError(error, input.name);
    });
  app.events.publish(clientId, TEAMS_CHANGED, { change: 'created', id });
  await drainQueues(app, clientId);
  return teamById(app, clientId, id);
}

export async function updateTeam(app: AppContext, clientId: string, id: string, input: Partial<TeamInput>): Promise<TeamView> {
  const { teams } = app.db.t;
  await app.db
    .tenant(clientId, async (tx) => {
      const changes = {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.assignment !== undefined ? { assignment: input.assignment } : {}),
        ...(input.reassignOnOffline !== undefined ? { reassignOnOffline: input.reassignOnOffline } : {}),
        ...(input.keywords !== undefined ? { keywords: cleanKeywords(input.keywords) } : {}),
      };
      const [row] = Object.keys(changes).length
        ? await tx
            .update(teams)
            .set(changes)
            .where(and(eq(teams.id, id), eq(teams.clientId, clientId)))
            .returning({ id: teams.id })
        : await tx
            .select({ id: teams.id })
            .from(teams)
            .where(and(eq(teams.id, id), eq(teams.clientId, clientId)));
      if (!row) throw teamNotFound();
      if (input.memberIds) await writeMembers(app, tx, clientId, id, input.memberIds);
    })
    .catch((error: unknown) => {
      throw asTeamError(error, input.name);
    });
  app.events.publish(clientId, TEAMS_CHANGED, { change: 'updated', id });
  await drainQueues(app, clientId);
  return teamById(app, clientId, id);
}

export async function removeTeam(app: AppContext, clientId: string, id: string): Promise<{ id: string }> {
  const { teams, conversations } = app.db.t;
  await app.db.tenant(clientId, async (tx) => {
    const [row] = await tx
      .delete(teams)
      .where(and(eq(teams.id, id), eq(teams.clientId, clientId)))
      .returning({ id: teams.id });
    if (!row) throw teamNotFound();
    await tx
      .update(conversations)
      .set({ teamId: null })
      .where(and(eq(conversations.clientId, clientId), eq(conversations.teamId, id)));
  });
  app.events.publish(clientId, TEAMS_CHANGED, { change: 'deleted', id });
  return { id };
}

async function writeMembers(app: AppContext, tx: Tx, clientId: string, teamId: string, memberIds: string[]) {
  const { teamMembers, userProfiles } = app.db.t;
  const wanted = [...new Set(memberIds)];
  if (wanted.length) {
    const found = await tx
      .select({ id: userProfiles.id })
      .from(userProfiles)
      .where(and(eq(userProfiles.clientId, clientId), inArray(userProfiles.id, wanted), eq(userProfiles.isActive, true)));
    if (found.length !== wanted.length) throw new TRPCError({ code: 'BAD_REQUEST', message: 'every member must be an active member of this client' });
  }
  const current = await tx
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.clientId, clientId)));
  const gone = current.map((row) => row.userId).filter((userId) => !wanted.includes(userId));
  if (gone.length) {
    await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.clientId, clientId), inArray(teamMembers.userId, gone)));
  }
  if (wanted.length) {
    await tx
      .insert(teamMembers)
      .values(wanted.map((userId) => ({ teamId, userId, clientId })))
      .onConflictDoNothing();
  }
}

export async function teamById(app: AppContext, clientId: string, id: string): Promise<TeamView> {
  const team = (await listTeams(app, clientId)).find((row) => row.id === id);
  if (!team) throw teamNotFound();
  return team;
}
