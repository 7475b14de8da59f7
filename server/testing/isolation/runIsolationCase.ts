// Applies the default isolation policy (see isolationCase.ts) to one procedure.
import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import type { IsolationCase, IsolationWorld, Probe } from './isolationCase.js';
import { diffSnapshots, snapshotTenant } from './snapshotTenant.js';

export type ProcedureType = 'query' | 'mutation' | 'subscription';

export async function runIsolationCase(
  world: IsolationWorld,
  procedure: { path: string; type: ProcedureType },
  isolationCase: (IsolationCase & { file: string }) | undefined,
  baseline: { memberIds: string[]; exclude: Set<string> },
): Promise<void> {
  const { path } = procedure;
  if (!isolationCase) {
    const folder = path.split('.')[0];
    throw new Error(
      `No tenant-isolation case for procedure "${path}".\n` +
        `Add one to server/features/${folder}/isolationCases.ts (or the isolationCases.ts beside the router that defines it):\n` +
        `  export const isolation: FeatureIsolation = { cases: { '${path}': { why: '…', probes: (world) => [{ input: …, expect: 'denied' }] } } };\n` +
        "Probes run as client B's users against client A's data; see server/testing/isolation/isolationCase.ts for the policy.",
    );
  }
  const where = `${path} (case in ${isolationCase.file}: ${isolationCase.why})`;
  const probes = isolationCase.probes?.(world) ?? [];
  if (probes.length === 0 && !isolationCase.check) throw new Error(`${where}: the case has neither probes nor a check, so it tests nothing`);
  // Compared with the state just before this procedure's probes, so a failure names the procedure
  // that did the damage and not every one that runs after it.
  const snapshotA = () => snapshotTenant(world.server.app.db, { clientId: world.a.clientId, memberIds: baseline.memberIds }, baseline.exclude);
  const before = await snapshotA();

  for (const [index, probe] of probes.entries()) {
    const outcome = await call(world, path, probe);
    const label = `${where}, probe ${index + 1} (${probe.expect}, as ${probe.as ?? 'owner'})`;
    if (probe.expect === 'allowed') {
      if (!outcome.ok) throw new Error(`${label}: expected success, got ${describe(outcome.error)}`);
    } else {
      if (outcome.ok) throw new Error(`${label}: expected a refusal, but it succeeded with ${preview(outcome.value)}`);
      if (!(outcome.error instanceof TRPCError) || outcome.error.code === 'INTERNAL_SERVER_ERROR') {
        throw new Error(`${label}: expected a clear TRPCError refusal, got ${describe(outcome.error)}`);
      }
      if (probe.code) expect(outcome.error.code, label).toBe(probe.code);
    }
    assertNoLeak(world, label, outcome, JSON.stringify(probe.input ?? null), isolationCase.withoutEchoes);
  }

  // The same call aimed at client A by name: a tenant procedure refuses it; nothing else may leak.
  const first = probes[0];
  const base = first?.input && typeof first.input === 'object' && !Array.isArray(first.input) ? first.input : {};
  const foreign: Probe = { as: first?.as ?? 'owner', input: { ...base, clientId: world.a.clientId }, expect: 'denied' };
  const outcome = await call(world, path, foreign);
  const label = `${where}, with clientId set to client A`;
  if (!outcome.ok && !(outcome.error instanceof TRPCError && outcome.error.code !== 'INTERNAL_SERVER_ERROR')) {
    throw new Error(`${label}: expected success or a clear refusal, got ${describe(outcome.error)}`);
  }
  assertNoLeak(world, label, outcome, JSON.stringify(base), isolationCase.withoutEchoes);

  await isolationCase.check?.(world);

  const changes = diffSnapshots(before, await snapshotA());
  if (changes.length) throw new Error(`${where}: client B's calls changed client A's data:\n  ${changes.join('\n  ')}`);
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

async function call(world: IsolationWorld, path: string, probe: Probe): Promise<Outcome> {
  const as = probe.as ?? 'owner';
  const caller = as === 'anonymous' ? world.server.anonymous() : as === 'fresh' ? (await world.freshMember(world.b)).caller : world.b.members[as].caller;
  let target: unknown = caller;
  for (const key of path.split('.')) target = (target as Record<string, unknown>)[key];
  try {
    const value = await (target as (input: unknown) => Promise<unknown>)(probe.input);
    return { ok: true, value: await drain(value) };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * A subscription's answer is a stream whose errors surface on the first read: its first event is
 * awaited (a refusal throws here), or, when none comes soon, the stream counts as open and empty.
 * The wait only bounds the probe; nothing is asserted about time.
 */
async function drain(value: unknown): Promise<unknown> {
  if (!value || typeof value !== 'object' || !(Symbol.asyncIterator in value)) return value;
  const iterator = (value as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  try {
    const first = await Promise.race([
      iterator.next(),
      new Promise<'open'>((resolve) => {
        timer = setTimeout(() => resolve('open'), 1000);
      }),
    ]);
    return first === 'open' ? '[open stream]' : { firstEvent: first.value };
  } finally {
    clearTimeout(timer);
    void iterator.return?.();
  }
}

function assertNoLeak(world: IsolationWorld, label: string, outcome: Outcome, input: string, withoutEchoes?: (answer: unknown) => unknown): void {
  const answer = outcome.ok && withoutEchoes ? withoutEchoes(outcome.value) : outcome.ok ? outcome.value : null;
  const text = outcome.ok ? JSON.stringify(answer ?? null) : `${(outcome.error as Error)?.message ?? outcome.error}`;
  for (const marker of world.a.markers) {
    if (input.includes(marker)) continue; // echoing what the caller sent is not a leak
    if (text.includes(marker)) throw new Error(`${label}: the answer contains client A's "${marker}": ${text.slice(0, 500)}`);
  }
}

const describe = (error: unknown) => (error instanceof TRPCError ? `${error.code}: ${error.message}` : String(error));
const preview = (value: unknown) => JSON.stringify(value ?? null).slice(0, 300);
