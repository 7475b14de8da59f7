import { sql } from 'drizzle-orm';
import {
  AGENT_AVAILABILITIES,
  ASSIGNMENT_MODES,
  NUMBER_KINDS,
  type AgentAvailability,
  type AssignmentMode,
  type NumberKind,
} from '#shared/teams/teamVocabulary.js';
import type * as J from '../json-types.js';
import type { AnyColumn, Dialect } from './dialect.js';
import type { IdentityTables } from './identity.js';

// ── Team operations: several WhatsApp numbers per client, teams, agents' availability ─────────
export const teamsTables = (
  d: Dialect,
  { clients, secrets, userProfiles }: Pick<IdentityTables, 'clients' | 'secrets' | 'userProfiles'>,
  conversations: () => { id: AnyColumn },
  interactiveFlows: () => { id: AnyColumn },
) => {
  const { table, index, uniqueIndex, oneOf, check, primaryKey, text, textList, integer, bool, createdAt, id, json, ref, ts, updatedAt } = d;

  const teams = table(
    'teams',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      name: text().notNull(),
      assignment: text().$type<AssignmentMode>().notNull().default('round_robin'),
      /** Words that hand a conversation with the bot to this team (whole words, any case or accent); null: none. */
      keywords: textList(),
      /** An agent going offline gives back their open conversations of this team to its queue (reassigned to others). */
      reassignOnOffline: bool().notNull().default(true),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [
      uniqueIndex('teams_client_name_key').on(t.clientId, t.name),
      oneOf('teams_assignment_check', t.assignment, ASSIGNMENT_MODES),
      check('teams_name_check', sql`length(${t.name}) between 1 and 60`),
    ],
  );

  const teamMembers = table(
    'team_members',
    {
      teamId: ref()
        .notNull()
        .references(() => teams.id, { onDelete: 'cascade' }),
      userId: ref()
        .notNull()
        .references(() => userProfiles.id, { onDelete: 'cascade' }),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      /** The last time round robin gave this member a conversation of this team (the oldest goes next). */
      lastAssignedAt: ts(),
      createdAt: createdAt(),
    },
    (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('team_members_client_user_idx').on(t.clientId, t.userId)],
  );

  /** An agent's availability and limit; no row = offline, no limit. */
  const agentStatus = table(
    'agent_status',
    {
      userId: ref()
        .primaryKey()
        .references(() => userProfiles.id, { onDelete: 'cascade' }),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      availability: text().$type<AgentAvailability>().notNull().default('offline'),
      /** Most open (humano) conversations automatic assignment gives this agent; null = no limit. */
      maxOpen: integer(),
      /** The agent's app's last sign of life (heartbeat); silence turns online into away, then offline. */
      lastSeenAt: ts(),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [
      index('agent_status_client_idx').on(t.clientId, t.availability),
      oneOf('agent_status_availability_check', t.availability, AGENT_AVAILABILITIES),
      check('agent_status_max_open_check', sql`${t.maxOpen} is null or ${t.maxOpen} between 0 and 1000`),
    ],
  );

  /**
   * The client's WhatsApp numbers (inboxes). Its main Meta number and its sandbox number (columns of
   * `clients`) have a row each too, written by the migration and on first listing; further numbers
   * bring their own access token and app secret (vault). The webhook routes by phone_number_id.
   */
  const whatsappNumbers = table(
    'whatsapp_numbers',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      phoneNumberId: text().notNull(),
      kind: text().$type<NumberKind>().notNull().default('meta'),
      displayName: text().notNull(),
      displayPhone: text(),
      wabaId: text(),
      /** Own credentials (vault); null: the client's main number's (clients.meta_*). */
      accessTokenSecretId: ref().references(() => secrets.id, { onDelete: 'set null' }),
      appSecretSecretId: ref().references(() => secrets.id, { onDelete: 'set null' }),
      /** The flows this number's customers may start (ids of interactive_flows); null: every flow of the client. */
      flowIds: textList(),
      /** Where a handoff on this number goes when nothing names a team. */
      defaultTeamId: ref().references(() => teams.id, { onDelete: 'set null' }),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [
      uniqueIndex('whatsapp_numbers_phone_number_id_key').on(t.phoneNumberId),
      index('whatsapp_numbers_client_idx').on(t.clientId),
      oneOf('whatsapp_numbers_kind_check', t.kind, NUMBER_KINDS),
      check('whatsapp_numbers_display_name_check', sql`length(${t.displayName}) between 1 and 80`),
    ],
  );

  /**
   * Business hours of the whole client (scope '*') or of one of its numbers (scope = its
   * phone_number_id, which wins). Outside them a handoff queues an away message saying when agents
   * return (`{{retorno}}` in the message), and, when a flow is chosen, a customer's message starts it.
   */
  const businessHours = table(
    'business_hours',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      scope: text().notNull().default('*'),
      enabled: bool().notNull().default(true),
      /** shared/teams/businessHours.ts `Schedule`: timezone, weekly openings, holidays. */
      schedule: json<J.JsonObject>().notNull(),
      awayMessage: text(),
      /** Outside the hours, a customer's message to the bot starts this flow (once per episode) instead of waiting for a handoff. */
      awayFlowId: ref().references((): AnyColumn => interactiveFlows().id, { onDelete: 'set null' }),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [uniqueIndex('business_hours_client_scope_key').on(t.clientId, t.scope)],
  );

  /**
   * One row per resolved episode of a conversation (written when it is resolved): what reports
   * count. The episode still open lives on the conversation (opened_at, handed_off_at).
   */
  const conversationEpisodes = table(
    'conversation_episodes',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      conversationId: ref()
        .notNull()
        .references((): AnyColumn => conversations().id, { onDelete: 'cascade' }),
      phoneNumberId: text(),
      teamId: ref().references(() => teams.id, { onDelete: 'set null' }),
      /** Who had it when it was resolved (null: nobody, the bot). */
      agentId: ref().references(() => userProfiles.id, { onDelete: 'set null' }),
      openedAt: ts().notNull(),
      handedOffAt: ts(),
      resolvedAt: ts().notNull(),
      /** From the hand-off (or the opening) to the first message a person sent; null: no person wrote. */
      firstResponseSeconds: integer(),
      resolutionSeconds: integer().notNull(),
      createdAt: createdAt(),
    },
    (t) => [
      index('conversation_episodes_client_resolved_idx').on(t.clientId, t.resolvedAt),
      index('conversation_episodes_client_opened_idx').on(t.clientId, t.openedAt),
    ],
  );

  /** Customer satisfaction after a resolved conversation: asked (a list of 1–5), rated, maybe commented. */
  const csatResponses = table(
    'csat_responses',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      conversationId: ref()
        .notNull()
        .references((): AnyColumn => conversations().id, { onDelete: 'cascade' }),
      phoneNumberId: text(),
      teamId: ref().references(() => teams.id, { onDelete: 'set null' }),
      agentId: ref().references(() => userProfiles.id, { onDelete: 'set null' }),
      rating: integer(),
      comment: text(),
      askedAt: ts().notNull(),
      ratedAt: ts(),
      commentedAt: ts(),
      createdAt: createdAt(),
    },
    (t) => [
      index('csat_responses_conversation_idx').on(t.clientId, t.conversationId, t.askedAt),
      index('csat_responses_client_rated_idx').on(t.clientId, t.ratedAt),
      check('csat_responses_rating_check', sql`${t.rating} is null or ${t.rating} between 1 and 5`),
    ],
  );

  return { teams, teamMembers, agentStatus, whatsappNumbers, businessHours, conversationEpisodes, csatResponses };
};

export type TeamsTables = ReturnType<typeof teamsTables>;
