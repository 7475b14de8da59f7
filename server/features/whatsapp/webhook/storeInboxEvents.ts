// Durable, idempotent storage of webhook events before Meta gets its 200. The unique index on
// (client_id, dedupe_key) makes a re-delivery (or two racing deliveries) store each event once.
import type { AppContext } from '../../../app/appContext.js';
import type { InboxEventDraft } from './extractInboxEvents.js';

/** Returns how many events were new. */
export async function storeInboxEvents(app: AppContext, clientId: string, drafts: InboxEventDraft[]): Promise<number> {
  if (drafts.length === 0) return 0;
  const { webhookInbox } = app.db.t;
  const rows = drafts.map((draft) => ({
    clientId, kind: draft.kind, dedupeKey: draft.dedupeKey, conversationKey: draft.conversationKey, payload: draft.payload, state: 'pending' as const,
  }));
  return app.db.tenant(clientId, async (tx) => {
    let stored = 0;
    // Chunks keep SQLite under its bound-parameter limit for Meta's largest batches (1000 updates).
    for (let start = 0; start < rows.length; start += 200) {
      const inserted = await tx.insert(webhookInbox).values(rows.slice(start, start + 200)).onConflictDoNothing()
        .returning({ id: webhookInbox.id });
      stored += inserted.length;
    }
    return stored;
  });
}
