// How a feature states that client B cannot see or touch client A's data through its tRPC
// procedures. Each feature exports `isolation: FeatureIsolation` from an `isolationCases.ts` beside
// its router; server/trpc/tenantIsolation.test.ts collects every such file, walks every procedure
// of appRouter, and fails for any procedure without a case.
//
// The default policy, applied by the test to every procedure (you only describe the calls):
// - each probe is called as one of client B's users; `denied` must be refused with a TRPCError
//   that is not a 500, `allowed` must succeed;
// - no answer or error message may contain any of A's markers (ids, names, emails, tokens, secrets,
//   seeded values) unless the probe itself passed that value in;
// - the first probe's input is called once more with `clientId` set to client A (a tenant procedure
//   must refuse it; anything else must still leak nothing);
// - afterwards, every row of client A (every table with client_id, the client row, its members'
//   accounts and sessions) must be exactly as it was before.
import type { UserRole } from '#shared/domain/statuses.js';
import type { DatabaseKind } from '#server/db/openDatabase.js';
import type { SignedIn, TestServer } from '../testServer.js';

export type IsolationTenant = {
  clientId: string;
  name: string;
  slug: string;
  phoneNumberId: string;
  /** The Meta secrets it was created with (unique per tenant). */
  secrets: { accessToken: string; verifyToken: string; appSecret: string };
  members: Record<UserRole, SignedIn>;
  /** Values features seeded (ids, tokens), by key such as `invites.pendingId`. */
  data: Record<string, string>;
  /** Values that must never appear in what the other client's users receive. */
  markers: Set<string>;
};

export type IsolationWorld = {
  kind: DatabaseKind;
  server: TestServer;
  /** The victim: its data is seeded, snapshotted, and must come out untouched and unseen. */
  a: IsolationTenant;
  /** The attacker: probes run as its users. */
  b: IsolationTenant;
  platformAdmin: SignedIn;
  /** Records a seeded value on a tenant: `data[key] = value`, and a marker that must never leak. */
  remember(tenant: IsolationTenant, key: string, value: string): void;
  /** A new member of the tenant, for probes that sign out or change their password. */
  freshMember(tenant: IsolationTenant, role?: UserRole): Promise<SignedIn>;
};

export type Probe = {
  input?: unknown;
  /** Which of client B's users calls: a role (default owner), a fresh member, or nobody signed in. */
  as?: UserRole | 'fresh' | 'anonymous';
  expect: 'denied' | 'allowed';
  /** For `denied`: the TRPCError code expected (by default any code but INTERNAL_SERVER_ERROR). */
  code?: string;
};

export type IsolationCase = {
  /** Why this procedure cannot cross tenants: shown when the case fails. */
  why: string;
  /** Calls made as client B's users, usually aimed at client A's seeded ids. */
  probes?: (world: IsolationWorld) => Probe[];
  /**
   * The answer without the parts that record what client B itself sent earlier (B's own audit log
   * keeps the ids B tried), before it is searched for client A's markers. Keep it narrow.
   */
  withoutEchoes?: (answer: unknown) => unknown;
  /** Further assertions the probes cannot express (subscriptions, side effects). */
  check?: (world: IsolationWorld) => Promise<void>;
};

export type FeatureIsolation = {
  /** Creates client A's data (through A's own procedures where possible) and remembers its ids. */
  seed?: (world: IsolationWorld) => Promise<void>;
  /**
   * Waits until the background work the seed started is done (an inbound message answered, an
   * outbox drained), so it is not mistaken for client B changing client A's data.
   */
  settle?: (world: IsolationWorld) => Promise<void>;
  /** Tables whose client-A rows background work may change during the run (excluded from the snapshot). */
  volatileTables?: string[];
  cases: Record<string, IsolationCase>;
};

const ROLES: UserRole[] = ['owner', 'admin', 'agent', 'viewer'];

/** Platform administration: every role of client B is refused with FORBIDDEN. */
export function platformAdminOnly(input?: (world: IsolationWorld) => unknown): IsolationCase {
  return {
    why: 'platform administrators only: client users of any role are refused',
    probes: (world) => ROLES.map((as) => ({ as, input: input?.(world), expect: 'denied', code: 'FORBIDDEN' })),
  };
}
