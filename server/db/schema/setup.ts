import type { Dialect } from './dialect.js';

// ── First-run set-up ────────────────────────────────────────────────────────────────────────────
export const setupTables = (d: Dialect) => {
  const { table, text, createdAt } = d;

  /**
   * At most one row (id 'instance'): written in the transaction that creates the first client and
   * owner through the browser set-up, so of two set-ups racing on an empty server exactly one wins
   * (the other's insert meets the primary key). Platform data: no client_id, no row-level security.
   */
  const instanceSetup = table('instance_setup', {
    id: text().primaryKey(),
    completedAt: createdAt(),
  });

  return { instanceSetup };
};

export type SetupTables = ReturnType<typeof setupTables>;
