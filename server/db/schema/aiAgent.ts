import { sql } from 'drizzle-orm';
import type * as J from '../json-types.js';
import type { Dialect } from './dialect.js';
import type { IdentityTables } from './identity.js';
import type { ConversationsTables } from './conversations.js';

// ── The AI agent: client-defined HTTP tools and the bot's pending turns (burst debounce) ─────────
export const aiAgentTables = (
  d: Dialect,
  { clients }: Pick<IdentityTables, 'clients'>,
  { conversations, messages }: Pick<ConversationsTables, 'conversations' | 'messages'>,
) => {
  const { table, index, uniqueIndex, check, oneOf, text, integer, bool, id, ref, json, ts, createdAt, updatedAt } = d;

  /**
   * HTTP tools a client defines for its AI (server/features/aiTools): the model sees the name, the
   * description and the JSON Schema of the parameters; a call fills `url_template`'s `{param}`
   * placeholders and sends the arguments as the JSON body (POST/PUT/PATCH). Header values are
   * sealed in the vault (`headers[].secretId`), never stored here.
   */
  const aiHttpTools = table(
    'ai_http_tools',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      name: text().notNull(),
      description: text().notNull(),
      parameters: json<J.JsonObject>().notNull().default({}),
      method: text().notNull().default('POST'),
      urlTemplate: text().notNull(),
      /** [{ name, secretId }]: each value in the vault. */
      headers: json<J.JsonValue[]>().notNull().default([]),
      timeoutMs: integer().notNull().default(10_000),
      isActive: bool().notNull().default(true),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [
      uniqueIndex('ai_http_tools_client_name_key').on(t.clientId, t.name),
      oneOf('ai_http_tools_method_check', t.method, ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
      check('ai_http_tools_timeout_check', sql`${t.timeoutMs} >= 100 and ${t.timeoutMs} <= 60000`),
    ],
  );

  /**
   * Customer messages the AI reply took and has not answered yet: one row per message, due when
   * its burst window ends. A `botReply.turn` job per row runs at `due_at`; the job that finds no
   * later due row answers every pending message of the conversation in one turn and deletes them
   * in the transaction that queues the reply (durable across restarts: answered exactly once).
   */
  const botReplyPending = table(
    'bot_reply_pending',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      conversationId: ref()
        .notNull()
        .references(() => conversations.id, { onDelete: 'cascade' }),
      messageId: ref()
        .notNull()
        .references(() => messages.id, { onDelete: 'cascade' }),
      dueAt: ts().notNull(),
      createdAt: createdAt(),
    },
    (t) => [uniqueIndex('bot_reply_pending_message_key').on(t.messageId), index('bot_reply_pending_conversation_idx').on(t.conversationId, t.dueAt)],
  );

  return { aiHttpTools, botReplyPending };
};

export type AiAgentTables = ReturnType<typeof aiAgentTables>;
