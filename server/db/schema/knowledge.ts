import { sql } from 'drizzle-orm';
import type * as J from '../json-types.js';
import type { Dialect } from './dialect.js';
import type { IdentityTables } from './identity.js';
import type { ConversationsTables } from './conversations.js';
import type { JobsTables } from './jobs.js';

// ── Knowledge base, voice, logs, bot configuration ───────────────────────────────────────────
export const knowledgeTables = (
  d: Dialect,
  { clients, conversations, messages, jobs }: Pick<IdentityTables, 'clients'> & Pick<ConversationsTables, 'conversations' | 'messages'> & JobsTables,
) => {
  const { table, index, uniqueIndex, check, text, integer, serialId, bool, bytes, createdAt, id, json, money, ref, ts, updatedAt, vectorColumn } = d;

  const documents = table(
    'documents',
    {
      id: serialId(),
      content: text().notNull(),
      metadata: json<J.DocumentMetadata>().notNull().default({}),
      embedding: vectorColumn(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      sourceId: text(),
      embeddingModel: text(),
      embeddingDimensions: integer(),
      createdAt: createdAt(),
    },
    (t) => [index('documents_client_source_idx').on(t.clientId, t.sourceId)],
  );

  /**
   * An uploaded file waiting for or going through ingestion (the `knowledge.ingest` job): its bytes,
   * so any instance can parse it after a restart, and the run's progress, so any instance can show
   * it. The row is deleted when the ingestion ends: promoted, failed, or cancelled (a cancel deletes
   * it, and the running handler stops when its next checkpoint finds it gone); and with its job.
   */
  const knowledgeUploads = table(
    'knowledge_uploads',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      jobId: ref()
        .notNull()
        .references(() => jobs.id, { onDelete: 'cascade' }),
      /** The document it becomes (documents.source_id). */
      sourceId: text().notNull(),
      fileName: text().notNull(),
      mediaType: text().notNull(),
      sizeBytes: integer().notNull(),
      bytes: bytes().notNull(),
      chunksDone: integer().notNull().default(0),
      /** 0 until the file has been parsed. */
      chunksTotal: integer().notNull().default(0),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [
      uniqueIndex('knowledge_uploads_job_key').on(t.jobId),
      index('knowledge_uploads_client_source_idx').on(t.clientId, t.sourceId),
      check('knowledge_uploads_sizes_check', sql`${t.sizeBytes} >= 0 and ${t.chunksDone} >= 0 and ${t.chunksTotal} >= 0`),
    ],
  );

  const ttsCache = table(
    'tts_cache',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      textHash: text().notNull(),
      text: text().notNull(),
      voice: text().notNull(),
      provider: text().notNull(),
      model: text().notNull(),
      audioUrl: text().notNull(),
      audioFormat: text().notNull().default('ogg'),
      durationSeconds: integer(),
      sizeBytes: integer(),
      hitCount: integer().notNull().default(0),
      lastUsedAt: ts(),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [uniqueIndex('tts_cache_client_hash_key').on(t.clientId, t.textHash)],
  );

  const ttsUsageLogs = table(
    'tts_usage_logs',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      conversationId: ref().references(() => conversations.id, { onDelete: 'set null' }),
      messageId: ref().references(() => messages.id, { onDelete: 'set null' }),
      provider: text().notNull(),
      model: text(),
      voice: text(),
      characters: integer().notNull().default(0),
      durationSeconds: integer(),
      costUsd: money().notNull().default('0'),
      costBrl: money().notNull().default('0'),
      fromCache: bool().notNull().default(false),
      createdAt: createdAt(),
    },
    (t) => [index('tts_usage_logs_client_created_idx').on(t.clientId, t.createdAt)],
  );

  const executionLogs = table(
    'execution_logs',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      executionId: text().notNull(),
      nodeName: text().notNull(),
      status: text().notNull(),
      conversationId: ref().references(() => conversations.id, { onDelete: 'set null' }),
      phone: text(),
      inputData: json<J.JsonObject>(),
      outputData: json<J.JsonObject>(),
      errorDetails: json<J.JsonObject>(),
      durationMs: integer(),
      createdAt: createdAt(),
    },
    (t) => [index('execution_logs_execution_idx').on(t.clientId, t.executionId), index('execution_logs_client_created_idx').on(t.clientId, t.createdAt)],
  );

  const botConfigurations = table(
    'bot_configurations',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      configKey: text().notNull(),
      configValue: json<J.JsonValue>().notNull(),
      category: text(),
      description: text(),
      isActive: bool().notNull().default(true),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [uniqueIndex('bot_configurations_client_key').on(t.clientId, t.configKey)],
  );

  return { documents, knowledgeUploads, ttsCache, ttsUsageLogs, executionLogs, botConfigurations };
};

export type KnowledgeTables = ReturnType<typeof knowledgeTables>;
