// Group commit for webhook_inbox: deliveries that arrive together (Meta sends many webhooks at
// once) are written in one multi-row insert (a statement committed on its own; a transaction
// beyond MAX_ROWS_PER_INSERT rows) instead of one transaction each. Every
// delivery still waits for its own rows to be durable before it is answered.
// On PostgreSQL a few batches may be in flight at once (each on its own pooled connection), so a
// delivery arriving during a commit starts its own batch instead of waiting for that commit first;
// SQLite runs one transaction at a time anyway, so there it is one batch at a time.
// When a batch fails, its deliveries are written again one by one: a bad one fails alone (the
// group commit itself lives in server/db/groupCommit.ts, shared with the gateway). A batch that
// stored anything wakes the inbox processors of every instance once it has committed.
import { sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import { batchesInFlight, createGroupCommit, type Outcome } from '#server/db/groupCommit.js';
import { valuesOf } from '../inbox/insertRows.js';
import type { InboxEventDraft } from './extractInboxEvents.js';
import { inboxSignal } from './inboxSignal.js';

const MAX_ROWS_PER_INSERT = 200;

// Two batches in flight holding the same re-delivered events in a different order can deadlock on
// the dedupe key (PostgreSQL aborts one); the aborted one is simply written again.
async function retryDeadlock<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      // drizzle wraps the driver's error (cause); the statement that failed is rolled back with it.
      const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
      if (attempt >= 3 || code !== '40P01') throw error;
    }
  }
}

type Delivery = { clientId: string; drafts: InboxEventDraft[] };

export const inboxWriter = perApp<AppContext, { write(clientId: string, drafts: InboxEventDraft[]): Promise<number> }>((app) => {
  async function commit(batch: Delivery[]): Promise<Array<Outcome<number>>> {
    const { webhookInbox } = app.db.t;
    const rows = batch.flatMap((item) =>
      item.drafts.map((draft) => ({
        clientId: item.clientId,
        kind: draft.kind,
        dedupeKey: draft.dedupeKey,
        conversationKey: draft.conversationKey,
        payload: draft.payload,
        state: 'pending' as const,
        occurredAt: draft.occurredAt,
      })),
    );
    const insert = (slice: typeof rows) =>
      // Written with valuesOf: the insert builder's SQL would cost more CPU than the rest of the request.
      sql`insert into ${webhookInbox}
          ${valuesOf(webhookInbox, ['clientId', 'kind', 'dedupeKey', 'conversationKey', 'payload', 'state', 'occurredAt'], slice)}
          on conflict do nothing returning client_id, dedupe_key`;
    type Inserted = { client_id: string; dedupe_key: string };
    // Platform context: one statement may hold several clients' deliveries (RLS allows system).
    const inserted = await retryDeadlock(async () => {
      const keys: string[] = [];
      if (rows.length <= MAX_ROWS_PER_INSERT) {
        // One statement is atomic by itself: committed without BEGIN and COMMIT, one round trip
        // instead of three before the deliveries are answered.
        for (const row of await app.db.systemStatement<Inserted>(insert(rows))) keys.push(`${row.client_id}\u0000${row.dedupe_key}`);
        // Committed: this process's inbox processor, and every other instance's (NOTIFY).
        if (keys.length > 0) void inboxSignal(app).wakeEverywhere();
        return new Set(keys);
      }
      return app.db.system(async (tx) => {
        for (let start = 0; start < rows.length; start += MAX_ROWS_PER_INSERT) {
          const result = await app.db.rows<Inserted>(tx, insert(rows.slice(start, start + MAX_ROWS_PER_INSERT)));
          for (const row of result) keys.push(`${row.client_id}\u0000${row.dedupe_key}`);
        }
        // Once this commits: this process's inbox processor, and every other instance's (NOTIFY).
        if (keys.length > 0) void inboxSignal(app).wakeEverywhere();
        return new Set(keys);
      });
    });
    return batch.map((item) => {
      // A key inserted once counts for the first delivery that carried it.
      let stored = 0;
      for (const draft of item.drafts) {
        const key = `${item.clientId}\u0000${draft.dedupeKey}`;
        if (inserted.delete(key)) stored++;
      }
      return { ok: true, value: stored };
    });
  }

  const batches = createGroupCommit<Delivery, number>({ commit, maxInFlight: batchesInFlight(app.db) });
  return {
    write(clientId, drafts) {
      if (drafts.length === 0) return Promise.resolve(0);
      return batches.submit({ clientId, drafts });
    },
  };
});
