// For tests of features that send (flows, AI reply): waits until the outbox has nothing left to
// send soon, i.e. no queued message due within `horizonMs` (a message backing off for longer, or
// one leased by a sender that is sending it right now, is not "soon" and not waited for... except
// that an in-process send in flight is always waited for).
import { and, eq, lte, sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { outboxInFlight } from './outboxInFlight.js';

export async function waitForOutboxDrained(app: AppContext, options: { clientId?: string; timeoutMs?: number; horizonMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const { messages } = app.db.t;
  for (;;) {
    const horizon = new Date(Date.now() + (options.horizonMs ?? 5_000));
    const due = and(
      eq(messages.status, 'queued'),
      lte(messages.nextAttemptAt, horizon),
      options.clientId ? eq(messages.clientId, options.clientId) : undefined,
    );
    const [row] = await app.db.system((tx) =>
      tx
        .select({ count: sql<number>`count(*)` })
        .from(messages)
        .where(due),
    );
    if (Number(row?.count ?? 0) === 0 && outboxInFlight(app).count === 0) return;
    if (Date.now() > deadline) throw new Error(`outbox not drained after ${options.timeoutMs ?? 10_000} ms (${row?.count} queued)`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
