import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app/appContext.js';
import type { Tx } from '../../../db/tables.js';
import { publishConversation } from '../../conversations/liveEvents.js';

/** A conversation in `fluxo_inicial` goes back to `bot` (the flow behind it ended or is gone); false when it was not in the flow any more. */
export async function releaseConversation(app: AppContext, clientId: string, conversationId: string, tx?: Tx): Promise<boolean> {
  const { conversations } = app.db.t;
  const run = async (inner: Tx) => {
    const [row] = await inner.update(conversations).set({ status: 'bot', lastUpdate: new Date() })
      .where(and(eq(conversations.id, conversationId), eq(conversations.clientId, clientId), eq(conversations.status, 'fluxo_inicial')))
      .returning();
    return row ?? null;
  };
  const row = tx ? await run(tx) : await app.db.tenant(clientId, run);
  if (row) publishConversation(app, row);
  return row !== null;
}
