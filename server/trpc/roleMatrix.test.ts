// Who may call what: every procedure of appRouter is called anonymously, as each role of one
// client and as a platform administrator, and the lowest caller that gets past the gates must be
// the one this table declares. The calls carry an empty input, so a caller who passes the gates is
// stopped by input validation (or the procedure runs harmlessly); a refusal at the gates is
// UNAUTHORIZED or FORBIDDEN. A new procedure fails here until it is added to the table: its access
// level is then a decision someone wrote down, and a later change to it shows in review.
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserRole } from '#shared/domain/statuses.js';
import { DATABASE_KINDS } from '../testing/testDatabases.js';
import { startTestServer, type SignedIn, type TestServer } from '../testing/testServer.js';
import { appRouter } from './appRouter.js';
import { EXPECTED_ACCESS, type AccessLevel } from './expectedAccess.js';

type ProcedureType = 'query' | 'mutation' | 'subscription';
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: ProcedureType } }>)
  .map(([path, procedure]) => ({ path, type: procedure._def.type }))
  .sort((x, y) => x.path.localeCompare(y.path));

const LADDER: Array<Exclude<AccessLevel, 'platform'>> = ['public', 'signed-in', 'viewer', 'agent', 'admin', 'owner'];
const ROLES: UserRole[] = ['viewer', 'agent', 'admin', 'owner'];

describe('the access table', () => {
  it('declares every procedure, and only procedures that exist', () => {
    const known = procedures.map((procedure) => procedure.path);
    expect(
      known.filter((path) => !(path in EXPECTED_ACCESS)),
      'add these to server/trpc/expectedAccess.ts',
    ).toEqual([]);
    expect(
      Object.keys(EXPECTED_ACCESS).filter((path) => !known.includes(path)),
      'remove these from server/trpc/expectedAccess.ts',
    ).toEqual([]);
  });
});

describe.each(DATABASE_KINDS)('who may call each procedure on %s', (kind) => {
  let server: TestServer;
  let clientId: string;
  const members = new Map<UserRole | 'platform', SignedIn>();
  /** An account whose session a call ended (logout, password change) is replaced before the next call. */
  const signedIn = async (who: UserRole | 'platform'): Promise<SignedIn> => {
    const current = members.get(who);
    if (
      current &&
      (await current.caller.auth.me().then(
        () => true,
        () => false,
      ))
    )
      return current;
    const fresh = who === 'platform' ? await server.signIn({ clientId: null, platformAdmin: true }) : await server.signIn({ clientId, role: who });
    members.set(who, fresh);
    return fresh;
  };

  beforeAll(async () => {
    server = await startTestServer(kind);
    clientId = (await server.makeClient()).id;
    for (const who of [...ROLES, 'platform'] as const) await signedIn(who);
  }, 120_000);
  afterAll(() => server?.dispose());

  it.each(procedures)('$path', async ({ path }) => {
    const expected = EXPECTED_ACCESS[path];
    if (!expected) throw new Error(`${path} is not in server/trpc/expectedAccess.ts`);
    const passes: Record<string, boolean> = {};
    passes.public = await passesGates(server.anonymous(), path);
    // A signed-in account with no client (platform administrators aside) reaches only what any
    // signed-in user may: the platform admin stands in for "signed in" on procedures no role gates.
    passes['signed-in'] = await passesGates((await signedIn('platform')).caller, path);
    for (const role of ROLES) passes[role] = await passesGates((await signedIn(role)).caller, path);

    if (expected === 'platform') {
      for (const level of LADDER) expect(passes[level] && level !== 'signed-in', `${path} must refuse ${level}`).toBe(false);
      expect(passes['signed-in'], `${path} must admit a platform administrator`).toBe(true);
      return;
    }
    const lowest = LADDER.find((level) => level !== 'signed-in' && passes[level]) ?? null;
    const observed: AccessLevel | null = lowest === 'public' ? 'public' : lowest === 'viewer' && passes['signed-in'] ? 'signed-in' : lowest;
    expect(observed, `${path}: the lowest caller let through`).toBe(expected);
    // The ladder is monotonic: every role above the lowest is let through too.
    const from = ROLES.indexOf(observed === 'public' || observed === 'signed-in' ? 'viewer' : (observed as UserRole));
    for (const role of ROLES.slice(from)) expect(passes[role], `${path} must admit ${role}`).toBe(true);
  });
});

/** Whether the call got past authentication and role checks (any answer but UNAUTHORIZED/FORBIDDEN). */
async function passesGates(caller: unknown, path: string): Promise<boolean> {
  let target: unknown = caller;
  for (const key of path.split('.')) target = (target as Record<string, unknown>)[key];
  try {
    const value = await (target as (input: unknown) => Promise<unknown>)({});
    await closeStream(value);
    return true;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    if (error.code === 'INTERNAL_SERVER_ERROR') throw new Error(`${path} failed with a 500: ${error.message}`, { cause: error });
    return error.code !== 'UNAUTHORIZED' && error.code !== 'FORBIDDEN';
  }
}

/** A subscription's refusal surfaces on its first read: read once (briefly), then close it. */
async function closeStream(value: unknown): Promise<void> {
  if (!value || typeof value !== 'object' || !(Symbol.asyncIterator in value)) return;
  const iterator = (value as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      iterator.next(),
      new Promise((resolve) => {
        timer = setTimeout(resolve, 300);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    void iterator.return?.();
  }
}
