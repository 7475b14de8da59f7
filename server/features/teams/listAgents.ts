// The client's members as the team admin and the inbox see them: availability, limit, open conversations, teams.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { AgentAvailability } from '#shared/teams/teamVocabulary.js';
import { OPEN_STATUSES } from './routeHandoff.js';

export type AgentView = {
  userId: string;
  email: string;
  fullName: string | null;
  availability: AgentAvailability;
  maxOpen: number | null;
  open: number;
  teamIds: string[];
};

export async function listAgents(app: AppContext, clientId: string): Promise<AgentView[]> {
  const { userProfiles, agentStatus, teamMembers, conversations } = app.db.t;
  return app.db.tenant(clientId, async (tx) => {
    const members = await tx
      .select({
        userId: userProfiles.id,
        email: userProfiles.email,
        fullName: userProfiles.fullName,
        availability: agentStatus.availability,
        maxOpen: agentStatus.maxOpen,
      })
      .from(userProfiles)
      .leftJoin(agentStatus, and(eq(agentStatus.userId, userProfiles.id), eq(agentStatus.clientId, clientId)))
      .where(and(eq(userProfiles.clientId, clientId), eq(userProfiles.isActive, true), inArray(userProfiles.role, ['owner', 'admin', 'agent'])))
      .orderBy(userProfiles.email);
    const teams = await tx.select({ teamId: teamMembers.teamId, userId: teamMembers.userId }).from(teamMembers).where(eq(teamMembers.clientId, clientId));
    const counts = await tx
      .select({ userId: conversations.assignedTo, open: sql<number>`count(*)`.mapWith(Number) })
      .from(conversations)
      .where(and(eq(conversations.clientId, clientId), inArray(conversations.status, [...OPEN_STATUSES])))
      .groupBy(conversations.assignedTo);
    return members.map((member) => ({
      userId: member.userId,
      email: member.email,
      fullName: member.fullName,
      availability: member.availability ?? 'offline',
      maxOpen: member.maxOpen ?? null,
      open: counts.find((row) => row.userId === member.userId)?.open ?? 0,
      teamIds: teams.filter((row) => row.userId === member.userId).map((row) => row.teamId),
    }));
  });
}
