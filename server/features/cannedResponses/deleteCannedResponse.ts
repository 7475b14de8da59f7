// Deletes a canned response (its author, or an admin). An id that is not (or no longer) one of the
// client's responses is NOT_FOUND, so a second delete of the same row says it is gone.
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { assertMayChange, notFound, type Actor } from './cannedResponseRules.js';
import { publishCannedResponsesChanged } from './publishCannedResponsesChanged.js';

export async function deleteCannedResponse(app: AppContext, clientId: string, actor: Actor, input: { id: string }) {
  const { cannedResponses } = app.db.t;
  const mine = and(eq(cannedResponses.clientId, clientId), eq(cannedResponses.id, input.id));
  const deleted = await app.db.tenant(clientId, async (tx) => {
    const [current] = await tx.select().from(cannedResponses).where(mine);
    if (!current) throw notFound();
    assertMayChange(actor, current);
    const [row] = await tx.delete(cannedResponses).where(mine).returning({ id: cannedResponses.id, shortcut: cannedResponses.shortcut });
    if (!row) throw notFound();
    return row;
  });
  publishCannedResponsesChanged(app, clientId, { change: 'deleted', id: deleted.id });
  return deleted;
}
