// Business events (a message received, a conversation assigned, a flow completed…) raised inside the
// transaction that made them true. Sinks registered at start (the event webhooks) write their own
// rows in that same transaction, so an event exists exactly when its cause committed (and never
// after a rollback), and survives a crash right after the commit. A feature raising an event needs
// no import of who listens: this is a port, like the gateway's budget port.
import type { JsonObject } from '#server/db/json-types.js';
import type { Tx } from '#server/db/tables.js';
import type { WebhookEventType } from '#shared/domain/webhookEvents.js';
import type { AppContext } from './appContext.js';
import { perApp } from './perApp.js';

export type DomainEvent = {
  clientId: string;
  type: WebhookEventType;
  data: JsonObject;
  /** Events with one key are delivered in the order they were raised (a conversation's id, usually). */
  orderingKey?: string | null;
};

export type DomainEventSink = (tx: Tx, event: DomainEvent) => Promise<void>;

const sinks = perApp((_app: AppContext) => new Set<DomainEventSink>());

export function onDomainEvent(app: AppContext, sink: DomainEventSink): () => void {
  sinks(app).add(sink);
  return () => sinks(app).delete(sink);
}

/** Inside the caller's transaction (tenant or system context with the event's client). */
export async function emitDomainEvent(app: AppContext, tx: Tx, event: DomainEvent): Promise<void> {
  for (const sink of sinks(app)) await sink(tx, event);
}
