// Sends queued outbound messages: the head of each conversation's queue (so a customer gets a
// flow's messages in order), shared between instances with FOR UPDATE SKIP LOCKED on PostgreSQL.
// Meta's errors are classified by code: rate limits, 5xx and network problems back off and retry;
// the rest fail with a readable reason.
//
// At most once, never twice: Meta has no idempotency key, so once the send is prepared (credentials,
// recipient, media upload) `send_started_at` is committed in its own transaction BEFORE the HTTP
// call. A row leased but never marked (the process died while preparing) is simply sent later. A row whose send began and whose lease ran out (the process died mid-send,
// or Meta's answer never came) is not sent again blindly: it is marked failed with
// `unknownOutcome`, shown to agents as "may not have been delivered" with the manual retry, and a
// status webhook carrying its id (biz_opaque_callback_data) or a late answer reconciles it to sent.
// A row whose wamid came back is never sent again, even if recording it fails for a while.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../../../app/appContext.js';
import type { JsonObject } from '../../../db/json-types.js';
import { performance } from 'node:perf_hooks';
import type { Tables, Tx } from '../../../db/tables.js';
import { publishMessage } from '../../conversations/liveEvents.js';
import { applyDeferredStatuses, statusAdvances } from '../inbox/applyStatus.js';
import { buildGraphMessage } from '../graph/buildGraphMessage.js';
import { GraphApiError } from '../graph/graphClient.js';
import { graphClientFor, MissingCredentialsError } from '../graph/loadGraphCredentials.js';
import { classifyMetaError } from '../graph/metaErrors.js';
import { storedOutboundContent } from './describeOutbound.js';
import { outboxInFlight } from './outboxInFlight.js';
import { outboxSignal } from './outboxSignal.js';
import { MediaUploadError, StoredMediaMissingError, storedMediaOf, uploadStoredMedia } from './uploadStoredMedia.js';

type MessageRow = Tables['messages']['$inferSelect'];

export type OutboxSenderOptions = { concurrency?: number; leaseMs?: number; pollMs?: number; maxAttempts?: number; backoffBaseMs?: number };
export type OutboxSender = { start(): void; stop(): Promise<void> };

export function backoffMs(attempt: number, baseMs: number, perRecipient: boolean): number {
  // The pair limit (131056) is about one message per ~6 s per customer: wait at least that.
  const base = perRecipient ? Math.max(baseMs, 6_000) : baseMs;
  const delay = Math.min(5 * 60_000, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(delay * (0.8 + Math.random() * 0.4));
}

/** What an agent reads on a message whose send may or may not have reached the customer. */
export const UNKNOWN_OUTCOME_REASON = 'The server stopped while sending this message, so it may not have been delivered. '
  + 'Check the conversation before sending it again (Retry).';

export function createOutboxSender(app: AppContext, options: OutboxSenderOptions = {}): OutboxSender {
  // Each send holds no connection during the Graph call; 32 in flight stays far below Meta's
  // 80 messages/s per number while a burst of replies drains quickly.
  const concurrency = options.concurrency ?? 32;
  const leaseMs = options.leaseMs ?? 120_000;
  // A safety net only (another instance's work, a crashed process's leases): new work wakes the
  // loop (outboxSignal), and retries this process schedules wake it at their time.
  const pollMs = options.pollMs ?? 5_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const baseMs = options.backoffBaseMs ?? 500;
  const { messages, conversations, clientesWhatsapp } = app.db.t;
  const inFlight = new Map<string, Promise<void>>();
  /** Clients whose number hit Meta's throughput limit (130429): nothing of theirs is sent until then. */
  const pausedUntil = new Map<string, number>();
  const signal = outboxSignal(app);
  const counter = outboxInFlight(app);
  let stopping = false;
  let loop: Promise<void> | null = null;

  /** Leases up to `limit` conversation heads (not yet sending: that is marked just before the call). */
  async function claim(limit: number, settle: boolean): Promise<{ claimed: MessageRow[]; settled: MessageRow[] }> {
    const now = new Date();
    const paused = [...pausedUntil].filter(([, until]) => until > now.getTime()).map(([clientId]) => clientId);
    const busy = [...inFlight.keys()];
    return app.db.system(async (tx) => {
      const settled = settle ? await settleUnknown(tx, now, busy) : [];
      // Head of line through messages_outbox_head_idx (queued outgoing rows by conversation, time,
      // id): a correlated "first of its conversation" subquery is one index probe per candidate.
      // Not NOT EXISTS: with fresh statistics PostgreSQL planned that anti-join as a scan of every
      // queued row per candidate (64,000 rows read to claim 32 of 2,000).
      const ids = await app.db.rows<{ id: string }>(tx, sql`
        select m.id from messages m
        where m.status = 'queued' and m.next_attempt_at <= ${sql.param(now, messages.nextAttemptAt)}
          and m.direction = 'outgoing' and m.send_started_at is null
          and m.id = (
            select head.id from messages head
            where head.conversation_id = m.conversation_id and head.status = 'queued' and head.direction = 'outgoing'
            order by head.timestamp, head.id
            limit 1)
          ${paused.length > 0 ? sql`and m.client_id not in (${sql.join(paused.map((id) => sql`${id}`), sql`, `)})` : sql``}
          ${busy.length > 0 ? sql`and m.id not in (${sql.join(busy.map((id) => sql`${id}`), sql`, `)})` : sql``}
        order by m.next_attempt_at
        limit ${limit}
        ${app.db.kind === 'pg' ? sql`for update of m skip locked` : sql``}`);
      if (ids.length === 0) return { claimed: [], settled };
      const claimed = await tx.update(messages)
        .set({ nextAttemptAt: new Date(now.getTime() + leaseMs), sendAttempts: sql`${messages.sendAttempts} + 1` })
        .where(and(inArray(messages.id, ids.map((row) => String(row.id))), eq(messages.status, 'queued')))
        .returning();
      return { claimed, settled };
    });
  }

  /** Sends that began and whose lease ran out: their outcome is unknown, so they are not re-sent. */
  async function settleUnknown(tx: Tx, now: Date, busy: string[]): Promise<MessageRow[]> {
    const ids = await app.db.rows<{ id: string }>(tx, sql`
      select m.id from messages m
      where m.status = 'queued' and m.next_attempt_at <= ${sql.param(now, messages.nextAttemptAt)} and m.send_started_at is not null
        ${busy.length > 0 ? sql`and m.id not in (${sql.join(busy.map((id) => sql`${id}`), sql`, `)})` : sql``}
      limit 100
      ${app.db.kind === 'pg' ? sql`for update of m skip locked` : sql``}`);
    if (ids.length === 0) return [];
    const details: JsonObject = { code: null, httpStatus: null, title: null, details: 'the send began but its outcome was never recorded', reason: UNKNOWN_OUTCOME_REASON, unknownOutcome: true, retrying: false, source: 'send' };
    return tx.update(messages)
      .set({ status: 'failed', nextAttemptAt: null, errorDetails: details })
      .where(and(inArray(messages.id, ids.map((row) => String(row.id))), eq(messages.status, 'queued')))
      .returning();
  }

  /** Who receives it, and the business number (conversations.phone_number_id) it goes out on. */
  async function recipientOf(message: MessageRow): Promise<{ recipient: string; phoneNumberId: string | null }> {
    return app.db.tenant(message.clientId, async (tx) => {
      const [row] = await tx.select({ phone: conversations.phone, waId: clientesWhatsapp.waId, phoneNumberId: conversations.phoneNumberId })
        .from(conversations)
        .leftJoin(clientesWhatsapp, eq(clientesWhatsapp.id, conversations.clienteWhatsappId))
        .where(and(eq(conversations.id, message.conversationId), eq(conversations.clientId, message.clientId)));
      // Meta's own id for the customer (wa_id) is what it delivers to, whatever form the phone has.
      return { recipient: row?.waId ?? row?.phone ?? message.phone, phoneNumberId: row?.phoneNumberId ?? null };
    });
  }

  async function update(message: MessageRow, build: (current: MessageRow) => Partial<MessageRow> | null): Promise<MessageRow | null> {
    return app.db.tenant(message.clientId, async (tx) => {
      const [current] = await tx.select().from(messages).where(eq(messages.id, message.id));
      if (!current) return null;
      const changes = build(current);
      if (!changes) return current;
      const [updated] = await tx.update(messages).set(changes).where(eq(messages.id, message.id)).returning();
      return updated ?? null;
    });
  }

  async function send(message: MessageRow): Promise<void> {
    const content = storedOutboundContent(message.metadata);
    let wamid: string;
    try {
      if (!content) throw new MissingCredentialsError('the stored message has no content to send');
      const { recipient, phoneNumberId } = await recipientOf(message);
      const graph = await graphClientFor(app, message.clientId, phoneNumberId);
      const replyTo = typeof message.metadata.replyToWamid === 'string' ? message.metadata.replyToWamid : null;
      // An attachment stored here is uploaded now, then sent by its media id.
      const ready = content.kind === 'media' && !content.mediaId && !content.link && storedMediaOf(message)
        ? { ...content, mediaId: await uploadStoredMedia(app, graph, message) }
        : content;
      const payload = buildGraphMessage(ready, recipient, { replyToWamid: replyTo, opaque: message.id });
      // Committed before the call: from here on a crash leaves an unknown outcome, never a re-send.
      if (!await markSending(message)) return;
      ({ wamid } = await graph.sendMessage(payload));
    } catch (error) {
      await sendFailed(message, error);
      return;
    }
    await recordSent(message, wamid);
  }

  /** False when the row is no longer ours to send (settled meanwhile). */
  async function markSending(message: MessageRow): Promise<boolean> {
    const { messages: table } = app.db.t;
    const marked = await app.db.tenant(message.clientId, (tx) => tx.update(table)
      .set({ sendStartedAt: new Date(), nextAttemptAt: new Date(Date.now() + leaseMs) })
      .where(and(eq(table.id, message.id), eq(table.clientId, message.clientId), eq(table.status, 'queued'), isNull(table.sendStartedAt)))
      .returning({ id: table.id }));
    return marked.length > 0;
  }

  /** Meta accepted the message: recorded, retried on a database error, never sent again. */
  async function recordSent(message: MessageRow, wamid: string): Promise<void> {
    const sentAt = new Date().toISOString();
    for (let attempt = 1; ; attempt++) {
      try {
        let updated = await update(message, (current) => {
          // Failed as "outcome unknown" (its lease ran out meanwhile): Meta's answer settles it.
          const unknown = current.status === 'failed' && current.errorDetails?.unknownOutcome === true;
          return {
            wamid: current.wamid && current.status !== 'queued' ? current.wamid : wamid,
            status: unknown || statusAdvances(current.status, 'sent') ? 'sent' : current.status,
            nextAttemptAt: null,
            sendStartedAt: null,
            errorDetails: null,
            metadata: { ...current.metadata, statusTimes: { ...((current.metadata.statusTimes as JsonObject | undefined) ?? {}), sent: sentAt } },
          };
        });
        updated = (await applyDeferredStatuses(app, message.clientId, wamid)) ?? updated;
        if (updated) publishMessage(app, updated, false);
        return;
      } catch (error) {
        // The row keeps send_started_at: if this never succeeds it ends as "outcome unknown", not re-sent.
        app.log.error({ err: error, messageId: message.id, wamid, attempt }, 'could not record a sent message');
        if (attempt >= 5 || stopping) return;
        await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
      }
    }
  }

  async function sendFailed(message: MessageRow, error: unknown): Promise<void> {
    const upload = error instanceof MediaUploadError;
    const graphError = upload ? error.graphError : error instanceof GraphApiError ? error : null;
    const permanent = error instanceof MissingCredentialsError || error instanceof StoredMediaMissingError;
    // No answer within the Graph client's timeout: Meta may have accepted it. At most once.
    const unknown = !upload && graphError !== null && graphError.httpStatus === null && graphError.code === null
      && /timeout|aborted/i.test(`${graphError.details ?? ''} ${graphError.message}`);
    const classified = graphError
      ? classifyMetaError({ code: graphError.code, title: graphError.title, details: graphError.details, httpStatus: graphError.httpStatus })
      : null;
    const verdict = permanent
      ? { retry: false, perRecipient: false, reason: (error as Error).message }
      : unknown
        ? { retry: false, perRecipient: false, reason: UNKNOWN_OUTCOME_REASON }
        : classified
          ? { ...classified, reason: upload ? `Uploading the file to WhatsApp failed. ${classified.reason}` : classified.reason }
          : { retry: true, perRecipient: false, reason: `sending failed: ${(error as Error).message}` };
    if (!graphError && !permanent) app.log.error({ err: error, messageId: message.id }, 'outbox send failed unexpectedly');
    const retry = verdict.retry && message.sendAttempts < maxAttempts;
    if (graphError?.code === 130429) pausedUntil.set(message.clientId, Date.now() + backoffMs(message.sendAttempts, baseMs, false));
    const details: JsonObject = {
      code: graphError?.code ?? null, httpStatus: graphError?.httpStatus ?? null, title: graphError?.title ?? null,
      details: graphError?.details ?? (error as Error).message, reason: verdict.reason, attempts: message.sendAttempts, retrying: retry, source: upload ? 'upload' : 'send',
      ...(unknown ? { unknownOutcome: true } : {}),
    };
    const retryAt = retry ? new Date(Date.now() + backoffMs(message.sendAttempts, baseMs, verdict.perRecipient)) : null;
    const updated = await update(message, (current) => {
      if (current.status !== 'queued') return null; // a status webhook already settled it
      return retryAt
        // Meta answered with an error (or could not be reached): nothing was sent, so it may go again.
        ? { errorDetails: details, nextAttemptAt: retryAt, sendStartedAt: null }
        : { status: 'failed', errorDetails: details, nextAttemptAt: null };
    });
    if (retryAt) wakeAt(retryAt.getTime());
    if (updated) publishMessage(app, updated, false);
  }

  /** The loop sleeps up to pollMs; a backoff or a grace window wakes it at its time instead. */
  const wakeAt = (at: number) => {
    if (!stopping) signal.wakeAt(at);
  };

  async function main(): Promise<void> {
    let settledAt = -Infinity;
    while (!stopping) {
      const room = concurrency - inFlight.size;
      let claimed: MessageRow[] = [];
      if (room > 0) {
        try {
          // Expired leases are looked for at the poll's pace, not on every wake-up.
          const settle = performance.now() - settledAt >= pollMs;
          if (settle) settledAt = performance.now();
          const result = await claim(room, settle);
          for (const settled of result.settled) publishMessage(app, settled, false);
          claimed = result.claimed;
        } catch (error) {
          if (!stopping) app.log.error({ err: error }, 'outbox claim failed');
        }
      }
      for (const message of claimed) {
        counter.count++;
        const task = send(message)
          .catch((error: unknown) => app.log.error({ err: error, messageId: message.id }, 'outbox bookkeeping failed'))
          .finally(() => {
            counter.count--;
            inFlight.delete(message.id);
            signal.wake(); // the conversation's next message may go now
          });
        inFlight.set(message.id, task);
      }
      if (claimed.length === room && room > 0) {
        // More may be waiting; let the webhook's requests in first (acknowledgement latency).
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      await signal.wait(pollMs);
    }
  }

  return {
    start() {
      if (loop) return;
      stopping = false;
      loop = main();
    },
    async stop() {
      stopping = true;
      signal.cancelScheduled();
      signal.wake();
      await loop;
      loop = null;
      await Promise.allSettled([...inFlight.values()]);
    },
  };
}
