import { sql } from 'drizzle-orm';
import { FLOW_EXECUTION_STATUSES, type FlowExecutionStatus } from '#shared/domain/statuses.js';
import type * as J from '../json-types.js';
import type { Dialect } from './dialect.js';
import type { IdentityTables } from './identity.js';
import type { ConversationsTables } from './conversations.js';

// ── Flows and templates ──────────────────────────────────────────────────────────────────────
export const flowsTables = (
  d: Dialect,
  { users, clients, conversations }: Pick<IdentityTables, 'users' | 'clients'> & Pick<ConversationsTables, 'conversations'>,
) => {
  const { table, index, uniqueIndex, check, oneOf, text, integer, bool, createdAt, id, json, ref, textList, ts, tsDefaultNow, updatedAt } = d;

  const interactiveFlows = table(
    'interactive_flows',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      name: text().notNull(),
      description: text(),
      isActive: bool().notNull().default(false),
      triggerType: text().notNull().default('keyword'),
      triggerKeywords: textList().notNull().default([]),
      triggerQrCode: text(),
      blocks: json<J.JsonValue[]>().notNull().default([]),
      edges: json<J.JsonValue[]>().notNull().default([]),
      startBlockId: text(),
      schemaVersion: integer().notNull().default(1),
      draftRevision: integer().notNull().default(1),
      publishedVersionId: ref(),
      settings: json<J.JsonObject>().notNull().default({}),
      createdBy: ref().references(() => users.id, { onDelete: 'set null' }),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [index('interactive_flows_client_idx').on(t.clientId, t.isActive), uniqueIndex('interactive_flows_client_qr_key').on(t.clientId, t.triggerQrCode)],
  );

  const flowVersions = table(
    'flow_versions',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      flowId: ref()
        .notNull()
        .references(() => interactiveFlows.id, { onDelete: 'cascade' }),
      version: integer().notNull(),
      name: text().notNull(),
      document: json<J.JsonObject>().notNull(),
      schemaVersion: integer().notNull().default(1),
      publishedBy: ref().references(() => users.id, { onDelete: 'set null' }),
      createdAt: createdAt(),
    },
    (t) => [uniqueIndex('flow_versions_flow_version_key').on(t.flowId, t.version)],
  );

  const flowExecutions = table(
    'flow_executions',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      flowId: ref()
        .notNull()
        .references(() => interactiveFlows.id, { onDelete: 'cascade' }),
      flowVersionId: ref().references(() => flowVersions.id, { onDelete: 'set null' }),
      conversationId: ref().references(() => conversations.id, { onDelete: 'cascade' }),
      currentBlockId: text(),
      variables: json<J.JsonObject>().notNull().default({}),
      status: text().$type<FlowExecutionStatus>().notNull().default('running'),
      retryCount: integer().notNull().default(0),
      visitedBlocks: json<string[]>().notNull().default([]),
      resumeAt: ts(),
      expiresAt: ts(),
      lastActivityAt: tsDefaultNow(),
      startedAt: createdAt(),
      completedAt: ts(),
      errorDetails: json<J.JsonObject>(),
      /** While `running`: the customer's message the step answers (its re-run after a crash takes the step over at once). */
      claimedFor: text(),
      /** While `running`: who holds the step; a takeover replaces it, and only its holder may store the step. */
      claimToken: text(),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [
      uniqueIndex('flow_executions_one_active_key')
        .on(t.conversationId)
        .where(sql`${t.status} in ('running', 'waiting_input', 'waiting_delay')`),
      index('flow_executions_flow_idx').on(t.flowId, t.status),
      index('flow_executions_due_idx').on(t.status, t.resumeAt),
      oneOf('flow_executions_status_check', t.status, FLOW_EXECUTION_STATUSES),
    ],
  );

  const messageTemplates = table(
    'message_templates',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      name: text().notNull(),
      language: text().notNull().default('pt_BR'),
      category: text().notNull().default('UTILITY'),
      status: text().notNull().default('PENDING'),
      components: json<J.JsonValue[]>().notNull().default([]),
      metaTemplateId: text(),
      rejectedReason: text(),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [uniqueIndex('message_templates_client_name_lang_key').on(t.clientId, t.name, t.language)],
  );

  // Replies agents insert in the inbox by typing /shortcut: one list per client, shared by every
  // agent and device. Shortcuts are stored lowercased (case-insensitive uniqueness with a plain
  // index on both databases); their alphabet is checked by the service (Unicode letters).
  const cannedResponses = table(
    'canned_responses',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      shortcut: text().notNull(),
      content: text().notNull(),
      createdBy: ref().references(() => users.id, { onDelete: 'set null' }),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [
      uniqueIndex('canned_responses_client_shortcut_key').on(t.clientId, t.shortcut),
      check('canned_responses_shortcut_check', sql`length(${t.shortcut}) between 1 and 40 and ${t.shortcut} = lower(${t.shortcut})`),
      check('canned_responses_content_check', sql`length(${t.content}) between 1 and 4096`),
    ],
  );

  return { interactiveFlows, flowVersions, flowExecutions, messageTemplates, cannedResponses };
};

export type FlowsTables = ReturnType<typeof flowsTables>;
