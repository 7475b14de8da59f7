import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import { moveConversationFrom } from '#server/features/conversations/index.js';
import { publishConversation } from '#server/features/whatsapp/index.js';

/** A conversation in `fluxo_inicial` goes back to `bot` (the flow behind it ended or is gone); false when it was not in the flow any more. */
export async function releaseConversation(app: AppContext, clientId: string, conversationId: string, tx?: Tx): Promise<boolean> {
  const run = (inner: Tx) => moveConversationFrom(app, inner, { clientId, conversationId }, ['fluxo_inicial'], 'bot');
  const row = tx ? await run(tx) : await app.db.tenant(clientId, run);
  if (row) publishConversation(app, row);
  return row !== null;
}
