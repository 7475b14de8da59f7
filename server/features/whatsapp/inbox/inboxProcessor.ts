// Works through webhook_inbox after the webhook answered: oldest first, only the head of each
// conversation's queue (so one conversation's events run one at a time and in order), under a
// lease (locked_until) so a crashed process's work is picked up again, and with FOR UPDATE SKIP
// LOCKED on PostgreSQL so several server instances share the work without taking the same event.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../../app/appContext.js';
import type { Tables } from '../../../db/tables.js';
import { inboxSignal } from '../webhook/inboxSignal.js';
import { processInboxEvent } from './processInboxEvent.js';
import { UnroutableMessageError, type AppliedInbound } from './applyInboundMessage.js';
import { applyInboundBatch } from './applyInboundBatch.js';

type InboxRow = Tables['webhookInbox']['$inferSelect'];

const HEAD_WINDOW = 2000;

export type InboxProcessorOptions = {
  /** Events processed at once (different conversations). */
  concurrency?: number;
  leaseMs?: number;
  pollMs?: number;
  maxAttempts?: number;
};

export type InboxProcessor = { start(): void; stop(): Promise<void>; readonly running: number };

export function createInboxProcessor(app: AppContext, options: InboxProcessorOptions = {}): InboxProcessor {
  // Events in flight (different conversations); also the largest batch stored in one transaction.
  const concurrency = options.concurrency ?? 64;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 250;
  const maxAttempts = options.maxAttempts ?? 6;
  const workerId = randomUUID();
  const { webhookInbox } = app.db.t;
  const inFlight = new Map<number, Promise<void>>();
  let stopping = false;
  let loop: Promise<void> | null = null;
  const signal = inboxSignal(app);

  async function claim(limit: number): Promise<InboxRow[]> {
    const now = new Date();
    const until = new Date(now.getTime() + leaseMs);
    const busy = [...inFlight.keys()];
    return app.db.system(async (tx) => {
      // The head of each conversation's queue is its oldest pending event (min id per key); looking
      // only at the oldest HEAD_WINDOW pending events is exact (an earlier event of the same key
      // would be among them) and keeps a claim cheap however large the backlog. Written
      // as an aggregate, not as NOT EXISTS per candidate: with a large backlog and stale statistics
      // PostgreSQL planned the anti-join as a nested loop over the whole table (quadratic).
      const ids = await app.db.rows<{ id: number }>(tx, sql`
        select w.id from webhook_inbox w
        where w.id in (
            select min(p.id) from (
              select id, client_id, conversation_key from webhook_inbox where state = 'pending' order by id limit ${HEAD_WINDOW}
            ) p group by p.client_id, p.conversation_key)
          and (w.locked_until is null or w.locked_until < ${sql.param(now, webhookInbox.lockedUntil)})
          ${busy.length > 0 ? sql`and w.id not in (${sql.join(busy.map((id) => sql`${id}`), sql`, `)})` : sql``}
        order by w.id
        limit ${limit}
        ${app.db.kind === 'pg' ? sql`for update of w skip locked` : sql``}`);
      if (ids.length === 0) return [];
      return tx.update(webhookInbox)
        .set({ lockedBy: workerId, lockedUntil: until, attempts: sql`${webhookInbox.attempts} + 1` })
        .where(inArray(webhookInbox.id, ids.map((row) => Number(row.id))))
        .returning();
    });
  }

  // Successful events are marked done in batches (one statement for all that finished together).
  let doneQueue: Array<{ id: number; note: string | null }> = [];
  let doneFlush: Promise<void> | null = null;
  function markDone(id: number, note: string | null): Promise<void> {
    doneQueue.push({ id, note });
    doneFlush ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      const batch = doneQueue;
      doneQueue = [];
      doneFlush = null;
      const notes = new Map<string | null, number[]>();
      for (const item of batch) notes.set(item.note, [...(notes.get(item.note) ?? []), item.id]);
      await app.db.system(async (tx) => {
        for (const [note, ids] of notes) {
          await tx.update(webhookInbox)
            .set({ state: 'done', processedAt: new Date(), lockedBy: null, lockedUntil: null, lastError: note })
            .where(and(inArray(webhookInbox.id, ids), eq(webhookInbox.lockedBy, workerId)));
        }
      });
    });
    return doneFlush;
  }

  async function finish(event: InboxRow, outcome: { ok: true; note: string | null } | { ok: false; error: unknown }): Promise<void> {
    const mine = and(eq(webhookInbox.id, event.id), eq(webhookInbox.lockedBy, workerId));
    if (outcome.ok) return markDone(event.id, outcome.note);
    const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
    const permanent = outcome.error instanceof UnroutableMessageError || event.attempts >= maxAttempts;
    app.log.error({ err: outcome.error, eventId: event.id, attempts: event.attempts, permanent }, 'WhatsApp inbox event failed');
    // Backoff keeps the lease: the conversation's later events wait behind this one, in order.
    const retryAt = new Date(Date.now() + Math.min(60_000, 500 * 2 ** event.attempts));
    await app.db.system((tx) => tx.update(webhookInbox)
      .set(permanent
        ? { state: 'failed', processedAt: new Date(), lockedBy: null, lockedUntil: null, lastError: message.slice(0, 2000) }
        : { lockedBy: null, lockedUntil: retryAt, lastError: message.slice(0, 2000) })
      .where(mine));
  }

  async function run(event: InboxRow, preApplied?: AppliedInbound): Promise<void> {
    // Long answers (AI) keep the lease alive, so another instance never takes the event over.
    const heartbeat = setInterval(() => {
      void app.db.system((tx) => tx.update(webhookInbox).set({ lockedUntil: new Date(Date.now() + leaseMs) })
        .where(and(eq(webhookInbox.id, event.id), eq(webhookInbox.lockedBy, workerId)))).catch(() => undefined);
    }, Math.max(1000, leaseMs / 3));
    heartbeat.unref?.();
    try {
      const result = await processInboxEvent(app, event, preApplied);
      await finish(event, { ok: true, note: result.note });
    } catch (error) {
      await finish(event, { ok: false, error }).catch((finishError: unknown) => app.log.error({ err: finishError }, 'could not record inbox failure'));
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** First deliveries of messages claimed together are stored in one transaction per client. */
  async function applyBatches(claimed: InboxRow[]): Promise<Map<number, AppliedInbound>> {
    const stored = new Map<number, AppliedInbound>();
    const byClient = new Map<string, InboxRow[]>();
    for (const event of claimed) {
      if (event.kind === 'message' && event.attempts === 1) byClient.set(event.clientId, [...(byClient.get(event.clientId) ?? []), event]);
    }
    for (const [clientId, events] of byClient) {
      if (events.length < 2) continue;
      const applied = await applyInboundBatch(app, clientId, events.map((event) => event.payload)).catch(() => null);
      applied?.forEach((result, index) => stored.set(events[index]!.id, result));
    }
    return stored;
  }

  async function main(): Promise<void> {
    while (!stopping) {
      let claimed: InboxRow[] = [];
      const room = concurrency - inFlight.size;
      if (room > 0) {
        try {
          claimed = await claim(room);
        } catch (error) {
          if (!stopping) app.log.error({ err: error }, 'inbox claim failed');
        }
      }
      const stored = await applyBatches(claimed);
      for (const event of claimed) {
        const task = run(event, stored.get(event.id)).finally(() => {
          inFlight.delete(event.id);
          signal.wake(); // a finished head may unblock its conversation's next event
        });
        inFlight.set(event.id, task);
      }
      if (claimed.length === room && room > 0) {
        // More may be waiting; let the webhook's requests in first (acknowledgement latency).
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      } // more may be waiting
      await signal.wait(pollMs);
    }
  }

  return {
    get running() {
      return inFlight.size;
    },
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
