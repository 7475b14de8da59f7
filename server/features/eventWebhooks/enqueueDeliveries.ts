// The domain event sink: for each of the client's active endpoints subscribed to the event, a
// delivery row (the log) and a job, in the transaction that raised the event. Jobs of one endpoint
// and one ordering key (a conversation) run one at a time, oldest first: deliveries stay in order.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '#server/app/appContext.js';
import type { DomainEvent } from '#server/app/domainEvents.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { Tx } from '#server/db/tables.js';
import { subscribedEndpoints } from './subscribedEndpoints.js';
import { WEBHOOK_DELIVERY_JOB } from './webhookSettings.js';

export async function enqueueDeliveries(app: AppContext, tx: Tx, event: DomainEvent): Promise<void> {
  const endpoints = (await subscribedEndpoints(app, tx, event.clientId)).filter((endpoint) => endpoint.events.includes(event.type));
  if (endpoints.length === 0) return;
  const eventId = randomUUID();
  const payload: JsonObject = { id: eventId, type: event.type, createdAt: new Date().toISOString(), data: event.data };
  for (const endpoint of endpoints)
    await enqueueDelivery(app, tx, { clientId: event.clientId, endpointId: endpoint.id, eventId, payload, orderingKey: event.orderingKey ?? null });
}

export async function enqueueDelivery(
  app: AppContext,
  tx: Tx,
  input: { clientId: string; endpointId: string; eventId: string; payload: JsonObject; orderingKey: string | null },
): Promise<string> {
  const { webhookDeliveries } = app.db.t;
  const [row] = await tx
    .insert(webhookDeliveries)
    .values({ clientId: input.clientId, endpointId: input.endpointId, eventId: input.eventId, eventType: String(input.payload.type), payload: input.payload })
    .returning({ id: webhookDeliveries.id });
  await enqueueAttempt(app, tx, { clientId: input.clientId, endpointId: input.endpointId, deliveryId: row!.id, orderingKey: input.orderingKey });
  return row!.id;
}

export async function enqueueAttempt(app: AppContext, tx: Tx, input: { clientId: string; endpointId: string; deliveryId: string; orderingKey: string | null }) {
  await app.jobs.enqueue(tx, {
    type: WEBHOOK_DELIVERY_JOB,
    clientId: input.clientId,
    payload: { deliveryId: input.deliveryId, orderingKey: input.orderingKey },
    orderingKey: `webhook:${input.endpointId}:${input.orderingKey ?? randomUUID()}`,
  });
}
