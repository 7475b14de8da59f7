// Adds a canned response. The unique index on (client, shortcut) decides between simultaneous
// creates of one shortcut: the loser inserts nothing and gets CONFLICT, on both databases.
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { duplicateShortcut, type Actor } from './cannedResponseRules.js';
import { cannedResponseView } from './cannedResponseView.js';
import { asCannedResponseError } from './databaseErrors.js';
import { publishCannedResponsesChanged } from './publishCannedResponsesChanged.js';

export async function createCannedResponse(app: AppContext, clientId: string, actor: Actor, input: { shortcut: string; content: string }) {
  const { cannedResponses, userProfiles } = app.db.t;
  const created = await app.db
    .tenant(clientId, async (tx) => {
      const [row] = await tx
        .insert(cannedResponses)
        .values({ clientId, shortcut: input.shortcut, content: input.content, createdBy: actor.userId })
        .onConflictDoNothing({ target: [cannedResponses.clientId, cannedResponses.shortcut] })
        .returning();
      if (!row) return null;
      const [author] = await tx
        .select({ fullName: userProfiles.fullName, email: userProfiles.email })
        .from(userProfiles)
        .where(and(eq(userProfiles.clientId, clientId), eq(userProfiles.id, actor.userId)));
      return cannedResponseView(row, author ?? null, actor);
    })
    .catch((error: unknown) => {
      throw asCannedResponseError(error, input.shortcut);
    });
  if (!created) throw duplicateShortcut(input.shortcut);
  publishCannedResponsesChanged(app, clientId, { change: 'created', id: created.id });
  return created;
}
