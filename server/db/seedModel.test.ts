// Every table and column of the user's data model description (the seed) exists, on both databases,
// after the real migrations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../testing/testDatabases.js';

const SEED_COLUMNS: Record<string, string[]> = {
  clients: [
    'id',
    'name',
    'slug',
    'status',
    'plan',
    'meta_access_token_secret_id',
    'meta_verify_token_secret_id',
    'meta_phone_number_id',
    'meta_display_phone',
    'openai_api_key_secret_id',
    'openai_model',
    'groq_api_key_secret_id',
    'groq_model',
    'system_prompt',
    'formatter_prompt',
    'settings',
    'notification_email',
    'notification_webhook_url',
    'primary_model_provider',
    'created_at',
    'updated_at',
    'created_by',
  ],
  user_profiles: ['id', 'client_id', 'email', 'full_name', 'created_at', 'updated_at'],
  user_invites: ['id', 'client_id', 'email', 'token'],
  push_tokens: ['id', 'user_id', 'token', 'platform'],
  audit_logs: [
    'id',
    'user_id',
    'user_email',
    'user_role',
    'client_id',
    'action',
    'resource_type',
    'resource_id',
    'endpoint',
    'method',
    'changes',
    'metadata',
    'status',
    'error_message',
    'duration_ms',
    'created_at',
  ],
  conversations: ['id', 'client_id', 'phone', 'name', 'status', 'assigned_to', 'last_message', 'last_update', 'created_at'],
  messages: [
    'id',
    'client_id',
    'conversation_id',
    'phone',
    'name',
    'content',
    'type',
    'direction',
    'status',
    'timestamp',
    'metadata',
    'media_id',
    'media_url',
    'media_type',
    'transcription',
    'audio_duration_seconds',
    'error_details',
  ],
  n8n_chat_histories: ['id', 'session_id', 'message'],
  clientes_whatsapp: ['telefone', 'nome', 'status'],
  ai_models_registry: [
    'id',
    'provider',
    'model_name',
    'gateway_identifier',
    'capabilities',
    'context_window',
    'max_output_tokens',
    'input_price_per_million',
    'output_price_per_million',
    'cached_input_price_per_million',
    'is_active',
    'description',
    'created_at',
    'updated_at',
  ],
  shared_gateway_config: ['id', 'gateway_api_key_secret_id'],
  gateway_usage_logs: [
    'id',
    'client_id',
    'conversation_id',
    'phone',
    'request_id',
    'model_registry_id',
    'provider',
    'model_name',
    'input_tokens',
    'output_tokens',
    'cached_tokens',
    'total_tokens',
    'latency_ms',
    'was_cached',
    'was_fallback',
    'cost_usd',
    'cost_brl',
    'metadata',
    'error_details',
    'api_type',
    'created_at',
  ],
  gateway_cache_performance: ['id', 'cache_key', 'hit_count', 'miss_count'],
  client_budgets: [
    'id',
    'client_id',
    'budget_type',
    'budget_limit',
    'budget_period',
    'current_usage',
    'usage_percentage',
    'last_reset_at',
    'next_reset_at',
    'alert_threshold_80',
    'alert_threshold_90',
    'alert_threshold_100',
    'pause_at_limit',
    'is_paused',
    'notification_email',
    'inherits_from_plan',
    'budget_mode',
    'token_limit',
    'current_tokens',
    'brl_limit',
    'current_brl',
    'created_at',
    'updated_at',
  ],
  plan_budgets: ['id', 'plan_name', 'budget_limit'],
  pricing_config: ['id', 'client_id', 'provider', 'model', 'prompt_price'],
  interactive_flows: [
    'id',
    'client_id',
    'name',
    'description',
    'is_active',
    'trigger_type',
    'trigger_keywords',
    'trigger_qr_code',
    'blocks',
    'edges',
    'start_block_id',
    'created_by',
    'created_at',
    'updated_at',
  ],
  flow_executions: ['id', 'flow_id', 'conversation_id', 'current_block_id'],
  message_templates: ['id', 'client_id', 'name', 'components'],
  documents: ['id', 'content', 'metadata', 'embedding', 'client_id'],
  tts_cache: ['id', 'client_id', 'text_hash', 'audio_url'],
  tts_usage_logs: ['id', 'client_id', 'provider', 'duration_seconds'],
  usage_logs: ['id', 'client_id', 'source', 'tokens_used'],
  execution_logs: ['id', 'execution_id', 'node_name', 'status'],
  bot_configurations: ['id', 'client_id'],
};

// The tables the seed implies (Supabase auth and vault replaced, webhook inbox, versions, keys).
const IMPLIED_TABLES = ['users', 'sessions', 'secrets', 'webhook_inbox', 'flow_versions', 'api_keys'];

describe.each(DATABASE_KINDS)('the seed data model on %s', (kind) => {
  let test: TestDatabase;
  let columnsOf: (table: string) => Promise<string[]>;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const { db } = test;
    columnsOf = (table) =>
      db.system(async (tx) =>
        kind === 'sqlite'
          ? (await db.rows<{ name: string }>(tx, sql`select name from pragma_table_info(${table})`)).map((row) => row.name)
          : (
              await db.rows<{ column_name: string }>(
                tx,
                sql`select column_name from information_schema.columns where table_schema = 'public' and table_name = ${table}`,
              )
            ).map((row) => row.column_name),
      );
  });
  afterAll(() => test?.dispose());

  it.each(Object.entries(SEED_COLUMNS))('has table %s with the seed columns', async (table, columns) => {
    const actual = await columnsOf(table);
    expect(actual.length, `table ${table} is missing`).toBeGreaterThan(0);
    expect(
      columns.filter((column) => !actual.includes(column)),
      `columns of ${table} missing`,
    ).toEqual([]);
  });

  it.each(IMPLIED_TABLES)('has the implied table %s', async (table) => {
    expect((await columnsOf(table)).length).toBeGreaterThan(0);
  });

  it('keeps created_at on every table and client_id on every tenant table', async () => {
    for (const table of [...Object.keys(SEED_COLUMNS), ...IMPLIED_TABLES]) {
      const columns = await columnsOf(table);
      expect(columns, table).toContain(table === 'webhook_inbox' ? 'received_at' : 'created_at');
    }
    const tenantTables = Object.keys(SEED_COLUMNS).filter(
      (table) => !['clients', 'ai_models_registry', 'shared_gateway_config', 'plan_budgets'].includes(table),
    );
    for (const table of tenantTables) {
      const columns = await columnsOf(table);
      expect(columns.includes('client_id'), `${table} has client_id`).toBe(true);
    }
  });
});
