import { sql } from 'drizzle-orm';
import {
  CONVERSATION_PRIORITIES,
  CONVERSATION_STATUSES,
  INBOX_EVENT_KINDS,
  INBOX_EVENT_STATES,
  MESSAGE_DIRECTIONS,
  MESSAGE_STATUSES,
  MESSAGE_TYPES,
  type ConversationPriority,
  type ConversationStatus,
  type CustomerStatus,
  type InboxEventKind,
  type InboxEventState,
  type MessageDirection,
  type MessageStatus,
  type MessageType,
} from '#shared/domain/statuses.js';
import type * as J from '../json-types.js';
import type { Dialect } from './dialect.js';
import type { IdentityTables } from './identity.js';

// ── Conversations and messages ───────────────────────────────────────────────────────────────
export const conversationsTables = (d: Dialect, { clients }: Pick<IdentityTables, 'clients'>) => {
  const { table, index, uniqueIndex, oneOf, text, integer, serialId, bool, bytes, createdAt, id, json, ref, ts, tsDefaultNow, updatedAt } = d;

  const clientesWhatsapp = table(
    'clientes_whatsapp',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      telefone: text().notNull(),
      nome: text(),
      status: text().$type<CustomerStatus>().notNull().default('active'),
      waId: text(),
      userId: text(),
      /** A test customer played on the test phone (sandbox number), not a real person. */
      isTest: bool().notNull().default(false),
      metadata: json<J.JsonObject>().notNull().default({}),
      /** When the customer opted out of business-initiated messages (status 'opted_out'); null while subscribed. */
      optedOutAt: ts(),
      /** How: `keyword:<the word>` or `agent:<user id>`. */
      optOutSource: text(),
      /** When and how the customer gave consent to business-initiated messages (`import:<id>`, `agent:<user id>`, `keyword:<word>`). */
      optedInAt: ts(),
      optInSource: text(),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [uniqueIndex('clientes_whatsapp_client_telefone_key').on(t.clientId, t.telefone)],
  );

  const conversations = table(
    'conversations',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      clienteWhatsappId: ref().references(() => clientesWhatsapp.id, { onDelete: 'set null' }),
      phone: text().notNull(),
      name: text(),
      status: text().$type<ConversationStatus>().notNull().default('bot'),
      assignedTo: text(),
      lastMessage: text(),
      lastUpdate: tsDefaultNow(),
      lastInboundAt: ts(),
      /**
       * The business number the conversation is on (webhook metadata.phone_number_id; the client's
       * main number's id for chats the business starts); null only when the client had no number
       * (then the main number's credentials answer). A customer has one conversation per number.
       */
      phoneNumberId: text(),
      /**
       * The number as the conversation's key: phone_number_id, '' for none (computed by the database;
       * a unique key over a nullable column would let NULLs repeat). Upserts name it in their target.
       */
      numberKey: text()
        .notNull()
        .generatedAlwaysAs(sql`coalesce(phone_number_id, '')`),
      unreadCount: integer().notNull().default(0),
      /** `snoozed` until then (a conversations.snooze.wake job runs at that time); null: until the customer writes. */
      snoozedUntil: ts(),
      priority: text().$type<ConversationPriority>().notNull().default('normal'),
      /** The team whose queue the conversation is in or who handles it (teams.id; no foreign key: a deleted team's conversations are cleared by the teams feature). */
      teamId: ref(),
      /** Since when it has waited for a person (handed off, unassigned); null when nobody is awaited. */
      queuedAt: ts(),
      /** When the current episode began: the first message, or the one that reopened it after it was resolved (reports count episodes). */
      openedAt: ts(),
      /** When people first got it in the current episode (a handoff or a takeover); null: the bot alone so far. */
      handedOffAt: ts(),
      /** When the business-hours flow (business_hours.away_flow_id) last started here; once per episode (opened_at). */
      awayFlowStartedAt: ts(),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [
      uniqueIndex('conversations_client_phone_number_key').on(t.clientId, t.phone, t.numberKey),
      index('conversations_client_status_update_idx').on(t.clientId, t.status, t.lastUpdate),
      index('conversations_client_update_idx').on(t.clientId, t.lastUpdate),
      index('conversations_client_team_status_idx').on(t.clientId, t.teamId, t.status),
      index('conversations_client_assignee_status_idx').on(t.clientId, t.assignedTo, t.status),
      index('conversations_client_opened_idx').on(t.clientId, t.openedAt),
      oneOf('conversations_status_check', t.status, CONVERSATION_STATUSES),
      oneOf('conversations_priority_check', t.priority, CONVERSATION_PRIORITIES),
    ],
  );

  const messages = table(
    'messages',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      conversationId: ref()
        .notNull()
        .references(() => conversations.id, { onDelete: 'cascade' }),
      phone: text().notNull(),
      name: text(),
      content: text(),
      type: text().$type<MessageType>().notNull().default('text'),
      direction: text().$type<MessageDirection>().notNull(),
      status: text().$type<MessageStatus>().notNull(),
      timestamp: tsDefaultNow(),
      metadata: json<J.JsonObject>().notNull().default({}),
      wamid: text(),
      mediaId: text(),
      mediaUrl: text(),
      mediaType: text(),
      transcription: text(),
      audioDurationSeconds: integer(),
      errorDetails: json<J.JsonObject>(),
      sentBy: text(),
      sendAttempts: integer().notNull().default(0),
      nextAttemptAt: ts(),
      /** Outgoing: when the send to Meta began (committed before the call); null while not being sent. */
      sendStartedAt: ts(),
      /** Outgoing: idempotency key (`<inbound message id>/<step>`), so a re-run never queues a reply twice. */
      replyKey: text(),
      /** Incoming: when a responder's answer (or flow step) was committed; a re-run after a crash skips it. */
      answeredAt: ts(),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [
      uniqueIndex('messages_client_wamid_key').on(t.clientId, t.wamid),
      index('messages_conversation_time_idx').on(t.conversationId, t.timestamp),
      // Reports: messages of a period (sent by people or the bot, received by the hour).
      index('messages_client_time_idx').on(t.clientId, t.timestamp),
      index('messages_outbox_idx')
        .on(t.status, t.nextAttemptAt)
        .where(sql`${t.status} = 'queued'`),
      // The outbox's head-of-line check: a conversation's oldest queued outgoing row, without a scan.
      index('messages_outbox_head_idx')
        .on(t.conversationId, t.timestamp, t.id)
        .where(sql`${t.status} = 'queued' and ${t.direction} = 'outgoing'`),
      uniqueIndex('messages_client_reply_key').on(t.clientId, t.replyKey),
      oneOf('messages_type_check', t.type, MESSAGE_TYPES),
      oneOf('messages_direction_check', t.direction, MESSAGE_DIRECTIONS),
      oneOf('messages_status_check', t.status, MESSAGE_STATUSES),
    ],
  );

  const n8nChatHistories = table(
    'n8n_chat_histories',
    {
      id: serialId(),
      sessionId: text().notNull(),
      message: json<J.ChatMemoryMessage>().notNull(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      conversationId: ref().references(() => conversations.id, { onDelete: 'cascade' }),
      createdAt: createdAt(),
    },
    (t) => [index('n8n_chat_histories_session_idx').on(t.clientId, t.sessionId, t.id)],
  );

  const webhookInbox = table(
    'webhook_inbox',
    {
      id: serialId(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      kind: text().$type<InboxEventKind>().notNull(),
      dedupeKey: text().notNull(),
      conversationKey: text().notNull(),
      payload: json<J.JsonObject>().notNull(),
      state: text().$type<InboxEventState>().notNull().default('pending'),
      /** Claims (a crash or a database error counts here, not in failures). */
      attempts: integer().notNull().default(0),
      /** The event's own failures: what the retry budget counts. */
      failures: integer().notNull().default(0),
      /** WhatsApp's timestamp of the message (seconds resolution): a customer's messages run in this order. */
      occurredAt: ts(),
      lockedBy: text(),
      lockedUntil: ts(),
      lastError: text(),
      receivedAt: createdAt(),
      processedAt: ts(),
    },
    (t) => [
      uniqueIndex('webhook_inbox_client_dedupe_key').on(t.clientId, t.dedupeKey),
      index('webhook_inbox_pending_idx')
        .on(t.state, t.id)
        .where(sql`${t.state} = 'pending'`),
      index('webhook_inbox_conversation_idx').on(t.clientId, t.conversationKey, t.id),
      oneOf('webhook_inbox_kind_check', t.kind, INBOX_EVENT_KINDS),
      oneOf('webhook_inbox_state_check', t.state, INBOX_EVENT_STATES),
    ],
  );

  /** Media the test phone sends and the business uploads to the sandbox number (stands in for Meta's media store). */
  const sandboxMedia = table(
    'sandbox_media',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      mimeType: text().notNull(),
      bytes: bytes().notNull(),
      createdAt: createdAt(),
    },
    (t) => [index('sandbox_media_client_idx').on(t.clientId, t.createdAt)],
  );

  return { clientesWhatsapp, conversations, messages, n8nChatHistories, webhookInbox, sandboxMedia };
};

export type ConversationsTables = ReturnType<typeof conversationsTables>;
