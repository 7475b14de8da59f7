// Sends queued outbound messages: the head of each conversation's queue (so a customer gets a
// flow's messages in order), leased so a crash resends instead of losing, shared between
// instances with FOR UPDATE SKIP LOCKED on PostgreSQL. Meta's errors are classified by code:
// rate limits, 5xx and network problems back off and retry; the rest fail with a readable reason.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../../app/appContext.js';
import type { JsonObject } from '../../../db/json-types.js';
import type { Tables } from '../../../db/tables.js';
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

export function createOutboxSender(app: AppContext, options: OutboxSenderOptions = {}): OutboxSender {
  const concurrency = options.concurrency ?? 8;
  const leaseMs = options.leaseMs ?? 120_000;
  const pollMs = options.pollMs ?? 500;
  const maxAttempts = options.maxAttempts ?? 8;
  const baseMs = options.backoffBaseMs ?? 500;
  const workerId = randomUUID();
  const { messages, conversations, clientesWhatsapp } = app.db.t;
  const inFlight = new Map<string, Promise<void>>();
  /** Clients whose number hit Meta's throughput limit (130429): nothing of theirs is sent until then. */
  const pausedUntil = new Map<string, number>();
  const signal = outboxSignal(app);
  const counter = outboxInFlight(app);
  let stopping = false;
  let loop: Promise<void> | null = null;

  async function claim(limit: number): Promise<MessageRow[]> {
    const now = new Date();
    const paused = [...pausedUntil].filter(([, until]) => until > now.getTime()).map(([clientId]) => clientId);
    const busy = [...inFlight.keys()];
    return app.db.system(async (tx) => {
      const ids = await app.db.rows<{ id: string }>(tx, sql`
        select m.id from messages m
        where m.status = 'queued' and m.next_attempt_at <= ${sql.param(now, messages.nextAttemptAt)}
          and not exists (
            select 1 from messages earlier
            where earlier.conversation_id = m.conversation_id and earlier.status = 'queued' and earlier.direction = 'outgoing'
              and (earlier.timestamp < m.timestamp or (earlier.timestamp = m.timestamp and earlier.id < m.id)))
          ${paused.length > 0 ? sql`and m.client_id not in (${sql.join(paused.map((id) => sql`${id}`), sql`, `)})` : sql``}
          ${busy.length > 0 ? sql`and m.id not in (${sql.join(busy.map((id) => sql`${id}`), sql`, `)})` : sql``}
        order by m.next_attempt_at
        limit ${limit}
        ${app.db.kind === 'pg' ? sql`for update of m skip locked` : sql``}`);
      if (ids.length === 0) return [];
      return tx.update(messages)
        .set({ nextAttemptAt: new Date(now.getTime() + leaseMs), sendAttempts: sql`${messages.sendAttempts} + 1` })
        .where(and(inArray(messages.id, ids.map((row) => String(row.id))), eq(messages.status, 'queued')))
        .returning();
    });
  }

  async function recipientOf(message: MessageRow): Promise<string> {
    return app.db.tenant(message.clientId, async (tx) => {
      const [row] = await tx.select({ phone: conversations.phone, waId: clientesWhatsapp.waId })
        .from(conversations)
        .leftJoin(clientesWhatsapp, eq(clientesWhatsapp.id, conversations.clienteWhatsappId))
        .where(and(eq(conversations.id, message.conversationId), eq(conversations.clientId, message.clientId)));
      // Meta's own id for the customer (wa_id) is what it delivers to, whatever form the phone has.
      return row?.waId ?? row?.phone ?? message.phone;
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
    try {
      if (!content) throw new MissingCredentialsError('the stored message has no content to send');
      const graph = await graphClientFor(app, message.clientId);
      const recipient = await recipientOf(message);
      const replyTo = typeof message.metadata.replyToWamid === 'string' ? message.metadata.replyToWamid : null;
      // An attachment stored here is uploaded now, then sent by its media id.
      const ready = content.kind === 'media' && !content.mediaId && !content.link && storedMediaOf(message)
        ? { ...content, mediaId: await uploadStoredMedia(app, graph, message) }
        : content;
      const { wamid } = await graph.sendMessage(buildGraphMessage(ready, recipient, { replyToWamid: replyTo, opaque: message.id }));
      const sentAt = new Date().toISOString();
      let updated = await update(message, (current) => ({
        wamid: current.wamid && current.status !== 'queued' ? current.wamid : wamid,
        status: statusAdvances(current.status, 'sent') ? 'sent' : current.status,
        nextAttemptAt: null,
        errorDetails: null,
        metadata: { ...current.metadata, statusTimes: { ...((current.metadata.statusTimes as JsonObject | undefined) ?? {}), sent: sentAt } },
      }));
      updated = (await applyDeferredStatuses(app, message.clientId, wamid)) ?? updated;
      if (updated) publishMessage(app, updated, false);
    } catch (error) {
      const upload = error instanceof MediaUploadError;
      const graphError = upload ? error.graphError : error instanceof GraphApiError ? error : null;
      const permanent = error instanceof MissingCredentialsError || error instanceof StoredMediaMissingError;
      const classified = graphError
        ? classifyMetaError({ code: graphError.code, title: graphError.title, details: graphError.details, httpStatus: graphError.httpStatus })
        : null;
      const verdict = permanent
        ? { retry: false, perRecipient: false, reason: (error as Error).message }
        : classified
          ? { ...classified, reason: upload ? `Uploading the file to WhatsApp failed. ${classified.reason}` : classified.reason }
          : { retry: true, perRecipient: false, reason: `sending failed: ${(error as Error).message}` };
      if (!graphError && !permanent) app.log.error({ err: error, messageId: message.id }, 'outbox send failed unexpectedly');
      const retry = verdict.retry && message.sendAttempts < maxAttempts;
      if (graphError?.code === 130429) pausedUntil.set(message.clientId, Date.now() + backoffMs(message.sendAttempts, baseMs, false));
      const details: JsonObject = {
        code: graphError?.code ?? null, httpStatus: graphError?.httpStatus ?? null, title: graphError?.title ?? null,
        details: graphError?.details ?? (error as Error).message, reason: verdict.reason, attempts: message.sendAttempts, retrying: retry, source: upload ? 'upload' : 'send',
      };
      const updated = await update(message, (current) => {
        if (current.status !== 'queued') return null; // a status webhook already settled it
        return retry
          ? { errorDetails: details, nextAttemptAt: new Date(Date.now() + backoffMs(message.sendAttempts, baseMs, verdict.perRecipient)) }
          : { status: 'failed', errorDetails: details, nextAttemptAt: null };
      });
      if (updated) publishMessage(app, updated, false);
    }
  }

  async function main(): Promise<void> {
    while (!stopping) {
      const room = concurrency - inFlight.size;
      let claimed: MessageRow[] = [];
      if (room > 0) {
        try {
          claimed = await claim(room);
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
      signal.wake();
      await loop;
      loop = null;
      await Promise.allSettled([...inFlight.values()]);
    },
  };
}
