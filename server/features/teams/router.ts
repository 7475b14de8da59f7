// teams.*: the client's teams and members, their queues, agents' availability and limits, and
// sending a conversation to a team. Administrators shape teams; agents set their own availability
// and move conversations; every member sees teams, queues and who is online.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import { AGENT_AVAILABILITIES, ASSIGNMENT_MODES } from '#shared/teams/teamVocabulary.js';
import { scheduleSchema } from '#shared/teams/businessHours.js';
import { router, tenantProcedure, withRole } from '#server/trpc/trpc.js';
import { heartbeat, readAgentStatus, setAgentLimit, setAvailability } from './agentAvailability.js';
import { listAgents } from './listAgents.js';
import { readCsatSettings, updateCsatSettings } from './csat.js';
import { CLIENT_SCOPE, listBusinessHours, removeBusinessHours, saveBusinessHours } from './businessHours.js';
import { createTeam, listTeams, removeTeam, updateTeam } from './manageTeams.js';
import { listQueue, sendToTeam } from './teamQueue.js';
import { asTrpcErrors } from '../conversations/index.js';

const clientId = z.string().uuid().optional();
const teamId = z.string().uuid('teamId must be a uuid');
const name = safeText()
  .transform((value) => value.trim())
  .pipe(z.string().min(1, 'a team needs a name').max(60, 'a team name has at most 60 characters'));
const memberIds = z.array(z.string().uuid()).max(500);
const keywords = z.array(safeText().max(40, 'a keyword has at most 40 characters')).max(20, 'at most 20 keywords per team');

export const teamsRouter = router({
  list: tenantProcedure.input(z.object({ clientId }).default({})).query(({ ctx }) => listTeams(ctx.app, ctx.clientId)),

  create: withRole('admin')
    .input(
      z.object({
        clientId,
        name,
        assignment: z.enum(ASSIGNMENT_MODES).optional(),
        reassignOnOffline: z.boolean().optional(),
        keywords: keywords.optional(),
        memberIds: memberIds.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const team = await createTeam(ctx.app, ctx.clientId, input);
      ctx.audit.resourceId = team.id;
      return team;
    }),

  update: withRole('admin')
    .input(
      z.object({
        clientId,
        id: teamId,
        name: name.optional(),
        assignment: z.enum(ASSIGNMENT_MODES).optional(),
        reassignOnOffline: z.boolean().optional(),
        keywords: keywords.optional(),
        memberIds: memberIds.optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      ctx.audit.resourceId = input.id;
      return updateTeam(ctx.app, ctx.clientId, input.id, input);
    }),

  remove: withRole('admin')
    .input(z.object({ clientId, id: teamId }))
    .mutation(({ ctx, input }) => {
      ctx.audit.resourceId = input.id;
      return removeTeam(ctx.app, ctx.clientId, input.id);
    }),

  /** What waits for a person in a team's queue (teamId null: with no team), oldest first, with waiting time. */
  queue: tenantProcedure.input(z.object({ clientId, teamId: teamId.nullable() })).query(({ ctx, input }) => listQueue(ctx.app, ctx.clientId, input.teamId)),

  /** Hands a conversation to a team (its queue; assigned at once when the team assigns by itself). */
  sendTo: withRole('agent')
    .input(z.object({ clientId, conversationId: z.string().uuid(), teamId }))
    .mutation(({ ctx, input }) => {
      ctx.audit.resourceId = input.conversationId;
      return asTrpcErrors(() => sendToTeam(ctx.app, ctx.clientId, input.conversationId, input.teamId, ctx.session.userId));
    }),

  agents: tenantProcedure.input(z.object({ clientId }).default({})).query(({ ctx }) => listAgents(ctx.app, ctx.clientId)),

  myStatus: withRole('agent')
    .input(z.object({ clientId }).default({}))
    .query(({ ctx }) => readAgentStatus(ctx.app, ctx.clientId, ctx.session.userId)),

  /** The agent's own switch: online (gets conversations), away or offline. */
  setAvailability: withRole('agent')
    .input(z.object({ clientId, availability: z.enum(AGENT_AVAILABILITIES) }))
    .mutation(({ ctx, input }) => setAvailability(ctx.app, ctx.clientId, ctx.session.userId, input.availability)),

  /** The app's sign of life while the agent works (keeps them online; away agents come back). */
  heartbeat: withRole('agent')
    .input(z.object({ clientId }).default({}))
    .mutation(({ ctx }) => heartbeat(ctx.app, ctx.clientId, ctx.session.userId)),

  /** Business hours of the client ('*') and of its numbers (by phone_number_id). */
  businessHours: tenantProcedure.input(z.object({ clientId }).default({})).query(({ ctx }) => listBusinessHours(ctx.app, ctx.clientId)),

  setBusinessHours: withRole('admin')
    .input(
      z.object({
        clientId,
        scope: safeText().trim().min(1).max(100).default(CLIENT_SCOPE),
        enabled: z.boolean().default(true),
        schedule: scheduleSchema,
        awayMessage: safeText().trim().max(1000).nullish(),
        /** Outside the hours, a customer's message to the bot starts this flow (once per episode); null: no flow. */
        awayFlowId: z.string().uuid('awayFlowId must be a uuid').nullish(),
      }),
    )
    .mutation(({ ctx, input }) => {
      ctx.audit.resourceId = input.scope;
      return saveBusinessHours(ctx.app, ctx.clientId, {
        scope: input.scope,
        enabled: input.enabled,
        schedule: input.schedule,
        awayMessage: input.awayMessage || null,
        awayFlowId: input.awayFlowId ?? null,
      });
    }),

  removeBusinessHours: withRole('admin')
    .input(z.object({ clientId, scope: safeText().trim().min(1).max(100) }))
    .mutation(({ ctx, input }) => removeBusinessHours(ctx.app, ctx.clientId, input.scope)),

  /** The satisfaction survey after people resolve a conversation: on or off, its texts. */
  csatSettings: withRole('admin')
    .input(z.object({ clientId }).default({}))
    .query(({ ctx }) => ctx.app.db.tenant(ctx.clientId, (tx) => readCsatSettings(ctx.app, tx, ctx.clientId))),

  setCsatSettings: withRole('admin')
    .input(
      z.object({
        clientId,
        enabled: z.boolean().optional(),
        question: safeText().trim().min(1).max(1024).optional(),
        askComment: z.boolean().optional(),
        commentPrompt: safeText().trim().min(1).max(1024).optional(),
        thanks: safeText().trim().min(1).max(1024).optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      const { clientId: _ignored, ...changes } = input;
      return updateCsatSettings(ctx.app, ctx.clientId, changes);
    }),

  setAgentLimit: withRole('admin')
    .input(z.object({ clientId, userId: z.string().uuid(), maxOpen: z.number().int().min(0).max(1000).nullable() }))
    .mutation(async ({ ctx, input }) => {
      ctx.audit.resourceId = input.userId;
      const agents = await listAgents(ctx.app, ctx.clientId);
      if (!agents.some((agent) => agent.userId === input.userId))
        throw new TRPCError({ code: 'NOT_FOUND', message: 'that user is not an active member of this client' });
      return setAgentLimit(ctx.app, ctx.clientId, input.userId, input.maxOpen);
    }),
});
