// The delivery log (newest first, per endpoint or all), redelivery of one delivery, and a test
// event to check an endpoint from the page.
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { enqueueAttempt, enqueueDelivery } from './enqueueDeliveries.js';

export async function listDeliveries(
  app: AppContext,
  clientId: string,
  input: { endpointId?: string; status?: 'pending' | 'delivered' | 'failed'; cursor?: string | null; limit: number },
) {
  const { webhookDeliveries: d } = app.db.t;
  const filters: Array<SQL | undefined> = [eq(d.clientId, clientId)];
  if (input.endpointId) filters.push(eq(d.endpointId, input.endpointId));
  if (input.status) filters.push(eq(d.status, input.status));
  if (input.cursor) {
    const [at, id] = input.cursor.split('|');
    const date = new Date(Number(at));
    if (!id || Number.isNaN(date.getTime())) throw new TRPCError({ code: 'BAD_REQUEST', message: 'invalid cursor' });
    filters.push(or(lt(d.createdAt, date), and(eq(d.createdAt, date), lt(d.id, id))));
  }
  const rows = await app.db.tenant(clientId, (tx) =>
    tx
      .select()
      .from(d)
      .where(and(...filters))
      .orderBy(desc(d.createdAt), desc(d.id))
      .limit(input.limit + 1),
  );
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.id,
      endpointId: row.endpointId,
      eventId: row.eventId,
      eventType: row.eventType,
      payload: row.payload,
      status: row.status,
      attempts: row.attempts,
      lastStatusCode: row.lastStatusCode,
      lastLatencyMs: row.lastLatencyMs,
      lastResponseExcerpt: row.lastResponseExcerpt,
      lastError: row.lastError,
      deliveredAt: row.deliveredAt,
      createdAt: row.createdAt,
    })),
    nextCursor: rows.length > input.limit && last ? `${last.createdAt.getTime()}|${last.id}` : null,
  };
}

/** Sends a delivery again (same event id and body, a new signature): after a fix on the receiver's side. */
export async function redeliver(app: AppContext, clientId: string, deliveryId: string) {
  const { webhookDeliveries: d, webhookEndpoints: w } = app.db.t;
  await app.db.tenant(clientId, async (tx) => {
    const [row] = await tx
      .select({ id: d.id, status: d.status, endpointId: d.endpointId, isActive: w.isActive })
      .from(d)
      .innerJoin(w, eq(w.id, d.endpointId))
      .where(and(eq(d.id, deliveryId), eq(d.clientId, clientId)));
    if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such delivery' });
    if (!row.isActive) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'the endpoint is disabled: enable it before redelivering' });
    if (row.status === 'pending') throw new TRPCError({ code: 'CONFLICT', message: 'this delivery is still being attempted' });
    await tx
      .update(d)
      .set({ status: 'pending', deliveredAt: null })
      .where(and(eq(d.id, row.id), eq(d.clientId, clientId)));
    await enqueueAttempt(app, tx, { clientId, endpointId: row.endpointId, deliveryId: row.id, orderingKey: `redeliver:${row.id}` });
  });
  return { ok: true };
}

/** A `ping` event to this endpoint only: shows in the log like any delivery. */
export async function sendTestEvent(app: AppContext, clientId: string, endpointId: string) {
  const { webhookEndpoints: w } = app.db.t;
  const deliveryId = await app.db.tenant(clientId, async (tx) => {
    const [endpoint] = await tx
      .select({ id: w.id, isActive: w.isActive })
      .from(w)
      .where(and(eq(w.id, endpointId), eq(w.clientId, clientId)));
    if (!endpoint) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such webhook endpoint' });
    if (!endpoint.isActive) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'the endpoint is disabled: enable it first' });
    const eventId = randomUUID();
    return enqueueDelivery(app, tx, {
      clientId,
      endpointId,
      eventId,
      payload: { id: eventId, type: 'ping', createdAt: new Date().toISOString(), data: { message: 'a test event from UZZ.AI' } },
      orderingKey: null,
    });
  });
  return { deliveryId };
}
