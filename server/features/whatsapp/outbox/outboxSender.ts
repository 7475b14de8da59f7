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
//
// Woken by events, not by polling (server/jobs/driveLoop.ts): a queued message wakes the senders
// of this process once its transaction commits (outboxSignal), a finished send wakes it for the
// conversation's next message, a retry's backoff, a rate-limited number's pause or another
// instance's lease wakes it at its time (the earliest one is read whenever it runs out of work),
// and a 30 s heartbeat catches the rest (a crashed instance's sends, whose outcome is then unknown).
import { and, eq, gt, inArray, isNull, min, sql, type SQL } from 'drizzle-orm';
import { emitMessageStatus } from './emitMessageStatus.js';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { Tables, Tx } from '#server/db/tables.js';
import { publishMessage } from '../liveEvents.js';
import { applyDeferredStatuses, statusAdvances } from '../inbox/applyStatus.js';
import { buildGraphMessage } from '../graph/buildGraphMessage.js';
import { GraphApiError } from '../graph/graphClient.js';
import { graphClientFor, MissingCredentialsError } from '../graph/loadGraphCredentials.js';
import { classifyMetaError } from '../graph/metaErrors.js';
import { storedOutboundContent } from './describeOutbound.js';
import { outboxInFlight } from './outboxInFlight.js';
import { outboxSignal } from './outboxSignal.js';
import { MediaUploadError, StoredMediaMissingError, storedMediaOf, uploadStoredMedia } from './uploadStoredMedia.js';
import { rowsMayBeSkipped, skipLockedRows } from '#server/db/claimRows.js';
import { HEARTBEAT_MS } from '#server/db/wakeSignal.js';
import { createDriveLoop, type DriveLoop, type PassOutcome, type PassTrigger } from '#server/jobs/driveLoop.js';
import { OptedOutError, optedOut } from '../consent/customerConsent.js';

type MessageRow = Tables['messages']['$inferSelect'];

export type OutboxSenderOptions = {
  concurrency?: number;
  leaseMs?: number;
  /** How often it looks without being woken (a crashed instance's sends); default HEARTBEAT_MS (30 s), 0: never. */
  heartbeatMs?: number;
  maxAttempts?: number;
  backoffBaseMs?: number;
};
export type OutboxSender = {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Passes of its claim loop, by what caused them (tests). */
  readonly passes: DriveLoop['passes'];
};

export function backoffMs(attempt: number, baseMs: number, perRecipient: boolean): number {
  // The pair limit (131056) is about one message per ~6 s per customer: wait at least that.
  const base = perRecipient ? Math.max(baseMs, 6_000) : baseMs;
  const delay = Math.min(5 * 60_000, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(delay * (0.8 + Math.random() * 0.4));
}

/** How soon a due message whose row another transaction held is looked at again. */
const LOCKED_RECHECK_MS = 50;

/** `and <column> not in (...)`, or nothing for an empty list. */
function notIn(column: SQL, values: string[]): SQL {
  return values.length > 0
    ? sql`and ${column} not in (${sql.join(
        values.map((value) => sql`${value}`),
        sql`, `,
      )})`
    : sql``;
}

/** Expired sends settled per claim. */
const SETTLE_BATCH = 100;

/** What an agent reads on a message whose send may or may not have reached the customer. */
export const UNKNOWN_OUTCOME_REASON =
  'The server stopped while sending this message, so it may not have been delivered. ' + 'Check the conversation before sending it again (Retry).';

export function createOutboxSender(app: AppContext, options: OutboxSenderOptions = {}): OutboxSender {
  // Each send holds no connection during the Graph call; 32 in flight stays far below Meta's
  // 80 messages/s per number while a burst of replies drains quickly.
  const concurrency = options.concurrency ?? 32;
  const leaseMs = options.leaseMs ?? 120_000;
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  const maxAttempts = options.maxAttempts ?? 8;
  const baseMs = options.backoffBaseMs ?? 500;
  const { messages, conversations, clientesWhatsapp } = app.db.t;
  const inFlight = new Map<string, Promise<void>>();
  /** Clients whose number hit Meta's throughput limit (130429): nothing of theirs is sent until then. */
  const pausedUntil = new Map<string, number>();
  const signal = outboxSignal(app);
  const counter = outboxInFlight(app);
  let stopping = false;
  /** The last settling found a full batch of expired sends: the next pass settles again. */
  let settleMore = false;

  /**
   * Conversation heads due now (not yet sending: that is marked just before the call), oldest due
   * first. Head of line through messages_outbox_head_idx (queued outgoing rows by conversation,
   * time, id): a correlated "first of its conversation" subquery is one index probe per candidate.
   * Not NOT EXISTS: with fresh statistics PostgreSQL planned that anti-join as a scan of every
   * queued row per candidate (64,000 rows read to claim 32 of 2,000).
   */
  function dueHeads(now: Date, paused: string[], busy: string[], limit: number, lockClause: SQL) {
    return sql`
        select m.id from messages m
        where m.status = 'queued' and m.next_attempt_at <= ${sql.param(now, messages.nextAttemptAt)}
          and m.direction = 'outgoing' and m.send_started_at is null
          and m.id = (
            select head.id from messages head
            where head.conversation_id = m.conversation_id and head.status = 'queued' and head.direction = 'outgoing'
            order by head.timestamp, head.id
            limit 1)
          ${notIn(sql`m.client_id`, paused)}
          ${notIn(sql`m.id`, busy)}
        order by m.next_attempt_at
        limit ${limit}
        ${lockClause}`;
  }

  /**
   * Leases up to `limit` conversation heads (not yet sending: that is marked just before the call).
   * When that leaves nothing to do here, it also reads when the next message becomes due.
   */
  async function claim(limit: number, settle: boolean): Promise<{ claimed: MessageRow[]; settled: MessageRow[]; dueAt: number | null }> {
    const now = new Date();
    const paused = [...pausedUntil].filter(([, until]) => until > now.getTime()).map(([clientId]) => clientId);
    const busy = [...inFlight.keys()];
    return app.db.system(async (tx) => {
      const settled = settle ? await settleUnknown(tx, now, busy) : [];
      const ids = await app.db.rows<{ id: string }>(tx, dueHeads(now, paused, busy, limit, skipLockedRows(app.db, 'm')));
      // Sends running here wake the loop when they finish, and it looks again then.
      if (ids.length === 0) return { claimed: [], settled, dueAt: inFlight.size === 0 ? await nextDueAt(tx, now, paused, busy) : null };
      const claimed = await tx
        .update(messages)
        .set({ nextAttemptAt: new Date(now.getTime() + leaseMs), sendAttempts: sql`${messages.sendAttempts} + 1` })
        .where(
          and(
            inArray(
              messages.id,
              ids.map((row) => String(row.id)),
            ),
            eq(messages.status, 'queued'),
          ),
        )
        .returning();
      return { claimed, settled, dueAt: null };
    });
  }

  /**
   * The earliest queued message not due yet: a retry's backoff, a lease (another instance's claim
   * or send) running out. Messages due now are not counted: a paused number wakes the loop when
   * its pause ends, and a conversation's next message when its head's send finishes... except a
   * due head the claim skipped because another transaction held its row (another instance
   * claiming it, or a writer adding to a message it just queued): nothing announces when that lock
   * goes, so the loop looks again shortly.
   */
  async function nextDueAt(tx: Tx, now: Date, paused: string[], busy: string[]): Promise<number | null> {
    if (rowsMayBeSkipped(app.db)) {
      const locked = await app.db.rows<{ id: string }>(tx, dueHeads(now, paused, busy, 1, sql``));
      if (locked.length > 0) return Date.now() + LOCKED_RECHECK_MS;
    }
    const [row] = await tx
      .select({ next: min(messages.nextAttemptAt) })
      .from(messages)
      .where(and(eq(messages.status, 'queued'), eq(messages.direction, 'outgoing'), gt(messages.nextAttemptAt, now)));
    return row?.next ? row.next.getTime() : null;
  }

  /** Sends that began and whose lease ran out: their outcome is unknown, so they are not re-sent. */
  async function settleUnknown(tx: Tx, now: Date, busy: string[]): Promise<MessageRow[]> {
    const ids = await app.db.rows<{ id: string }>(
      tx,
      sql`
      select m.id from messages m
      where m.status = 'queued' and m.next_attempt_at <= ${sql.param(now, messages.nextAttemptAt)} and m.send_started_at is not null
        ${notIn(sql`m.id`, busy)}
      limit ${SETTLE_BATCH}
      ${skipLockedRows(app.db, 'm')}`,
    );
    if (ids.length === 0) return [];
    const details: JsonObject = {
      code: null,
      httpStatus: null,
      title: null,
      details: 'the send began but its outcome was never recorded',
      reason: UNKNOWN_OUTCOME_REASON,
      unknownOutcome: true,
      retrying: false,
      source: 'send',
    };
    return tx
      .update(messages)
      .set({ status: 'failed', nextAttemptAt: null, errorDetails: details })
      .where(
        and(
          inArray(
            messages.id,
            ids.map((row) => String(row.id)),
          ),
          eq(messages.status, 'queued'),
        ),
      )
      .returning();
  }

  /** Who receives it, and the business number (conversations.phone_number_id) it goes out on. */
  async function recipientOf(message: MessageRow) {
    return app.db.tenant(message.clientId, async (tx) => {
      const [row] = await tx
        .select({
          phone: conversations.phone,
          waId: clientesWhatsapp.waId,
          phoneNumberId: conversations.phoneNumberId,
          customerStatus: clientesWhatsapp.status,
          optedOutAt: clientesWhatsapp.optedOutAt,
          optOutSource: clientesWhatsapp.optOutSource,
        })
        .from(conversations)
        .leftJoin(clientesWhatsapp, eq(clientesWhatsapp.id, conversations.clienteWhatsappId))
        .where(and(eq(conversations.id, message.conversationId), eq(conversations.clientId, message.clientId)));
      // Meta's own id for the customer (wa_id) is what it delivers to, whatever form the phone has.
      return {
        recipient: row?.waId ?? row?.phone ?? message.phone,
        phoneNumberId: row?.phoneNumberId ?? null,
        optedOut: row?.customerStatus === 'opted_out' ? { optedOutAt: row.optedOutAt, optOutSource: row.optOutSource } : null,
      };
    });
  }

  async function update(message: MessageRow, build: (current: MessageRow) => Partial<MessageRow> | null): Promise<MessageRow | null> {
    return app.db.tenant(message.clientId, async (tx) => {
      const [current] = await tx.select().from(messages).where(eq(messages.id, message.id));
      if (!current) return null;
      const changes = build(current);
      if (!changes) return current;
      const [updated] = await tx.update(messages).set(changes).where(eq(messages.id, message.id)).returning();
      if (updated && updated.status !== current.status) await emitMessageStatus(app, tx, updated, current.status);
      return updated ?? null;
    });
  }

  async function send(message: MessageRow): Promise<void> {
    const content = storedOutboundContent(message.metadata);
    let wamid: string;
    try {
      if (!content) throw new MissingCredentialsError('the stored message has no content to send');
      const { recipient, phoneNumberId, optedOut: optOut } = await recipientOf(message);
      // A template queued before the customer opted out is not sent after it.
      if (content.kind === 'template' && optOut) throw optedOut(optOut);
      const graph = await graphClientFor(app, message.clientId, phoneNumberId);
      const replyTo = typeof message.metadata.replyToWamid === 'string' ? message.metadata.replyToWamid : null;
      // An attachment stored here is uploaded now, then sent by its media id.
      const ready =
        content.kind === 'media' && !content.mediaId && !content.link && storedMediaOf(message)
          ? { ...content, mediaId: await uploadStoredMedia(app, graph, message) }
          : content;
      const payload = buildGraphMessage(ready, recipient, { replyToWamid: replyTo, opaque: message.id });
      // Committed before the call: from here on a crash leaves an unknown outcome, never a re-send.
      if (!(await markSending(message))) return;
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
    const marked = await app.db.tenant(message.clientId, (tx) =>
      tx
        .update(table)
        .set({ sendStartedAt: new Date(), nextAttemptAt: new Date(Date.now() + leaseMs) })
        .where(and(eq(table.id, message.id), eq(table.clientId, message.clientId), eq(table.status, 'queued'), isNull(table.sendStartedAt)))
        .returning({ id: table.id }),
    );
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
    const permanent = error instanceof MissingCredentialsError || error instanceof StoredMediaMissingError || error instanceof OptedOutError;
    // No answer within the Graph client's timeout: Meta may have accepted it. At most once.
    const unknown =
      !upload &&
      graphError !== null &&
      graphError.httpStatus === null &&
      graphError.code === null &&
      /timeout|aborted/i.test(`${graphError.details ?? ''} ${graphError.message}`);
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
    if (graphError?.code === 130429) {
      const until = Date.now() + backoffMs(message.sendAttempts, baseMs, false);
      pausedUntil.set(message.clientId, until);
      loop.wakeAt(until); // its messages are due but skipped until then: nothing else would wake the loop
    }
    const details: JsonObject = {
      code: graphError?.code ?? null,
      httpStatus: graphError?.httpStatus ?? null,
      title: graphError?.title ?? null,
      details: graphError?.details ?? (error as Error).message,
      reason: verdict.reason,
      attempts: message.sendAttempts,
      retrying: retry,
      source: upload ? 'upload' : 'send',
      ...(unknown ? { unknownOutcome: true } : {}),
    };
    const retryAt = retry ? new Date(Date.now() + backoffMs(message.sendAttempts, baseMs, verdict.perRecipient)) : null;
    const updated = await update(message, (current) => {
      if (current.status !== 'queued') return null; // a status webhook already settled it
      return retryAt
        ? // Meta answered with an error (or could not be reached): nothing was sent, so it may go again.
          { errorDetails: details, nextAttemptAt: retryAt, sendStartedAt: null }
        : { status: 'failed', errorDetails: details, nextAttemptAt: null };
    });
    if (retryAt) loop.wakeAt(retryAt.getTime());
    if (updated) publishMessage(app, updated, false);
  }

  /** One claim: settles expired sends when a due time or the heartbeat asks, then starts what it leased. */
  async function pass(why: ReadonlySet<PassTrigger>): Promise<PassOutcome> {
    const room = concurrency - inFlight.size;
    if (room <= 0) return; // a send finishing wakes the loop
    // Expired sends (their outcome unknown) are looked for when a lease may have run out (the due
    // time the loop armed for it, the heartbeat, a start after a crash), not on every wake-up.
    const settle = settleMore || why.has('start') || why.has('due') || why.has('heartbeat');
    const result = await claim(room, settle);
    for (const settled of result.settled) publishMessage(app, settled, false);
    settleMore = result.settled.length >= SETTLE_BATCH;
    for (const message of result.claimed) {
      counter.count++;
      const task = send(message)
        .catch((error: unknown) => app.log.error({ err: error, messageId: message.id }, 'outbox bookkeeping failed'))
        .finally(() => {
          counter.count--;
          inFlight.delete(message.id);
          loop.wake(); // the conversation's next message may go now
        });
      inFlight.set(message.id, task);
    }
    // A full batch: more may be waiting (the next pass still lets the webhook's requests in first).
    if (result.claimed.length === room || settleMore) return { again: 'now' };
    return { dueAt: result.dueAt };
  }

  const loop = createDriveLoop({
    pass,
    heartbeatMs,
    signal,
    onError: (error) => {
      if (!stopping) app.log.error({ err: error }, 'outbox claim failed (retried shortly)');
    },
  });

  return {
    get passes() {
      return loop.passes;
    },
    async start() {
      stopping = false;
      await loop.start();
    },
    async stop() {
      stopping = true;
      await loop.stop();
      await Promise.allSettled([...inFlight.values()]);
      // Another instance takes over what this one leaves queued, now rather than at its heartbeat.
      await signal.wakeEverywhere();
    },
  };
}
