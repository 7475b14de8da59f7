// Changes a canned response's shortcut and/or content (its author, or an admin). Renaming to a
// shortcut already in use is CONFLICT, also when the other one was created a moment earlier.
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { assertMayChange, duplicateShortcut, notFound, type Actor } from './cannedResponseRules.js';
import { cannedResponseView } from './cannedResponseView.js';
import { asCannedResponseError } from './databaseErrors.js';
import { publishCannedResponsesChanged } from './publishCannedResponsesChanged.js';

export async function updateCannedResponse(
  app: AppContext,
  clientId: string,
  actor: Actor,
  input: { id: string; shortcut?: string | undefined; content?: string | undefined },
) {
  const { cannedResponses, userProfiles } = app.db.t;
  const mine = and(eq(cannedResponses.clientId, clientId), eq(cannedResponses.id, input.id));
  const updated = await app.db
    .tenant(clientId, async (tx) => {
      const [current] = await tx.select().from(cannedResponses).where(mine);
      if (!current) throw notFound();
      assertMayChange(actor, current);
      if (input.shortcut !== undefined && input.shortcut !== current.shortcut) {
        const [taken] = await tx
          .select({ id: cannedResponses.id })
          .from(cannedResponses)
          .where(and(eq(cannedResponses.clientId, clientId), eq(cannedResponses.shortcut, input.shortcut)));
        if (taken) throw duplicateShortcut(input.shortcut);
      }
      const [row] = await tx
        .update(cannedResponses)
        .set({ ...(input.shortcut !== undefined && { shortcut: input.shortcut }), ...(input.content !== undefined && { content: input.content }) })
        .where(mine)
        .returning();
      if (!row) throw notFound();
      const [author] = row.createdBy
        ? await tx
            .select({ fullName: userProfiles.fullName, email: userProfiles.email })
            .from(userProfiles)
            .where(and(eq(userProfiles.clientId, clientId), eq(userProfiles.id, row.createdBy)))
        : [];
      return cannedResponseView(row, author ?? null, actor);
    })
    .catch((error: unknown) => {
      throw asCannedResponseError(error, input.shortcut);
    });
  publishCannedResponsesChanged(app, clientId, { change: 'updated', id: updated.id });
  return updated;
}
