// PostgreSQL's row-level security is the second wall between tenants: raw SQL run as the app's
// runtime role inside tenant A's context must not read, update, insert into or delete tenant B's
// rows, on every table that has a client_id. Rows are generated for every such table from the
// catalogue, so a table added later is covered without touching this test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestTarget } from '../testing/testDatabases.js';
import { openDatabase, type Database } from './openDatabase.js';

type Column = { column_name: string; is_nullable: string; column_default: string | null; data_type: string; udt_name: string };

describe('row-level security on PostgreSQL', () => {
  let drop: () => Promise<void>;
  let db: Database;
  let owner: pg.Client;
  let app: pg.Client;
  let system: pg.Client;
  let tenantTables: string[];
  const clientA = randomUUID();
  const clientB = randomUUID();

  beforeAll(async () => {
    const created = await createTestTarget('pg');
    drop = created.drop;
    if (created.target.kind !== 'pg') throw new Error('unreachable');
    db = await openDatabase(created.target); // migrates and grants the runtime roles
    owner = new pg.Client({ connectionString: created.target.url });
    await owner.connect();
    app = new pg.Client({ connectionString: created.target.appUrl });
    await app.connect();
    system = new pg.Client({ connectionString: created.target.systemUrl });
    await system.connect();

    tenantTables = (
      await owner.query<{ table_name: string }>(`
      select c.table_name from information_schema.columns c
      join information_schema.tables t using (table_schema, table_name)
      where c.table_schema = 'public' and c.column_name = 'client_id' and t.table_type = 'BASE TABLE' order by 1`)
    ).rows.map((row) => row.table_name);
    await seedEveryTenantTable(system, [clientA, clientB], tenantTables);
  }, 120_000);

  afterAll(async () => {
    await app?.end();
    await system?.end();
    await owner?.end();
    await db?.close();
    await drop?.();
  });

  const asTenant = async <T>(clientId: string, fn: () => Promise<T>): Promise<T> => {
    await app.query('begin');
    try {
      await app.query(`select set_config('app.client_id', $1, true)`, [clientId]);
      return await fn();
    } finally {
      await app.query('rollback');
    }
  };

  it('runs as a role that is neither superuser, nor owner, nor exempt from RLS', async () => {
    const { rows } = await app.query(`select rolsuper, rolbypassrls from pg_roles where rolname = current_user`);
    expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
    const owned = await app.query(`select count(*)::int as n from pg_tables where schemaname = 'public' and tableowner = current_user`);
    expect(owned.rows[0].n).toBe(0);
  });

  it('forces row-level security on every tenant table', async () => {
    expect(tenantTables.length).toBeGreaterThanOrEqual(25);
    // The report rollups and their deltas hold every tenant's figures side by side (migration 0026).
    expect(tenantTables).toEqual(expect.arrayContaining(['report_rollups', 'report_time_histograms', 'report_rollup_deltas', 'report_time_histogram_deltas']));
    const { rows } = await owner.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      `select relname, relrowsecurity, relforcerowsecurity from pg_class where relname = any($1) and relkind = 'r'`,
      [[...tenantTables, 'clients']],
    );
    for (const row of rows)
      expect({ table: row.relname, on: row.relrowsecurity, forced: row.relforcerowsecurity }).toEqual({ table: row.relname, on: true, forced: true });
  });

  it('sees nothing at all without a tenant context', async () => {
    for (const table of tenantTables) {
      await app.query('begin');
      const { rows } = await app.query(`select count(*)::int as n from ${table}`);
      await app.query('rollback');
      expect({ table, visible: rows[0].n }).toEqual({ table, visible: 0 });
    }
  });

  it('lets tenant A read only its own rows, on every tenant table and on clients', async () => {
    for (const table of tenantTables) {
      const counts = await asTenant(
        clientA,
        async () =>
          (
            await app.query(
              `select count(*) filter (where client_id = $1)::int as mine, count(*) filter (where client_id is distinct from $1)::int as others from ${table}`,
              [clientA],
            )
          ).rows[0],
      );
      expect({ table, ...counts }).toEqual({ table, mine: counts.mine, others: 0 });
      expect(counts.mine, `${table} has a row for tenant A`).toBeGreaterThan(0);
    }
    const clients = await asTenant(clientA, async () => (await app.query('select id from clients')).rows);
    expect(clients).toEqual([{ id: clientA }]);
  });

  it("cannot update or delete tenant B's rows from tenant A's context", async () => {
    for (const table of tenantTables) {
      const result = await asTenant(clientA, async () => ({
        updated: (await app.query(`update ${table} set client_id = client_id where client_id = $1`, [clientB])).rowCount,
        deleted: (await app.query(`delete from ${table} where client_id = $1`, [clientB])).rowCount,
      }));
      expect({ table, ...result }).toEqual({ table, updated: 0, deleted: 0 });
    }
    // And B's rows are all still there.
    for (const table of tenantTables) {
      const count = await withSystem(
        system,
        async () => (await system.query(`select count(*)::int as n from ${table} where client_id = $1`, [clientB])).rows[0].n,
      );
      expect(count, table).toBeGreaterThan(0);
    }
  });

  it('cannot insert rows for tenant B, nor move its own rows to tenant B', async () => {
    for (const table of tenantTables) {
      const template = await withSystem(
        system,
        async () =>
          (await system.query(`select to_jsonb(t) as row from ${table} t where client_id = $1 limit 1`, [clientA])).rows[0].row as Record<string, unknown>,
      );
      const forged = { ...template, client_id: clientB, id: typeof template.id === 'number' ? 900_000_000 + Math.floor(Math.random() * 1e6) : randomUUID() };
      // Every column but the generated ones (the database computes those).
      const writable = (
        await system.query<{ column_name: string }>(
          `select column_name from information_schema.columns where table_schema = 'public' and table_name = $1 and is_generated = 'NEVER'`,
          [table],
        )
      ).rows
        .map((row) => `"${row.column_name}"`)
        .join(', ');
      const insert = asTenant(clientA, () =>
        app.query(`insert into ${table} (${writable}) select ${writable} from jsonb_populate_record(null::${table}, $1)`, [forged]),
      );
      await expect(insert, table).rejects.toThrow(/row-level security/);
      const move = asTenant(clientA, () => app.query(`update ${table} set client_id = $2 where client_id = $1`, [clientA, clientB]));
      await expect(move, table).rejects.toThrow(/row-level security/);
    }
  });
});

/** Platform work: the system login (BYPASSRLS), as the server's db.system runs it. */
async function withSystem<T>(client: pg.Client, fn: () => Promise<T>): Promise<T> {
  await client.query('begin');
  try {
    return await fn();
  } finally {
    await client.query('commit');
  }
}

/** Inserts a row for each tenant into every tenant table, filling required columns from the catalogue. */
async function seedEveryTenantTable(system: pg.Client, tenants: string[], tables: string[]): Promise<void> {
  const foreignKeys = (
    await system.query<{ table_name: string; column_name: string; target: string }>(`
    select cl.relname as table_name, att.attname as column_name, target.relname as target
    from pg_constraint con join pg_class cl on cl.oid = con.conrelid join pg_class target on target.oid = con.confrelid
    join pg_attribute att on att.attrelid = con.conrelid and att.attnum = con.conkey[1]
    where con.contype = 'f' and cl.relnamespace = 'public'::regnamespace`)
  ).rows;
  await withSystem(system, async () => {
    for (const tenant of tenants) {
      await system.query(`insert into clients (id, name, slug) values ($1, $2, $3)`, [tenant, `Tenant ${tenant}`, `t-${tenant}`]);
      const userId = randomUUID();
      await system.query(`insert into users (id, email) values ($1, $2)`, [userId, `${tenant}@example.test`]);
      await system.query(`insert into user_profiles (id, client_id, email) values ($1, $2, $3)`, [userId, tenant, `${tenant}@example.test`]);
    }
  });
  // Several passes: a table whose required foreign key points at a table not yet filled waits.
  const pending = new Set(tables);
  for (let pass = 0; pass < 10 && pending.size > 0; pass++) {
    for (const table of [...pending]) {
      const columns = (
        await system.query<Column>(
          // Generated columns (conversations.number_key) are computed by the database: never written.
          `select column_name, is_nullable, column_default, data_type, udt_name
        from information_schema.columns where table_schema = 'public' and table_name = $1 and is_generated = 'NEVER'`,
          [table],
        )
      ).rows;
      try {
        await withSystem(system, async () => {
          for (const tenant of tenants) {
            const existing = await system.query(`select 1 from ${table} where client_id = $1 limit 1`, [tenant]);
            if (existing.rowCount) continue;
            const names: string[] = [];
            const values: unknown[] = [];
            for (const column of columns) {
              const value = await valueFor(system, table, column, tenant, foreignKeys);
              if (value === undefined) continue;
              names.push(column.column_name);
              values.push(value);
            }
            await system.query(`insert into ${table} (${names.join(', ')}) values (${names.map((_, index) => `$${index + 1}`).join(', ')})`, values);
          }
        });
        pending.delete(table);
      } catch {
        // retried in the next pass
      }
    }
  }
  if (pending.size) throw new Error(`could not generate rows for: ${[...pending].join(', ')}`);
}

/** Required columns whose CHECK constraint only accepts certain words. */
const CLOSED_VOCABULARY: Record<string, string> = {
  'messages.direction': 'incoming',
  'messages.status': 'received',
  'push_tokens.platform': 'web',
  'webhook_inbox.kind': 'message',
  'contact_attributes.type': 'text',
  // Required columns with a CHECK on their shape (a generated `shortcut-<uuid>` is too long).
  'canned_responses.shortcut': 'ola',
};

async function valueFor(
  system: pg.Client,
  table: string,
  column: Column,
  tenant: string,
  foreignKeys: { table_name: string; column_name: string; target: string }[],
) {
  if (column.column_name === 'client_id') return tenant;
  const closed = CLOSED_VOCABULARY[`${table}.${column.column_name}`];
  if (closed !== undefined) return closed;
  const foreignKey = foreignKeys.find((key) => key.table_name === table && key.column_name === column.column_name);
  if (foreignKey) {
    if (column.is_nullable === 'YES') return undefined;
    const targetHasTenant = (
      await system.query(`select 1 from information_schema.columns where table_name = $1 and column_name = 'client_id'`, [foreignKey.target])
    ).rowCount;
    const { rows } = await system.query(
      `select id from ${foreignKey.target} ${targetHasTenant ? 'where client_id = $1' : ''} limit 1`,
      targetHasTenant ? [tenant] : [],
    );
    if (!rows[0]) throw new Error(`no ${foreignKey.target} row yet`);
    return rows[0].id;
  }
  if (column.is_nullable === 'YES' || column.column_default !== null) return undefined;
  if (column.data_type === 'uuid') return randomUUID();
  if (column.data_type === 'text') return `${column.column_name}-${randomUUID()}`;
  if (['integer', 'bigint', 'numeric', 'double precision'].includes(column.data_type)) return 1;
  if (column.data_type === 'boolean') return false;
  if (column.data_type === 'jsonb') return column.column_name === 'message' ? { type: 'human', content: 'oi' } : {};
  if (column.data_type.startsWith('timestamp')) return new Date();
  if (column.data_type === 'ARRAY') return [];
  if (column.data_type === 'bytea') return Buffer.from('bytes');
  throw new Error(`no generator for ${table}.${column.column_name} (${column.data_type})`);
}
