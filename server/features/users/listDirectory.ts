// Who is in the team, for every member (the "assign to" menu, names on messages): active members'
// names and roles only; emails and sign-in details stay on the admins' list.
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';

export async function listDirectory(db: Database, clientId: string) {
  const { userProfiles } = db.t;
  const rows = await db.tenant(clientId, (tx) =>
    tx
      .select({ id: userProfiles.id, fullName: userProfiles.fullName, email: userProfiles.email, role: userProfiles.role })
      .from(userProfiles)
      .where(and(eq(userProfiles.clientId, clientId), eq(userProfiles.isActive, true)))
      .orderBy(asc(userProfiles.fullName), asc(userProfiles.email)),
  );
  // Members without a name are shown by the part of their email before the @.
  return rows.map((row) => ({ id: row.id, name: row.fullName ?? row.email.split('@')[0]!, role: row.role }));
}
