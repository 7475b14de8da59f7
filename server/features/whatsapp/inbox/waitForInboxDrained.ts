// For tests (and the benchmark): waits until every stored webhook event has been processed.
import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';

export async function waitForInboxDrained(app: AppContext, options: { clientId?: string; timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  const { webhookInbox } = app.db.t;
  for (;;) {
    const where = and(eq(webhookInbox.state, 'pending'), options.clientId ? eq(webhookInbox.clientId, options.clientId) : undefined);
    const [row] = await app.db.system((tx) =>
      tx
        .select({ count: sql<number>`count(*)` })
        .from(webhookInbox)
        .where(where),
    );
    const pending = Number(row?.count ?? 0);
    if (pending === 0) return;
    if (Date.now() > deadline) throw new Error(`webhook inbox not drained after ${timeoutMs} ms (${pending} pending)`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
