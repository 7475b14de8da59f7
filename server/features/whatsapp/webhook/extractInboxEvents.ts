// Splits one webhook POST into inbox events: every message, status and error of every entry and
// change (Meta batches up to 1000 updates). Each event gets the key that makes it idempotent
// (dedupeKey) and the key of the conversation it belongs to (processed in order per key).
import { createHash } from 'node:crypto';
import type { JsonObject, JsonValue } from '#server/db/json-types.js';
import type { InboxEventKind } from '#shared/domain/statuses.js';
import { customerKey } from '../phone/canonicalPhone.js';

export type InboxEventDraft = {
  phoneNumberId: string;
  kind: InboxEventKind;
  dedupeKey: string;
  conversationKey: string;
  /** WhatsApp's timestamp (Meta may deliver a customer's messages out of this order). */
  occurredAt: Date | null;
  payload: JsonObject;
};

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): JsonValue[] => (Array.isArray(value) ? value : []);
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null);
const seconds = (value: unknown): Date | null => {
  const number = Number(str(value));
  return Number.isFinite(number) && number > 0 && number < 1e11 ? new Date(number * 1000) : null;
};
const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);

export class MalformedWebhookError extends Error {}

/** Throws MalformedWebhookError when the body is JSON but not a webhook at all. */
export function extractInboxEvents(body: unknown): InboxEventDraft[] {
  if (!isObject(body)) throw new MalformedWebhookError('the body is not a JSON object');
  if (!Array.isArray(body.entry)) throw new MalformedWebhookError('the body has no entry list');
  const events: InboxEventDraft[] = [];
  for (const entry of body.entry) {
    if (!isObject(entry)) continue;
    for (const change of list(entry.changes)) {
      // Other fields (account_update, template status, ...) are not conversation events.
      if (!isObject(change) || change.field !== 'messages' || !isObject(change.value)) continue;
      const value = change.value;
      const metadata = isObject(value.metadata) ? value.metadata : {};
      const phoneNumberId = str(metadata.phone_number_id);
      if (!phoneNumberId) continue;
      const contacts = list(value.contacts).filter(isObject);
      const common = { wabaId: str(entry.id), metadata };

      for (const message of list(value.messages)) {
        if (!isObject(message)) continue;
        const from = str(message.from);
        const fromUserId = str(message.from_user_id);
        const contact =
          contacts.find((c) => (from && str(c.wa_id) === from) || (fromUserId && str(c.user_id) === fromUserId)) ??
          (contacts.length === 1 ? contacts[0] : undefined);
        const key = customerKey(from ?? str(contact?.wa_id), fromUserId ?? str(contact?.user_id)) ?? 'unknown';
        const id = str(message.id);
        events.push({
          phoneNumberId,
          kind: 'message',
          conversationKey: key,
          dedupeKey: id ? `m:${id}` : `m#${digest(message)}`,
          occurredAt: seconds(message.timestamp),
          payload: { ...common, message, contact: contact ?? null },
        });
      }
      for (const status of list(value.statuses)) {
        if (!isObject(status)) continue;
        const id = str(status.id);
        const state = str(status.status) ?? 'unknown';
        const key = customerKey(str(status.recipient_id), str(status.recipient_user_id)) ?? 'unknown';
        events.push({
          phoneNumberId,
          kind: 'status',
          conversationKey: key,
          dedupeKey: id ? `s:${id}:${state}` : `s#${digest(status)}`,
          occurredAt: seconds(status.timestamp),
          payload: { ...common, status },
        });
      }
      for (const error of list(value.errors)) {
        if (!isObject(error)) continue;
        events.push({
          phoneNumberId,
          kind: 'error',
          conversationKey: '__account__',
          dedupeKey: `e#${digest({ error, entry: entry.id, metadata })}`,
          occurredAt: null,
          payload: { ...common, error },
        });
      }
    }
  }
  return events;
}
