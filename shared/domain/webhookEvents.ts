// The events a client's admins can subscribe a webhook URL to. `emitted` says whether something in
// the product raises the event today; the others are accepted in subscriptions (so a URL can be set
// up before its source exists) and documented as coming later. Add a source: emit it with
// emitDomainEvent (server/app/domainEvents.ts) inside the transaction that makes it true.
export const WEBHOOK_EVENTS = {
  'message.received': { emitted: true },
  'message.sent': { emitted: true },
  'message.status_changed': { emitted: true },
  'conversation.created': { emitted: true },
  'conversation.status_changed': { emitted: true },
  'conversation.assigned': { emitted: true },
  'flow.completed': { emitted: true },
  'contact.created': { emitted: true },
  'contact.updated': { emitted: true },
  'budget.alert': { emitted: true },
  'campaign.finished': { emitted: true },
} as const satisfies Record<string, { emitted: boolean }>;

export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;
export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as WebhookEventType[];
export const isWebhookEventType = (value: string): value is WebhookEventType => Object.hasOwn(WEBHOOK_EVENTS, value);
