// Dead device tokens (the app was removed, the token rotated) are deleted so they are not tried again.
import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';

export async function pruneTokens(app: AppContext, tx: Tx, clientId: string, tokenIds: string[]): Promise<number> {
  if (tokenIds.length === 0) return 0;
  const { pushTokens } = app.db.t;
  const removed = await tx
    .delete(pushTokens)
    .where(and(eq(pushTokens.clientId, clientId), inArray(pushTokens.id, tokenIds)))
    .returning({ id: pushTokens.id });
  if (removed.length) app.log.info({ clientId, removed: removed.length }, 'dead push tokens pruned');
  return removed.length;
}
