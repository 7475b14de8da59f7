// A status webhook (sent, delivered, read, played, failed) moves an outbound message forward,
// never back: statuses arrive out of order and more than once. A status for a message whose send
// has not returned yet is found through biz_opaque_callback_data (our message id, set when
// sending), or else kept in the inbox and applied when the send returns (applyDeferredStatuses).
import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { Tables, Tx } from '#server/db/tables.js';
import type { MessageStatus } from '#shared/domain/statuses.js';
import { classifyMetaError } from '../graph/metaErrors.js';
import { isUuid } from '#shared/domain/isUuid.js';
import { emitMessageStatus } from '../outbox/emitMessageStatus.js';

type MessageRow = Tables['messages']['$inferSelect'];

const RANK: Partial<Record<MessageStatus, number>> = { queued: 0, sent: 1, delivered: 2, read: 3, played: 4 };
const APPLICABLE = ['sent', 'delivered', 'read', 'played', 'failed'] as const;
type Applicable = (typeof APPLICABLE)[number];

/** Whether `next` moves a message in `current` forward. Failed is terminal and only follows queued/sent. */
export function statusAdvances(current: MessageStatus, next: Applicable): boolean {
  if (current === 'failed') return false;
  if (next === 'failed') return current === 'queued' || current === 'sent';
  return (RANK[next] ?? 0) > (RANK[current] ?? 0);
}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export type StatusOutcome = { kind: 'applied'; message: MessageRow } | { kind: 'stale' } | { kind: 'deferred' } | { kind: 'ignored' };

export async function applyStatus(app: AppContext, clientId: string, payload: JsonObject): Promise<StatusOutcome> {
  return app.db.tenant(clientId, (tx) => applyStatusIn(app, tx, clientId, payload));
}

/**
 * Several statuses (heads of different conversations, claimed together) in one transaction instead
 * of one each; null when any fails (the caller then applies each on its own).
 */
export async function applyStatusBatch(app: AppContext, clientId: string, payloads: JsonObject[]): Promise<StatusOutcome[] | null> {
  try {
    return await app.db.tenant(clientId, async (tx) => {
      const outcomes: StatusOutcome[] = [];
      for (const payload of payloads) outcomes.push(await applyStatusIn(app, tx, clientId, payload));
      return outcomes;
    });
  } catch (error) {
    app.log.warn({ err: error }, 'inbox status batch rolled back; statuses are applied one by one');
    return null;
  }
}

export async function applyStatusIn(app: AppContext, tx: Tx, clientId: string, payload: JsonObject): Promise<StatusOutcome> {
  const status = isObject(payload.status) ? payload.status : {};
  const wamid = str(status.id);
  const next = str(status.status) as Applicable | null;
  if (!wamid || !next || !APPLICABLE.includes(next)) return { kind: 'ignored' };
  const { messages } = app.db.t;
  let [message] = await tx
    .select()
    .from(messages)
    .where(and(eq(messages.clientId, clientId), eq(messages.wamid, wamid)));
  const opaque = str(status.biz_opaque_callback_data);
  if (!message && opaque && isUuid(opaque)) {
    [message] = await tx
      .select()
      .from(messages)
      .where(and(eq(messages.clientId, clientId), eq(messages.id, opaque), eq(messages.direction, 'outgoing')));
    // Another wamid already recorded means this status is for an earlier attempt: not this send.
    if (message && message.wamid && message.wamid !== wamid) return { kind: 'stale' };
    // A late status of an attempt an agent already retried belongs to the old wamid.
    const earlier = Array.isArray(message?.metadata.previousAttempts) ? message.metadata.previousAttempts : [];
    if (earlier.some((attempt) => isObject(attempt) && attempt.wamid === wamid)) return { kind: 'stale' };
  }
  if (!message) return { kind: 'deferred' };
  // A send whose outcome was unknown (the server stopped mid-send) and that Meta did deliver.
  const reconciles = message.status === 'failed' && next !== 'failed' && isObject(message.errorDetails) && message.errorDetails.unknownOutcome === true;
  if (message.direction !== 'outgoing' || (!reconciles && !statusAdvances(message.status, next))) return { kind: 'stale' };

  const seconds = Number(str(status.timestamp));
  const at = Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000).toISOString() : new Date().toISOString();
  const previousTimes = isObject(message.metadata.statusTimes) ? message.metadata.statusTimes : {};
  const changes: Partial<MessageRow> = {
    status: next,
    wamid: message.wamid ?? wamid,
    metadata: { ...message.metadata, statusTimes: { ...previousTimes, [next]: at } },
    ...(reconciles ? { errorDetails: null, sendStartedAt: null } : {}),
  };
  if (next === 'failed') {
    const first = Array.isArray(status.errors) ? status.errors.find(isObject) : undefined;
    const code = first && typeof first.code === 'number' ? first.code : null;
    const details = first ? (str(isObject(first.error_data) ? first.error_data.details : null) ?? str(first.message)) : null;
    const verdict = classifyMetaError({ code, title: first ? str(first.title) : null, details });
    changes.errorDetails = { code, title: first ? str(first.title) : null, details, reason: verdict.reason, source: 'webhook' };
    changes.nextAttemptAt = null;
  }
  const [updated] = await tx.update(messages).set(changes).where(eq(messages.id, message.id)).returning();
  await emitMessageStatus(app, tx, updated!, message.status);
  return { kind: 'applied', message: updated! };
}

/**
 * After sends return their wamids (several recorded together, in the caller's transaction): the
 * statuses that arrived before them (kept in the inbox) are applied now, each message's in the order
 * a message moves. One read for the whole batch; the message each ended as, by wamid.
 */
export async function applyDeferredStatusesIn(
  app: AppContext,
  tx: Tx,
  sends: ReadonlyArray<{ clientId: string; wamid: string }>,
): Promise<Map<string, MessageRow>> {
  const applied = new Map<string, MessageRow>();
  if (sends.length === 0) return applied;
  const { webhookInbox } = app.db.t;
  const keys = sends.flatMap((send) => APPLICABLE.map((status) => `s:${send.wamid}:${status}`));
  const clientIds = [...new Set(sends.map((send) => send.clientId))];
  const rows = await tx
    .select()
    .from(webhookInbox)
    .where(and(inArray(webhookInbox.clientId, clientIds), inArray(webhookInbox.dedupeKey, keys)));
  if (rows.length === 0) return applied;
  const clientOf = new Map(sends.map((send) => [send.wamid, send.clientId]));
  rows.sort((a, b) => keys.indexOf(a.dedupeKey) - keys.indexOf(b.dedupeKey));
  for (const row of rows) {
    const wamid = row.dedupeKey.slice(2, row.dedupeKey.lastIndexOf(':'));
    if (clientOf.get(wamid) !== row.clientId) continue;
    const outcome = await applyStatusIn(app, tx, row.clientId, row.payload);
    if (outcome.kind === 'applied') applied.set(wamid, outcome.message);
  }
  return applied;
}
