// Removes one of the signed-in member's devices, by token (the app signing out) or by id (the
// devices list). Removing something already gone is not an error: sign-out retries must succeed.
import { and, eq } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';

export async function unregisterPushToken(
  db: Database,
  member: { clientId: string; userId: string },
  input: { token?: string | undefined; id?: string | undefined },
) {
  const { pushTokens } = db.t;
  const removed = await db.tenant(member.clientId, (tx) =>
    tx
      .delete(pushTokens)
      .where(
        and(
          eq(pushTokens.clientId, member.clientId),
          eq(pushTokens.userId, member.userId),
          input.token !== undefined ? eq(pushTokens.token, input.token) : eq(pushTokens.id, input.id!),
        ),
      )
      .returning({ id: pushTokens.id }),
  );
  return { removed: removed.length };
}
