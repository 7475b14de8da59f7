// The endpoints a client's events go to, cached for a few seconds (every inbound message asks);
// a change drops the cache here and, through the live events bus (NOTIFY on PostgreSQL), on every
// other instance.
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import type { Tx } from '#server/db/tables.js';

const REUSE_MS = 5_000;
export const ENDPOINTS_CHANGED_KEY = 'system:webhook-endpoints-changed';

export type Subscription = { id: string; events: string[] };

const memo = perApp((app: AppContext) => {
  const cache = new Map<string, { at: number; endpoints: Subscription[] }>();
  app.events.subscribe(ENDPOINTS_CHANGED_KEY, (event) => {
    const clientId = (event.payload as { clientId?: string } | null)?.clientId;
    if (clientId) cache.delete(clientId);
  });
  return cache;
});

export async function subscribedEndpoints(app: AppContext, tx: Tx, clientId: string): Promise<Subscription[]> {
  const cache = memo(app);
  const hit = cache.get(clientId);
  if (hit && Date.now() - hit.at < REUSE_MS) return hit.endpoints;
  const { webhookEndpoints: w } = app.db.t;
  const endpoints = await tx
    .select({ id: w.id, events: w.events })
    .from(w)
    .where(and(eq(w.clientId, clientId), eq(w.isActive, true)));
  if (cache.size > 10_000) cache.clear();
  cache.set(clientId, { at: Date.now(), endpoints });
  return endpoints;
}

/** After a change to a client's endpoints (created, edited, disabled, deleted): here at once, elsewhere on commit. */
export function forgetEndpoints(app: AppContext, clientId: string): void {
  memo(app).delete(clientId);
  app.events.publish(ENDPOINTS_CHANGED_KEY, 'webhooks.endpoints-changed', { clientId });
}
