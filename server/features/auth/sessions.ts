// Session tokens: random 32 bytes given to the client once; only their SHA-256 is stored, so a
// database leak does not leak usable tokens.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import type { Database } from '../../db/openDatabase.js';
import type { Tx } from '../../db/tables.js';
import type { UserRole } from '../../../shared/domain/statuses.js';

export const SESSION_DAYS = 30;

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
  await tx.insert(db.t.sessions).values({
    userId,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000),
    userAgent: meta.userAgent ?? null,
    ip: meta.ip ?? null,
  });
  return token;
}

export async function resolveSession(db: Database, token: string): Promise<Session | null> {
  if (!token || token.length > 200) return null;
  return db.system(async (tx) => {
    const { sessions, users, userProfiles, clients } = db.t;
    const [row] = await tx
      .select({
        sessionId: sessions.id, userId: users.id, email: users.email, isPlatformAdmin: users.isPlatformAdmin,
        clientId: userProfiles.clientId, role: userProfiles.role, fullName: userProfiles.fullName, active: userProfiles.isActive,
        clientStatus: clients.status,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .leftJoin(userProfiles, eq(userProfiles.id, users.id))
      .leftJoin(clients, eq(clients.id, userProfiles.clientId))
      .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, new Date())));
    if (!row) return null;
    // A deactivated member, or a member of a suspended client, keeps no access (platform admins do).
    if (row.clientId && !row.isPlatformAdmin && (row.active === false || row.clientStatus !== 'active')) return null;
    return {
      sessionId: row.sessionId, userId: row.userId, email: row.email, isPlatformAdmin: row.isPlatformAdmin,
      clientId: row.clientId, role: row.role, fullName: row.fullName,
    };
  });
}

export async function revokeSession(db: Database, sessionId: string): Promise<void> {
  await db.system((tx) => tx.delete(db.t.sessions).where(eq(db.t.sessions.id, sessionId)));
}
