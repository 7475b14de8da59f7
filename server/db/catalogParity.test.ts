// The PostgreSQL and SQLite migrations must build the same data model: both are migrated fresh and
// their catalogs compared (tables, columns, type classes, nullability, defaults, keys, indexes with
// their predicates, foreign keys with actions, CHECKs). The only differences allowed are listed
// below, each with its reason; a listed difference that no longer occurs fails too, so the list
// cannot go stale. A deliberate mismatch applied to one side must be reported.
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/testDatabases.js';
import { compareCatalogs, readPgCatalog, readSqliteCatalog, type Catalog } from './catalog/index.js';
import { sqliteNativeBinding } from './sqliteNativeBinding.js';

let sqliteDb: TestDatabase;
let pgDb: TestDatabase;
let sqliteConnection: Database.Database;
let pgClient: pg.Client;

beforeAll(async () => {
  sqliteDb = await createTestDatabase('sqlite');
  pgDb = await createTestDatabase('pg');
  if (sqliteDb.target.kind !== 'sqlite' || pgDb.target.kind !== 'pg') throw new Error('unexpected test targets');
  sqliteConnection = new Database(sqliteDb.target.file, { nativeBinding: sqliteNativeBinding() });
  pgClient = new pg.Client({ connectionString: pgDb.target.url });
  await pgClient.connect();
}, 60_000);

afterAll(async () => {
  sqliteConnection?.close();
  await pgClient?.end();
  await sqliteDb?.dispose();
  await pgDb?.dispose();
});

const catalogs = async (): Promise<{ pg: Catalog; sqlite: Catalog }> => ({
  pg: await readPgCatalog(pgClient),
  sqlite: readSqliteCatalog(sqliteConnection),
});

/**
 * Differences the two migration folders make on purpose. Not compared at all: row-level security
 * (PostgreSQL only: tenancy on SQLite is the service layer's job) and the bodies of triggers
 * (PL/pgSQL functions vs SQLite trigger statements); triggers are compared by purpose.
 */
const KNOWN_DIFFERENCES: { difference: string; reason: string }[] = [
  ...[256, 384, 512, 768, 1024, 1536, 3072].map((dimensions) => ({
    difference: `documents: index documents_embedding_hnsw_${dimensions} (hnsw) only on pg`,
    reason: 'pgvector HNSW index per embedding dimension (migrations/pg/0002); SQLite searches with sqlite-vec, unindexed',
  })),
  {
    difference: `interactive_flows.trigger_keywords: default pg="'{}'" sqlite="'[]'"`,
    reason: 'the same empty list: a text[] literal on PostgreSQL, JSON text on SQLite (columns.*.ts textList)',
  },
  {
    difference: `shared_gateway_config.fallback_chain: default pg="'{}'" sqlite="'[]'"`,
    reason: 'as interactive_flows.trigger_keywords',
  },
  ...[
    ['clientes_whatsapp', 'clientes_whatsapp_nome_trgm_idx'],
    ['clientes_whatsapp', 'clientes_whatsapp_telefone_trgm_idx'],
    ['contact_attribute_values', 'contact_attribute_values_value_trgm_idx'],
  ].map(([table, index]) => ({
    difference: `${table}: index ${index} (gin) only on pg`,
    reason: 'pg_trgm GIN index for contact search (migrations/pg/0020); SQLite indexes names and numbers in an FTS5 trigram table, attribute values not',
  })),
  {
    difference: 'clientes_whatsapp: trigger search_index only on sqlite',
    reason: 'keeps the FTS5 trigram table clientes_whatsapp_search (migrations/sqlite/0016) in step, where PostgreSQL has GIN indexes',
  },
];
const known = new Set(KNOWN_DIFFERENCES.map((entry) => entry.difference));

const unexplained = (differences: string[]) => differences.filter((difference) => !known.has(difference));

describe('catalog parity of the migrated PostgreSQL and SQLite databases', () => {
  it('finds the same data model on both, apart from the listed deliberate differences', async () => {
    const { pg: pgCatalog, sqlite: sqliteCatalog } = await catalogs();
    // Guard against a reader that sees nothing (an empty comparison would pass vacuously).
    expect(Object.keys(pgCatalog).length).toBeGreaterThan(30);
    expect(Object.keys(pgCatalog.messages!.checks).length).toBeGreaterThan(0);
    expect(pgCatalog.messages!.foreignKeys.length).toBeGreaterThan(0);

    const differences = compareCatalogs(pgCatalog, sqliteCatalog);
    expect(unexplained(differences)).toEqual([]);
    // A deliberate difference that has gone away must leave the list too.
    expect(KNOWN_DIFFERENCES.map((entry) => entry.difference).filter((difference) => !differences.includes(difference))).toEqual([]);
  });

  it('reads partial-index predicates, foreign-key actions and CHECKs alike on both sides', async () => {
    const { pg: pgCatalog, sqlite: sqliteCatalog } = await catalogs();
    const outbox = { unique: false, columns: ['status', 'next_attempt_at'], predicate: "status = 'queued'" };
    expect(pgCatalog.messages!.indexes.messages_outbox_idx).toEqual(outbox);
    expect(sqliteCatalog.messages!.indexes.messages_outbox_idx).toEqual(outbox);
    const sessionsUser = '(user_id) -> users(id) on delete cascade on update no action';
    expect(pgCatalog.sessions!.foreignKeys).toContain(sessionsUser);
    expect(sqliteCatalog.sessions!.foreignKeys).toContain(sessionsUser);
    const shortcut = pgCatalog.canned_responses!.checks.canned_responses_shortcut_check;
    expect(shortcut).toMatch(/length shortcut >= 1 and length shortcut <= 40/);
    expect(sqliteCatalog.canned_responses!.checks.canned_responses_shortcut_check).toBe(shortcut);
    expect(pgCatalog.gateway_usage_logs!.triggers).toEqual(['spend_rollup']);
    expect(sqliteCatalog.gateway_usage_logs!.triggers).toEqual(['spend_rollup']);
    expect(sqliteCatalog.users!.triggers).toEqual(['touch_updated_at']);
    // The report rollups' triggers (migrations pg 0026 / sqlite 0020) on each of their sources.
    for (const table of ['conversation_episodes', 'conversations', 'messages', 'csat_responses']) {
      expect(pgCatalog[table]!.triggers, table).toContain('report_rollup');
      expect(sqliteCatalog[table]!.triggers, table).toContain('report_rollup');
    }
    // A generated column (stored on PostgreSQL, virtual on SQLite) is read with its expression.
    const numberKey = { typeClass: 'text', nullable: false, default: "generated as coalesce phone_number_id, ''" };
    expect(pgCatalog.conversations!.columns.number_key).toEqual(numberKey);
    expect(sqliteCatalog.conversations!.columns.number_key).toEqual(numberKey);
  });

  // Each mismatch is applied inside a transaction that is rolled back (DDL is transactional on both
  // databases), so the cases do not disturb each other or the comparison above.
  const mismatches: { name: string; side: 'pg' | 'sqlite'; ddl: string[]; reported: string }[] = [
    {
      name: 'nullability',
      side: 'pg',
      ddl: ['alter table users alter column password_hash set not null'],
      reported: 'users.password_hash: nullable pg=false sqlite=true',
    },
    {
      name: 'a default',
      side: 'pg',
      ddl: [`alter table clients alter column plan set default 'pro'`],
      reported: `clients.plan: default pg="'pro'" sqlite="'free'"`,
    },
    {
      name: 'an index present on one side only',
      side: 'sqlite',
      ddl: ['create index users_extra_idx on users (email)'],
      reported: 'users: index users_extra_idx only on sqlite',
    },
    {
      name: 'a partial index predicate',
      side: 'pg',
      ddl: ['drop index messages_outbox_idx', `create index messages_outbox_idx on messages (status, next_attempt_at) where status = 'failed'`],
      reported: 'messages: index messages_outbox_idx pg=',
    },
    {
      name: 'a foreign-key action',
      side: 'pg',
      ddl: [
        `do $$ begin execute (select format('alter table sessions drop constraint %I', conname) from pg_constraint
           where conrelid = 'sessions'::regclass and contype = 'f'); end $$`,
        'alter table sessions add foreign key (user_id) references users (id) on delete restrict',
      ],
      reported: 'sessions: foreign key (user_id) -> users(id) on delete restrict on update no action only on pg',
    },
    {
      name: 'a CHECK expression',
      side: 'pg',
      ddl: [
        'alter table canned_responses drop constraint canned_responses_content_check',
        'alter table canned_responses add constraint canned_responses_content_check check (length(content) between 1 and 4000)',
      ],
      reported: 'canned_responses: check canned_responses_content_check pg=',
    },
    {
      name: 'a generated column expression',
      side: 'pg',
      ddl: [
        'drop index conversations_client_phone_number_key',
        'alter table conversations drop column number_key',
        `alter table conversations add column number_key text generated always as (coalesce(phone, '')) stored not null`,
      ],
      reported: 'conversations.number_key: default pg=',
    },
    {
      name: 'a missing trigger',
      side: 'sqlite',
      ddl: ['drop trigger users_touch_updated_at'],
      reported: 'users: trigger touch_updated_at only on pg',
    },
    {
      name: 'a missing unique key',
      side: 'sqlite',
      ddl: ['drop index sessions_token_hash_key'],
      reported: 'sessions: index sessions_token_hash_key only on pg',
    },
  ];

  it.each(mismatches)('reports a deliberate mismatch in $name applied to $side', async ({ side, ddl, reported }) => {
    let differences: string[];
    if (side === 'pg') {
      await pgClient.query('begin');
      try {
        for (const statement of ddl) await pgClient.query(statement);
        differences = compareCatalogs(await readPgCatalog(pgClient), readSqliteCatalog(sqliteConnection));
      } finally {
        await pgClient.query('rollback');
      }
    } else {
      sqliteConnection.exec('begin');
      try {
        for (const statement of ddl) sqliteConnection.exec(statement);
        differences = compareCatalogs(await readPgCatalog(pgClient), readSqliteCatalog(sqliteConnection));
      } finally {
        sqliteConnection.exec('rollback');
      }
    }
    expect(unexplained(differences).some((difference) => difference.startsWith(reported))).toBe(true);
    // Rolled back: the databases agree again.
    const { pg: pgCatalog, sqlite: sqliteCatalog } = await catalogs();
    expect(unexplained(compareCatalogs(pgCatalog, sqliteCatalog))).toEqual([]);
  });
});
