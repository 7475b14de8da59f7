// A user of one client can never see or touch another client's data through any tRPC procedure.
// Every procedure of appRouter is covered: its case comes from the isolationCases.ts beside the
// feature's router (server/testing/isolation/isolationCase.ts explains the policy), and a
// procedure without a case fails here, by name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../testing/testDatabases.js';
import { createIsolationWorld } from '../testing/isolation/createIsolationWorld.js';
import type { IsolationWorld } from '../testing/isolation/isolationCase.js';
import { loadIsolationCases } from '../testing/isolation/loadIsolationCases.js';
import { runIsolationCase, type ProcedureType } from '../testing/isolation/runIsolationCase.js';
import { diffSnapshots, snapshotTenant, type TenantSnapshot } from '../testing/isolation/snapshotTenant.js';
import { appRouter } from './appRouter.js';

const loaded = await loadIsolationCases();
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: ProcedureType } }>)
  .map(([path, procedure]) => ({ path, type: procedure._def.type }))
  .sort((x, y) => x.path.localeCompare(y.path));

describe('tenant isolation cases', () => {
  it('name only procedures that exist', () => {
    const known = new Set(procedures.map((procedure) => procedure.path));
    const stale = [...loaded.cases.entries()].filter(([path]) => !known.has(path)).map(([path, c]) => `${path} (in ${c.file})`);
    expect(stale, 'isolation cases for procedures that are not in appRouter: remove or rename them').toEqual([]);
  });
});

describe.each(DATABASE_KINDS)('tenant isolation on %s', (kind) => {
  let world: IsolationWorld;
  let baseline: { snapshot: TenantSnapshot; memberIds: string[]; exclude: Set<string> };
  beforeAll(async () => {
    world = await createIsolationWorld(kind);
    for (const { file, seed } of loaded.seeds) {
      try {
        await seed(world);
      } catch (error) {
        throw new Error(`isolation seed in ${file} failed: ${(error as Error).message}`, { cause: error });
      }
    }
    for (const { file, settle } of loaded.settles) {
      try {
        await settle(world);
      } catch (error) {
        throw new Error(`isolation settle in ${file} failed: ${(error as Error).message}`, { cause: error });
      }
    }
    const memberIds = Object.values(world.a.members).map((member) => member.userId);
    const exclude = loaded.volatileTables;
    // Then until client A's rows stop changing (background work the seeds set off, beyond what the
    // settle hooks wait for): two equal snapshots in a row, or give up after a while and let the
    // per-procedure comparisons report what still moves.
    let previous = await snapshotTenant(world.server.app.db, { clientId: world.a.clientId, memberIds }, exclude);
    for (let round = 0; round < 40; round++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const current = await snapshotTenant(world.server.app.db, { clientId: world.a.clientId, memberIds }, exclude);
      if (diffSnapshots(previous, current).length === 0) break;
      previous = current;
    }
    baseline = { snapshot: await snapshotTenant(world.server.app.db, { clientId: world.a.clientId, memberIds }, exclude), memberIds, exclude };
  }, 120_000);
  afterAll(() => world?.server.dispose());

  it('seeds client A with data to protect', () => {
    const nonEmpty = [...baseline.snapshot.entries()].filter(([, rows]) => rows.length > 0).map(([table]) => table);
    expect(nonEmpty).toEqual(expect.arrayContaining(['clients', 'user_profiles', 'users', 'sessions', 'secrets', 'user_invites', 'push_tokens', 'audit_logs']));
  });

  it.each(procedures)('$path', async (procedure) => {
    await runIsolationCase(world, procedure, loaded.cases.get(procedure.path), baseline);
  });
});
