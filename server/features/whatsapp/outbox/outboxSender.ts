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
// Batched, paced by number (outbox throughput, issue 17): one claim leases a batch of conversation
// heads with their recipients (one transaction); each number's pacer (sendPacer.ts) gives every
// message a slot within its configured rate; the messages whose slots fall in the same short wave
// are marked "sending" together (one statement, still committed before any of their calls), then
// go, each admitted against its number's last second of calls; Meta's answers are recorded together (one transaction for the sends that
// returned meanwhile: groupCommit). A batch whose transaction fails is redone one message at a time,
// so one bad row fails alone. A conversation has one message in flight at most (only heads are
// claimed), so its order holds whatever the batch.
//
// Woken by events, not by polling (server/jobs/driveLoop.ts): a queued message wakes the senders
// of this process once its transaction commits (outboxSignal), a finished send wakes it for the
// conversation's next message, a retry's backoff, a rate-limited number's pause, a paced number's
// next free slot or another instance's lease wakes it at its time (the earliest one is read
// whenever it runs out of work), and a 30 s heartbeat catches the rest (a crashed instance's
// sends, whose outcome is then unknown).
import { and, eq, gt, inArray, isNull, min, sql, type SQL } from 'drizzle-orm';
import { emitMessageStatus } from './emitMessageStatus.js';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { Tables, Tx } from '#server/db/tables.js';
import { publishMessage } from '../liveEvents.js';
import { applyDeferredStatusesIn, statusAdvances } from '../inbox/applyStatus.js';
import { buildGraphMessage } from '../graph/buildGraphMessage.js';
import { GraphApiError, type GraphClient } from '../graph/graphClient.js';
import { graphClientFor, MissingCredentialsError } from '../graph/loadGraphCredentials.js';
import { classifyMetaError } from '../graph/metaErrors.js';
import { storedOutboundContent } from './describeOutbound.js';
import { outboxInFlight } from './outboxInFlight.js';
import { outboxSignal } from './outboxSignal.js';
import { MediaUploadError, StoredMediaMissingError, storedMediaOf, uploadStoredMedia } from './uploadStoredMedia.js';
import { rowsMayBeSkipped, skipLockedRows } from '#server/db/claimRows.js';
import { HEARTBEAT_MS } from '#server/db/wakeSignal.js';
import { byDialect } from '#server/db/dialect.js';
import { batchesInFlight, createGroupCommit, type Outcome } from '#server/db/groupCommit.js';
import { createDriveLoop, type DriveLoop, type PassOutcome, type PassTrigger } from '#server/jobs/driveLoop.js';
import { OptedOutError, optedOut } from '../consent/customerConsent.js';
import { createSendPacer, numberKey } from './sendPacer.js';

type MessageRow = Tables['messages']['$inferSelect'];

export type OutboxSenderOptions = {
  concurrency?: number;
  leaseMs?: number;
  /** How often it looks without being woken (a crashed instance's sends); default HEARTBEAT_MS (30 s), 0: never. */
  heartbeatMs?: number;
  maxAttempts?: number;
  backoffBaseMs?: number;
  /** Sends per second per business number (default: the configuration's WHATSAPP_SEND_RATE, 80). */
  ratePerSecond?: number;
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
/** Most conversation heads one claim leases. */
const CLAIM_BATCH = 500;
/** How far ahead a number's slots are handed out (its messages leased before their time). */
const PACING_HORIZON_MS = 1000;
/**
 * Messages whose slots fall within the same stretch of this length go together: marked "sending" in
 * one statement at its start, then sent (the pacer still admits each call within the number's rate).
 */
const WAVE_MS = 50;
/** Sent results recorded per transaction at most. */
const RECORD_BATCH = 500;
/**
 * How long Meta's answers gather before they are recorded together, and the least time between two
 * claims that were not asked for at once (their wake-ups share one): a few ms on a message's way
 * that let one transaction serve many messages under load. An idle sender claims at once.
 */
const GATHER_MS = 10;

type Recipient = {
  recipient: string;
  phoneNumberId: string | null;
  optedOut: { optedOutAt: Date | null; optOutSource: string | null } | null;
};
/** A leased conversation head, who receives it, and when its number's rate lets it go (epoch ms). */
type Claimed = { message: MessageRow; recipient: Recipient; key: string; slot: number };
/** Prepared and marked: what goes to Meta. */
type Ready = { message: MessageRow; graph: GraphClient; payload: Record<string, unknown>; key: string };
type SentItem = { message: MessageRow; wamid: string };

const sleepUntil = (at: number) => {
  const wait = at - Date.now();
  return wait > 0 ? new Promise<void>((resolve) => setTimeout(resolve, wait)) : Promise.resolve();
};

/** What an agent reads on a message whose send may or may not have reached the customer. */
export const UNKNOWN_OUTCOME_REASON =
  'The server stopped while sending this message, so it may not have been delivered. ' + 'Check the conversation before sending it again (Retry).';

export function createOutboxSender(app: AppContext, options: OutboxSenderOptions = {}): OutboxSender {
  // Messages leased and not finished (waiting for their slot, or their Graph call in flight): each
  // holds no connection meanwhile. The per-number pacer keeps each number within its rate.
  const concurrency = options.concurrency ?? 512;
  const leaseMs = options.leaseMs ?? 120_000;
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  const maxAttempts = options.maxAttempts ?? 8;
  const baseMs = options.backoffBaseMs ?? 500;
  const pacer = createSendPacer(options.ratePerSecond ?? app.config.whatsapp.sendRatePerSecond ?? 80, PACING_HORIZON_MS);
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
  function dueHeads(now: Date, paused: string[], saturated: string[], busy: string[], limit: number, lockClause: SQL) {
    return sql`
        select m.id, m.client_id, c.phone_number_id from messages m
        left join conversations c on c.id = m.conversation_id
        where m.status = 'queued' and m.next_attempt_at <= ${sql.param(now, messages.nextAttemptAt)}
          and m.direction = 'outgoing' and m.send_started_at is null
          and m.id = (
            select head.id from messages head
            where head.conversation_id = m.conversation_id and head.status = 'queued' and head.direction = 'outgoing'
            order by head.timestamp, head.id
            limit 1)
          ${notIn(sql`m.client_id`, paused)}
          ${notIn(sql`(m.client_id || ':' || coalesce(c.phone_number_id, ''))`, saturated)}
          ${notIn(sql`m.id`, busy)}
        order by m.next_attempt_at
        limit ${limit}
        ${lockClause}`;
  }

  /**
   * Leases up to `limit` conversation heads (not yet sending: that is marked just before the call),
   * each with a slot on its number's timeline and its recipient. A number with no free slot within
   * the pacing horizon is left out. When nothing is left to do here, it also reads when the next
   * message becomes due.
   */
  async function claim(limit: number, settle: boolean): Promise<{ claimed: Claimed[]; settled: MessageRow[]; full: boolean; dueAt: number | null }> {
    const now = new Date();
    const nowMs = now.getTime();
    const paused = [...pausedUntil].filter(([, until]) => until > nowMs).map(([clientId]) => clientId);
    const saturated = pacer.saturated(nowMs);
    const busy = [...inFlight.keys()];
    return app.db.system(async (tx) => {
      const settled = settle ? await settleUnknown(tx, now, busy) : [];
      const heads = await app.db.rows<{ id: string; client_id: string; phone_number_id: string | null }>(
        tx,
        dueHeads(now, paused, saturated, busy, limit, skipLockedRows(app.db, 'm')),
      );
      // Sends running here wake the loop when they finish, and it looks again then.
      if (heads.length === 0) {
        return { claimed: [], settled, full: false, dueAt: inFlight.size === 0 ? await nextDueAt(tx, now, paused, saturated, busy) : null };
      }
      const slots = new Map<string, { key: string; slot: number }>();
      for (const head of heads) {
        const key = numberKey(String(head.client_id), head.phone_number_id ?? null);
        const slot = pacer.reserve(key, nowMs);
        if (slot !== null) slots.set(String(head.id), { key, slot });
      }
      if (slots.size === 0) return { claimed: [], settled, full: heads.length === limit, dueAt: null };
      const leased = await tx
        .update(messages)
        .set({ nextAttemptAt: new Date(nowMs + leaseMs), sendAttempts: sql`${messages.sendAttempts} + 1` })
        .where(and(inArray(messages.id, [...slots.keys()]), eq(messages.status, 'queued')))
        .returning();
      const recipients = await recipientsOf(tx, leased);
      const claimed = leased.map((message) => ({
        message,
        recipient: recipients.get(message.conversationId) ?? { recipient: message.phone, phoneNumberId: null, optedOut: null },
        ...slots.get(message.id)!,
      }));
      return { claimed, settled, full: heads.length === limit, dueAt: null };
    });
  }

  /** Who receives each message, and the business number (conversations.phone_number_id) it goes out on. */
  async function recipientsOf(tx: Tx, rows: MessageRow[]): Promise<Map<string, Recipient>> {
    const found = new Map<string, Recipient>();
    if (rows.length === 0) return found;
    const clientOf = new Map(rows.map((row) => [row.conversationId, row.clientId]));
    const details = await tx
      .select({
        id: conversations.id,
        clientId: conversations.clientId,
        phone: conversations.phone,
        waId: clientesWhatsapp.waId,
        phoneNumberId: conversations.phoneNumberId,
        customerStatus: clientesWhatsapp.status,
        optedOutAt: clientesWhatsapp.optedOutAt,
        optOutSource: clientesWhatsapp.optOutSource,
      })
      .from(conversations)
      .leftJoin(clientesWhatsapp, eq(clientesWhatsapp.id, conversations.clienteWhatsappId))
      .where(inArray(conversations.id, [...clientOf.keys()]));
    for (const row of details) {
      if (clientOf.get(row.id) !== row.clientId) continue;
      // Meta's own id for the customer (wa_id) is what it delivers to, whatever form the phone has.
      found.set(row.id, {
        recipient: row.waId ?? row.phone,
        phoneNumberId: row.phoneNumberId ?? null,
        optedOut: row.customerStatus === 'opted_out' ? { optedOutAt: row.optedOutAt, optOutSource: row.optOutSource } : null,
      });
    }
    return found;
  }

  /**
   * The earliest queued message not due yet: a retry's backoff, a lease (another instance's claim
   * or send) running out. Messages due now are not counted: a paused number wakes the loop when
   * its pause ends, and a conversation's next message when its head's send finishes... except a
   * due head the claim skipped because another transaction held its row (another instance
   * claiming it, or a writer adding to a message it just queued): nothing announces when that lock
   * goes, so the loop looks again shortly.
   */
  async function nextDueAt(tx: Tx, now: Date, paused: string[], saturated: string[], busy: string[]): Promise<number | null> {
    if (rowsMayBeSkipped(app.db)) {
      const locked = await app.db.rows<{ id: string }>(tx, dueHeads(now, paused, saturated, busy, 1, sql``));
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

  /** Marks sends as begun, several in one statement (committed before any of their calls); per id: still ours to send. */
  const marker = createGroupCommit<string, boolean>({
    maxInFlight: batchesInFlight(app.db),
    commit: async (ids) => {
      const now = Date.now();
      const marked = await app.db.system((tx) =>
        tx
          .update(messages)
          .set({ sendStartedAt: new Date(now), nextAttemptAt: new Date(now + leaseMs) })
          .where(and(inArray(messages.id, ids), eq(messages.status, 'queued'), isNull(messages.sendStartedAt)))
          .returning({ id: messages.id }),
      );
      const ours = new Set(marked.map((row) => row.id));
      return ids.map((id) => ({ ok: true, value: ours.has(id) }));
    },
  });

  /**
   * Meta accepted these messages: recorded together. The usual case (still queued) is one statement
   * for the whole batch; a row something else moved meanwhile (a status webhook, or "outcome
   * unknown" after its lease ran out) is looked at on its own. Then the events, and the statuses
   * that arrived before the answers.
   */
  const recorder = createGroupCommit<SentItem, MessageRow | null>({
    maxBatch: RECORD_BATCH,
    gatherMs: GATHER_MS,
    maxInFlight: batchesInFlight(app.db),
    commit: (items) =>
      app.db.system(async (tx) => {
        const sentAt = new Date().toISOString();
        const recorded = new Map<string, MessageRow>();
        const queued = await tx
          .update(messages)
          .set({
            status: 'sent',
            wamid: sql`case ${messages.id} ${sql.join(
              items.map((item) => sql`when ${item.message.id} then ${item.wamid}`),
              sql` `,
            )} end`,
            metadata: byDialect(app.db, {
              pg: () =>
                sql`jsonb_set(${messages.metadata}, '{statusTimes}', coalesce(${messages.metadata} -> 'statusTimes', '{}'::jsonb) || jsonb_build_object('sent', ${sentAt}::text))`,
              sqlite: () => sql`json_set(${messages.metadata}, '$.statusTimes.sent', ${sentAt})`,
            }),
            nextAttemptAt: null,
            sendStartedAt: null,
            errorDetails: null,
          })
          .where(
            and(
              inArray(
                messages.id,
                items.map((item) => item.message.id),
              ),
              eq(messages.status, 'queued'),
            ),
          )
          .returning();
        for (const row of queued) {
          recorded.set(row.id, row);
          await emitMessageStatus(app, tx, row, 'queued');
        }
        for (const { message, wamid } of items) {
          if (recorded.has(message.id)) continue;
          const [row] = await tx
            .select()
            .from(messages)
            .where(and(eq(messages.id, message.id), eq(messages.clientId, message.clientId)));
          if (!row) continue;
          // Failed as "outcome unknown" (its lease ran out meanwhile): Meta's answer settles it.
          const unknown = row.status === 'failed' && row.errorDetails?.unknownOutcome === true;
          const [updated] = await tx
            .update(messages)
            .set({
              wamid: row.wamid && row.status !== 'queued' ? row.wamid : wamid,
              status: unknown || statusAdvances(row.status, 'sent') ? 'sent' : row.status,
              nextAttemptAt: null,
              sendStartedAt: null,
              errorDetails: null,
              metadata: { ...row.metadata, statusTimes: { ...((row.metadata.statusTimes as JsonObject | undefined) ?? {}), sent: sentAt } },
            })
            .where(eq(messages.id, row.id))
            .returning();
          if (!updated) continue;
          if (updated.status !== row.status) await emitMessageStatus(app, tx, updated, row.status);
          recorded.set(updated.id, updated);
        }
        const deferred = await applyDeferredStatusesIn(
          app,
          tx,
          items.filter((item) => recorded.has(item.message.id)).map((item) => ({ clientId: item.message.clientId, wamid: item.wamid })),
        );
        return items.map((item): Outcome<MessageRow | null> => ({ ok: true, value: deferred.get(item.wamid) ?? recorded.get(item.message.id) ?? null }));
      }),
  });

  function needsUpload(message: MessageRow): boolean {
    const content = storedOutboundContent(message.metadata);
    return content?.kind === 'media' && !content.mediaId && !content.link && storedMediaOf(message) !== null;
  }

  /** Content, consent, credentials, an attachment's upload, the payload; null when it failed (recorded). */
  async function prepare({ message, recipient, key }: Claimed): Promise<Ready | null> {
    try {
      const content = storedOutboundContent(message.metadata);
      if (!content) throw new MissingCredentialsError('the stored message has no content to send');
      // A template queued before the customer opted out is not sent after it.
      if (content.kind === 'template' && recipient.optedOut) throw optedOut(recipient.optedOut);
      const graph = await graphClientFor(app, message.clientId, recipient.phoneNumberId);
      const replyTo = typeof message.metadata.replyToWamid === 'string' ? message.metadata.replyToWamid : null;
      // An attachment stored here is uploaded now, then sent by its media id.
      const ready =
        content.kind === 'media' && !content.mediaId && !content.link && storedMediaOf(message)
          ? { ...content, mediaId: await uploadStoredMedia(app, graph, message) }
          : content;
      return { message, graph, payload: buildGraphMessage(ready, recipient.recipient, { replyToWamid: replyTo, opaque: message.id }), key };
    } catch (error) {
      await sendFailed(message, error);
      return null;
    }
  }

  /**
   * One wave: at its time, its messages are prepared and marked sending together, then go.
   * Resolves to what was marked (and so is ours to send), by message id.
   */
  async function markWave(wave: Claimed[], at: number): Promise<Map<string, Ready>> {
    await sleepUntil(at);
    const prepared = (await Promise.all(wave.map(prepare))).filter((ready): ready is Ready => ready !== null);
    const marks = await Promise.allSettled(prepared.map((ready) => marker.submit(ready.message.id)));
    const ours = new Map<string, Ready>();
    for (const [index, mark] of marks.entries()) {
      const ready = prepared[index]!;
      if (mark.status === 'rejected') await sendFailed(ready.message, mark.reason);
      else if (mark.value) ours.set(ready.message.id, ready);
    }
    return ours;
  }

  async function deliver(ready: Ready): Promise<void> {
    for (let wait = pacer.admit(ready.key, Date.now()); wait > 0; wait = pacer.admit(ready.key, Date.now())) {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    let wamid: string;
    try {
      ({ wamid } = await ready.graph.sendMessage(ready.payload));
    } catch (error) {
      await sendFailed(ready.message, error);
      return;
    }
    await recordSent(ready.message, wamid);
  }

  /** Meta accepted the message: recorded, retried on a database error, never sent again. */
  async function recordSent(message: MessageRow, wamid: string): Promise<void> {
    const item: SentItem = { message, wamid };
    for (let attempt = 1; ; attempt++) {
      try {
        const updated = await recorder.submit(item);
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

  /** Starts the claimed messages: grouped into waves by slot (an upload waits in a wave of its own). */
  function start(claimed: Claimed[]): void {
    const now = Date.now();
    const waves = new Map<string, { at: number; entries: Claimed[] }>();
    for (const entry of claimed) {
      const index = Math.max(0, Math.floor((entry.slot - now) / WAVE_MS));
      const key = needsUpload(entry.message) ? `upload:${entry.message.id}` : String(index);
      const wave = waves.get(key) ?? { at: now + index * WAVE_MS, entries: [] };
      wave.entries.push(entry);
      waves.set(key, wave);
    }
    for (const { at, entries } of waves.values()) {
      const marked = markWave(entries, at);
      for (const entry of entries) {
        const id = entry.message.id;
        counter.count++;
        const task = marked
          .then((ours) => {
            const ready = ours.get(id);
            return ready ? deliver(ready) : undefined;
          })
          .catch((error: unknown) => app.log.error({ err: error, messageId: id }, 'outbox bookkeeping failed'))
          .finally(() => {
            counter.count--;
            inFlight.delete(id);
            loop.wake(); // the conversation's next message may go now
          });
        inFlight.set(id, task);
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
    // Counted from before the claim until start() counts each send (see outboxInFlight.ts).
    counter.count++;
    let result: Awaited<ReturnType<typeof claim>>;
    try {
      result = await claim(Math.min(room, CLAIM_BATCH), settle);
      for (const settled of result.settled) publishMessage(app, settled, false);
      settleMore = result.settled.length >= SETTLE_BATCH;
      start(result.claimed);
    } finally {
      counter.count--;
    }
    // A full batch: more may be waiting (the next pass still lets the webhook's requests in first).
    if (result.full || settleMore) return { again: 'now' };
    // A number at its rate has more when its next slot comes within the horizon.
    const free = pacer.nextFreeAt(Date.now());
    return { dueAt: free === null ? result.dueAt : result.dueAt === null ? free : Math.min(free, result.dueAt) };
  }

  const loop = createDriveLoop({
    pass,
    heartbeatMs,
    gatherMs: GATHER_MS,
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
