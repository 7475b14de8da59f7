// The client's canned responses, by shortcut. The whole list is returned: the composer filters
// it as the agent types, and a team keeps tens or a few hundred of them.
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import type { Actor } from './cannedResponseRules.js';
import { cannedResponseView } from './cannedResponseView.js';

export async function listCannedResponses(db: Database, clientId: string, actor: Actor) {
  const { cannedResponses, userProfiles } = db.t;
  const rows = await db.tenant(clientId, (tx) =>
    tx
      .select({ row: cannedResponses, fullName: userProfiles.fullName, email: userProfiles.email })
      .from(cannedResponses)
      .leftJoin(userProfiles, and(eq(userProfiles.id, cannedResponses.createdBy), eq(userProfiles.clientId, clientId)))
      .where(eq(cannedResponses.clientId, clientId))
      .orderBy(asc(cannedResponses.shortcut)),
  );
  return rows.map(({ row, fullName, email }) => cannedResponseView(row, email === null ? null : { fullName, email }, actor));
}
