// The members of one client, for the administration screen.
import { asc, eq } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';

export async function listMembers(db: Database, clientId: string) {
  const { userProfiles, users } = db.t;
  return db.tenant(clientId, (tx) =>
    tx
      .select({
        id: userProfiles.id,
        email: userProfiles.email,
        fullName: userProfiles.fullName,
        role: userProfiles.role,
        isActive: userProfiles.isActive,
        lastLoginAt: users.lastLoginAt,
        createdAt: userProfiles.createdAt,
      })
      .from(userProfiles)
      .innerJoin(users, eq(users.id, userProfiles.id))
      .where(eq(userProfiles.clientId, clientId))
      .orderBy(asc(userProfiles.email)),
  );
}
