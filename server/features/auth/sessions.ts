// Session tokens: random 32 bytes given to the client once; only their SHA-256 is stored, so a
// database leak does not leak usable tokens. A session ends when it is revoked, when it has not
// been used for `sessionIdleHours` (sliding: last_seen_at is moved at most once a minute, so a busy
// session does not cost a write per request), or `sessionMaxDays` after sign-in, whichever comes
// first.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import type { Tx } from '#server/db/tables.js';
import type { UserRole } from '#shared/domain/statuses.js';

export const SESSION_DAYS = 30;
const TOUCH_EVERY_MS = 60_000;

/** The parts of ServerConfig that decide how long a session lives. */
export type SessionPolicy = { sessionIdleHours: number; sessionMaxDays: number };
export const DEFAULT_SESSION_POLICY: SessionPolicy = { sessionIdleHours: 12, sessionMaxDays: SESSION_DAYS };

export type Session = {
  sessionId: string;
  userId: string;
  email: string;
  isPlatformAdmin: boolean;
  /** The tenant the user belongs to (null for a platform administrator without a profile). */
  clientId: string | null;
  role: UserRole | null;
  fullName: string | null;
};

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(db: Database, tx: Tx, userId: string, meta: { userAgent?: string; ip?: string } = {}) {
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  await tx.insert(db.t.sessions).values({
    userId,
    tokenHash: hashToken(token),
    expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
    lastSeenAt: now,
    userAgent: meta.userAgent ?? null,
    ip: meta.ip ?? null,
  });
  return token;
}

/** The signed-in user of a token, or null; counts as a use of the session (idle timeout). */
export async function resolveSession(db: Database, token: string, policy: SessionPolicy = DEFAULT_SESSION_POLICY): Promise<Session | null> {
  if (!token || token.length > 200) return null;
  return findLiveSession(db, eq(db.t.sessions.tokenHash, hashToken(token)), policy, true);
}

/** Whether a session still lets its user in (the live stream re-checks this); not a use of it. */
export async function sessionStillValid(db: Database, sessionId: string, policy: SessionPolicy = DEFAULT_SESSION_POLICY): Promise<boolean> {
  return (await findLiveSession(db, eq(db.t.sessions.id, sessionId), policy, false)) !== null;
}

async function findLiveSession(db: Database, which: SQL, policy: SessionPolicy, touch: boolean): Promise<Session | null> {
  return db.system(async (tx) => {
    const { sessions, users, userProfiles, clients } = db.t;
    const now = new Date();
    const idleCut = new Date(now.getTime() - policy.sessionIdleHours * 3_600_000);
    const ageCut = new Date(now.getTime() - policy.sessionMaxDays * 86_400_000);
    const [row] = await tx
      .select({
        sessionId: sessions.id,
        userId: users.id,
        email: users.email,
        isPlatformAdmin: users.isPlatformAdmin,
        clientId: userProfiles.clientId,
        role: userProfiles.role,
        fullName: userProfiles.fullName,
        active: userProfiles.isActive,
        clientStatus: clients.status,
        lastSeenAt: sessions.lastSeenAt,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .leftJoin(userProfiles, eq(userProfiles.id, users.id))
      .leftJoin(clients, eq(clients.id, userProfiles.clientId))
      .where(
        and(
          which,
          gt(sessions.expiresAt, now),
          gt(sessions.createdAt, ageCut),
          or(gt(sessions.lastSeenAt, idleCut), and(isNull(sessions.lastSeenAt), gt(sessions.createdAt, idleCut))),
        ),
      );
    if (!row) return null;
    // A deactivated member, or a member of a suspended client, keeps no access (platform admins do).
    if (row.clientId && !row.isPlatformAdmin && (row.active === false || row.clientStatus !== 'active')) return null;
    const touchCut = new Date(now.getTime() - TOUCH_EVERY_MS);
    if (touch && (!row.lastSeenAt || row.lastSeenAt < touchCut)) {
      await tx
        .update(sessions)
        .set({ lastSeenAt: now })
        .where(and(eq(sessions.id, row.sessionId), or(isNull(sessions.lastSeenAt), lt(sessions.lastSeenAt, touchCut))));
    }
    return {
      sessionId: row.sessionId,
      userId: row.userId,
      email: row.email,
      isPlatformAdmin: row.isPlatformAdmin,
      clientId: row.clientId,
      role: row.role,
      fullName: row.fullName,
    };
  });
}

export async function revokeSession(db: Database, sessionId: string): Promise<void> {
  await db.system((tx) => tx.delete(db.t.sessions).where(eq(db.t.sessions.id, sessionId)));
}
