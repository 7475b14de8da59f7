// Every row belonging to one client, as text, table by table: the client row, every table with a
// client_id, its members' accounts and sessions. Compared before and after the other client's
// probes to prove nothing of this client changed.
import { eq, getTableColumns, getTableName, inArray, is, Table } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';

export type TenantSnapshot = Map<string, string>;

export async function snapshotTenant(db: Database, tenant: { clientId: string; memberIds: string[] }, exclude: Set<string>): Promise<TenantSnapshot> {
  const snapshot: TenantSnapshot = new Map();
  await db.system(async (tx) => {
    for (const table of Object.values(db.t) as unknown[]) {
      if (!is(table, Table)) continue;
      const name = getTableName(table);
      if (exclude.has(name)) continue;
      // Columns are dialect-specific objects; the builder accepts them on either database.
      const columns = getTableColumns(table) as Record<string, never>;
      const where =
        name === 'clients'
          ? eq(columns.id!, tenant.clientId)
          : name === 'users'
            ? inArray(columns.id!, tenant.memberIds)
            : name === 'sessions'
              ? inArray(columns.userId!, tenant.memberIds)
              : 'clientId' in columns
                ? eq(columns.clientId!, tenant.clientId)
                : null;
      if (!where) continue;
      const rows = await tx
        .select()
        .from(table as never)
        .where(where);
      snapshot.set(
        name,
        rows
          .map((row) => JSON.stringify(row))
          .sort()
          .join('\n'),
      );
    }
  });
  return snapshot;
}

/** Names of the tables whose rows differ, with a short excerpt of the difference. */
export function diffSnapshots(before: TenantSnapshot, after: TenantSnapshot): string[] {
  const changes: string[] = [];
  for (const [table, rows] of before) {
    const now = after.get(table) ?? '';
    if (now === rows) continue;
    const was = new Set(rows.split('\n'));
    const is = new Set(now.split('\n'));
    const removed = [...was].filter((row) => row && !is.has(row));
    const added = [...is].filter((row) => row && !was.has(row));
    changes.push(
      `${table}: ${removed.length} row(s) gone or changed, ${added.length} new or changed${changedColumns(removed[0], added)}` +
        `${removed[0] ? `\n    before: ${removed[0].slice(0, 300)}` : ''}${added[0] ? `\n    after:  ${added[0].slice(0, 300)}` : ''}`,
    );
  }
  return changes;
}

/** For a changed row (same id before and after): which columns differ. */
function changedColumns(before: string | undefined, after: string[]): string {
  if (!before) return '';
  const old = JSON.parse(before) as Record<string, unknown>;
  const match = after.map((row) => JSON.parse(row) as Record<string, unknown>).find((row) => row.id === old.id);
  if (!match) return '';
  const columns = Object.keys(old).filter((key) => JSON.stringify(old[key]) !== JSON.stringify(match[key]));
  return ` (row ${String(old.id)}: ${columns.join(', ')})`;
}
