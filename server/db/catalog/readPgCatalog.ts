// The catalog of a migrated PostgreSQL database's public schema, from pg_catalog.
import type pg from 'pg';
import type { Catalog, IndexFacts } from './catalog.js';
import { foreignKeyLine, generatedDefault, normaliseDefault, normaliseExpression, pgTypeClass, purposes } from './normalise.js';

type Queryable = Pick<pg.Client, 'query'>;

/** pg_constraint's one-letter referential actions. */
const ACTIONS: Record<string, string> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };

export async function readPgCatalog(client: Queryable): Promise<Catalog> {
  const catalog: Catalog = {};
  const tables = await client.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`,
  );
  for (const { name } of tables.rows) catalog[name] = { columns: {}, primaryKey: [], indexes: {}, foreignKeys: [], checks: {}, triggers: [] };

  const columns = await client.query<{ table: string; name: string; type: string; notnull: boolean; dflt: string | null; generated: string }>(
    `select c.relname as table, a.attname as name, format_type(a.atttypid, null) as type, a.attnotnull as notnull,
            pg_get_expr(d.adbin, d.adrelid) as dflt, a.attgenerated as generated
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
       left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped`,
  );
  for (const column of columns.rows) {
    catalog[column.table]!.columns[column.name] = {
      typeClass: pgTypeClass(column.type),
      nullable: !column.notnull,
      // A generated column's expression is in pg_attrdef too (attgenerated 's': stored).
      default: column.generated ? generatedDefault(column.dflt!) : normaliseDefault(column.dflt),
    };
  }

  const constraints = await client.query<{
    table: string;
    name: string;
    type: string;
    columns: string[];
    definition: string;
    foreign_table: string | null;
    foreign_columns: string[] | null;
    on_delete: string;
    on_update: string;
  }>(
    `select c.relname as table, k.conname as name, k.contype as type, pg_get_constraintdef(k.oid) as definition,
            array(select a.attname from unnest(k.conkey) with ordinality u(num, i)
                    join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.num order by u.i)::text[] as columns,
            f.relname as foreign_table,
            array(select a.attname from unnest(k.confkey) with ordinality u(num, i)
                    join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.num order by u.i)::text[] as foreign_columns,
            k.confdeltype as on_delete, k.confupdtype as on_update
       from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
       left join pg_class f on f.oid = k.confrelid
      where n.nspname = 'public' and k.contype in ('p', 'f', 'c')`,
  );
  for (const constraint of constraints.rows) {
    const table = catalog[constraint.table];
    if (!table) continue;
    if (constraint.type === 'p') table.primaryKey = constraint.columns;
    if (constraint.type === 'c') table.checks[constraint.name] = normaliseExpression(constraint.definition.replace(/^check\s*/i, ''));
    if (constraint.type === 'f') {
      table.foreignKeys.push(
        foreignKeyLine(
          constraint.columns,
          constraint.foreign_table!,
          constraint.foreign_columns!,
          ACTIONS[constraint.on_delete]!,
          ACTIONS[constraint.on_update]!,
        ),
      );
    }
  }
  for (const table of Object.values(catalog)) table.foreignKeys.sort();

  const indexes = await client.query<{
    table: string;
    name: string;
    unique: boolean;
    primary: boolean;
    columns: string[];
    predicate: string | null;
    method: string;
  }>(
    `select c.relname as table, i.relname as name, x.indisunique as unique, x.indisprimary as primary,
            array(select coalesce(a.attname, pg_get_indexdef(x.indexrelid, u.i::int, true))
                    from unnest(x.indkey) with ordinality u(num, i)
                    left join pg_attribute a on a.attrelid = x.indrelid and a.attnum = u.num
                   where u.i <= x.indnkeyatts order by u.i)::text[] as columns,
            pg_get_expr(x.indpred, x.indrelid) as predicate, m.amname as method
       from pg_index x join pg_class c on c.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
       join pg_namespace n on n.oid = c.relnamespace join pg_am m on m.oid = i.relam
      where n.nspname = 'public'`,
  );
  for (const index of indexes.rows) {
    if (index.primary || !catalog[index.table]) continue;
    const facts: IndexFacts = {
      unique: index.unique,
      columns: index.columns,
      predicate: index.predicate === null ? null : normaliseExpression(index.predicate),
    };
    // Access methods other than btree have no SQLite twin; named so the known differences can say so.
    catalog[index.table]!.indexes[index.method === 'btree' ? index.name : `${index.name} (${index.method})`] = facts;
  }

  const triggers = await client.query<{ table: string; name: string }>(
    `select c.relname as table, t.tgname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid
       join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and not t.tgisinternal`,
  );
  const byTable = new Map<string, string[]>();
  for (const trigger of triggers.rows) byTable.set(trigger.table, [...(byTable.get(trigger.table) ?? []), trigger.name]);
  for (const [table, names] of byTable) if (catalog[table]) catalog[table].triggers = purposes(table, names);
  return catalog;
}
