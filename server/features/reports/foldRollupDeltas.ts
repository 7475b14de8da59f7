// Moves the report rollups' deltas (inserted by the triggers, see server/db/schema/reports.ts) into
// the rollup rows: a batch of deltas summed per key, added to its rollup row and deleted, atomically.
// Readers sum rollups and deltas in one statement, so folding changes how fast a report reads, never
// what it says. Deltas of a client deleted since are dropped (its rollup rows went with it).
import { sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { COUNTS, TIME_HISTOGRAMS, type RollupTable } from './rollupTables.js';

/**
 * Deltas per table and pass, so a pass stays short under any backlog: one statement on PostgreSQL;
 * on SQLite a transaction that holds the one connection (and the event loop) while it runs, so a
 * smaller batch, the next one after the requests queued meanwhile.
 */
export const FOLD_BATCH = { pg: 20_000, sqlite: 1_000 } as const;

const TABLES = [COUNTS, TIME_HISTOGRAMS];

export type FoldResult = { folded: number; full: boolean };

/**
 * Summed per key and added to the rollup rows in key order (two instances folding at once lock
 * shared rows in the same order). `target.` qualifies the row already stored (PostgreSQL needs the
 * alias, SQLite the bare name).
 */
function upsert(table: RollupTable, from: string, where: string, target: string): string {
  const keys = table.keys.join(', ');
  const sums = table.values.map((column) => `sum(${column})`).join(', ');
  const set = table.values.map((column) => `${column} = ${target}${column} + excluded.${column}`).join(', ');
  return `insert into ${table.rollups}${target ? ' as s' : ''} (${keys}, ${table.values.join(', ')})
    select ${keys}, ${sums} from ${from} where ${where} group by ${keys} order by ${keys}
    on conflict (${keys}) do update set ${set}`;
}

const LIVE_CLIENT = 'exists (select 1 from clients where clients.id = client_id)';

/**
 * PostgreSQL: one statement (one snapshot) per batch: the deltas it deletes are exactly the ones
 * it adds; rows another instance is folding are skipped, not waited for.
 */
async function foldPg(app: AppContext, batch: number): Promise<FoldResult> {
  const ctes = TABLES.flatMap((table, index) => {
    const columns = [...table.keys, ...table.values].join(', ');
    return [
      `moved${index} as (delete from ${table.deltas} where id in (select id from ${table.deltas} order by id limit ${batch} for update skip locked) returning ${columns})`,
      `folded${index} as (${upsert(table, `moved${index}`, LIVE_CLIENT, 's.')})`,
    ];
  });
  const counts = TABLES.map((_, index) => `(select count(*) from moved${index}) as n${index}`).join(', ');
  const [row] = await app.db.systemStatement<Record<string, unknown>>(sql.raw(`with ${ctes.join(',\n')} select ${counts}`));
  const moved = TABLES.map((_, index) => Number(row?.[`n${index}`] ?? 0));
  return { folded: moved.reduce((sum, n) => sum + n, 0), full: moved.some((n) => n >= batch) };
}

/** SQLite: one writer at a time, so the batch read, added and deleted in one transaction is the same. */
async function foldSqlite(app: AppContext, batch: number): Promise<FoldResult> {
  return app.db.system(async (tx) => {
    const result: FoldResult = { folded: 0, full: false };
    for (const table of TABLES) {
      const [last] = await app.db.rows<{ upto: number | null; n: number }>(
        tx,
        sql.raw(`select max(id) as upto, count(*) as n from (select id from ${table.deltas} order by id limit ${batch})`),
      );
      if (!last || last.upto === null) continue;
      await app.db.exec(tx, sql.raw(upsert(table, table.deltas, `id <= ${Number(last.upto)} and ${LIVE_CLIENT}`, '')));
      await app.db.exec(tx, sql.raw(`delete from ${table.deltas} where id <= ${Number(last.upto)}`));
      result.folded += Number(last.n);
      if (Number(last.n) >= batch) result.full = true;
    }
    return result;
  });
}

/** Folds one batch of each delta table. */
export function foldRollupDeltas(app: AppContext, batch: number = FOLD_BATCH[app.db.kind]): Promise<FoldResult> {
  return app.db.kind === 'pg' ? foldPg(app, batch) : foldSqlite(app, batch);
}
