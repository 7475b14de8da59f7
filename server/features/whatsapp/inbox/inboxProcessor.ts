// Works through webhook_inbox after the webhook answered: oldest first, only the head of each
// conversation's queue (so one conversation's events run one at a time and in order), under a
// lease (locked_until) so a crashed process's work is picked up again, and with FOR UPDATE SKIP
// LOCKED on PostgreSQL so several server instances share the work without taking the same event.
//
// Round trips are what limits throughput on PostgreSQL (every statement waits for the server, and
// every transaction adds BEGIN, the context setting and COMMIT), so per batch of claimed events
// there are two transactions: the claim, which also marks done the events finished since the
// previous claim, and the storage of the batch's new messages (applyInboundBatch). Claims are
// pipelined: the next batch is claimed while the previous one is being stored. That keeps
// conversations in order because a conversation whose head is in flight (or finished and not yet
// marked done) has no claimable head.
//
// Woken by events, not by polling (server/jobs/driveLoop.ts): the webhook's commit wakes this
// process's processor and, by NOTIFY, every other instance's; so does marking events done; a retry's
// backoff, an ordering grace or another instance's lease wakes it at its time (the earliest one is
// read whenever the loop runs out of work); a 30 s heartbeat catches a lost notification.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, min, sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tables, Tx } from '#server/db/tables.js';
import { inboxSignal } from '../webhook/inboxSignal.js';
import { processInboxEvent, type PreApplied } from './processInboxEvent.js';
import { UnroutableMessageError } from './applyInboundMessage.js';
import { applyInboundBatch } from './applyInboundBatch.js';
import { applyStatusBatch } from './applyStatus.js';
import { isDatabaseError } from '#server/db/errors.js';
import { skipLockedRows } from '#server/db/claimRows.js';
import { statementsAreRoundTrips } from '#server/db/dialect.js';
import { HEARTBEAT_MS } from '#server/db/wakeSignal.js';
import { createDriveLoop, type DriveLoop, type PassOutcome } from '#server/jobs/driveLoop.js';

type InboxRow = Tables['webhookInbox']['$inferSelect'];
type Finished = { id: number; note: string | null };

const HEAD_WINDOW = 2000;
/** Events of a claimed batch started in one turn of the event loop. */
const RUN_SLICE = 16;

export type InboxProcessorOptions = {
  /** Events in flight at once (claimed and not finished; all of different conversations). */
  concurrency?: number;
  /** Most events claimed (and stored) together. */
  batchSize?: number;
  leaseMs?: number;
  /** How often it looks without being woken (lost notifications); default HEARTBEAT_MS (30 s), 0: never. */
  heartbeatMs?: number;
  /**
   * Least time between the starts of two claims that were not full: events arriving meanwhile
   * share one claim and one store instead of each paying for them (a few ms of delay against
   * several statements per event when hundreds arrive per second).
   */
  gatherMs?: number;
  /** The event's own failures before it is given up (database trouble and crashes do not count). */
  maxAttempts?: number;
  /**
   * A customer's message waits this long after arrival before it runs, so an earlier message (by
   * WhatsApp's timestamp) that Meta delivers late still runs first. Default: config.whatsapp.orderGraceMs.
   */
  orderGraceMs?: number;
};

export type InboxProcessor = {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly running: number;
  /** Passes of its claim loop, by what caused them (tests). */
  readonly passes: DriveLoop['passes'];
};

export function createInboxProcessor(app: AppContext, options: InboxProcessorOptions = {}): InboxProcessor {
  // PostgreSQL: large batches, two in flight (round trips are the cost). SQLite: every transaction
  // holds the one connection the webhook also waits for, so batches stay small (a large one delays
  // the acknowledgements behind it, and a round trip costs nothing there).
  // On PostgreSQL the work in flight is sized to the pool: every event needs a connection now and
  // then, and hundreds waiting on ten connections time out (a failure that is nobody's fault).
  // Two batches fit in it, so the next claim runs while the previous batch is stored: with one, a
  // claim waited for the whole batch to finish and the two transactions' round trips added up.
  const roundTrips = statementsAreRoundTrips(app.db);
  const concurrency = options.concurrency ?? (roundTrips ? app.db.poolSize * 16 : 64);
  const batchSize = Math.min(options.batchSize ?? (roundTrips ? 128 : 32), roundTrips && options.concurrency === undefined ? concurrency / 2 : concurrency);
  const leaseMs = options.leaseMs ?? 60_000;
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  const graceMs = options.orderGraceMs ?? app.config.whatsapp.orderGraceMs ?? 0;
  const gatherMs = options.gatherMs ?? 20;
  const maxAttempts = options.maxAttempts ?? 6;
  /** Claims without a failure of the event's own (kills, database trouble) before it is given up anyway. */
  const maxClaims = Math.max(50, maxAttempts * 10);
  const workerId = randomUUID();
  const { webhookInbox } = app.db.t;
  const inFlight = new Map<number, Promise<void>>();
  // Succeeded, not yet marked done: the next claim's transaction marks them (one statement).
  let finished: Finished[] = [];
  let stopping = false;
  const signal = inboxSignal(app);

  async function markDone(tx: Tx, done: Finished[]): Promise<void> {
    const byNote = new Map<string | null, number[]>();
    for (const item of done) byNote.set(item.note, [...(byNote.get(item.note) ?? []), item.id]);
    const now = new Date();
    for (const [note, ids] of byNote) {
      await tx
        .update(webhookInbox)
        .set({ state: 'done', processedAt: now, lockedBy: null, lockedUntil: null, lastError: note })
        .where(and(inArray(webhookInbox.id, ids), eq(webhookInbox.lockedBy, workerId)));
    }
  }

  /**
   * Leases up to `limit` conversation heads and marks done the events finished since the previous
   * claim: one transaction. When that leaves nothing to do here, it also reads when the next event
   * becomes due without anyone announcing it.
   */
  async function claim(limit: number): Promise<{ heads: InboxRow[]; dueAt: number | null }> {
    const done = finished;
    finished = [];
    try {
      return await app.db.system(async (tx) => {
        const now = new Date();
        const heads = limit > 0 ? await leaseHeads(tx, limit, now) : [];
        // Marked after the heads are chosen: their conversations' next events become heads for
        // whichever instance claims next, instead of always for this one (work stays shared).
        // Every instance hears of it after the commit; this one looks again only after the gather
        // pause, so an idle instance takes its share instead of this one always claiming first.
        if (done.length > 0) {
          await markDone(tx, done);
          void signal.wakeEverywhere();
        }
        // Events running here wake the loop when they finish, and it looks again then.
        const idle = heads.length === 0 && done.length === 0 && inFlight.size === 0;
        return { heads, dueAt: idle ? await nextDueAt(tx, now) : null };
      });
    } catch (error) {
      finished = done.concat(finished); // marked by the next claim instead
      throw error;
    }
  }

  /**
   * When a pending event becomes claimable with no event to announce it: a backoff ends (its
   * locked_until with no owner), another instance's lease runs out, an ordering grace ends. Later
   * than the claim's `now`: what became due between the claim and this query is due at once.
   */
  async function nextDueAt(tx: Tx, now: Date): Promise<number | null> {
    const [row] = await tx
      .select({
        held: min(sql`case when ${webhookInbox.lockedUntil} > ${sql.param(now, webhookInbox.lockedUntil)} then ${webhookInbox.lockedUntil} end`).mapWith(
          webhookInbox.lockedUntil,
        ),
        arrived: min(
          sql`case when ${webhookInbox.receivedAt} > ${sql.param(new Date(now.getTime() - graceMs), webhookInbox.receivedAt)} then ${webhookInbox.receivedAt} end`,
        ).mapWith(webhookInbox.receivedAt),
      })
      .from(webhookInbox)
      .where(eq(webhookInbox.state, 'pending'));
    const times = [row?.held?.getTime(), graceMs > 0 && row?.arrived ? row.arrived.getTime() + graceMs : undefined];
    const due = times.filter((time): time is number => time !== undefined);
    return due.length > 0 ? Math.min(...due) : null;
  }

  async function leaseHeads(tx: Tx, limit: number, now: Date): Promise<InboxRow[]> {
    const until = new Date(now.getTime() + leaseMs);
    const busy = [...inFlight.keys()];
    // The head of each conversation's queue is its earliest pending event by WhatsApp's timestamp
    // (then arrival), and a conversation with an event leased or backing off has none. Looking only
    // at the oldest HEAD_WINDOW pending events is exact (an earlier event of the same key would be
    // among them) and keeps a claim cheap however large the backlog. A head that arrived less than
    // the grace ago waits: an earlier message Meta delivers late may still take its place.
    const ids = await app.db.rows<{ id: number }>(
      tx,
      sql`
      select w.id from webhook_inbox w
      where w.id in (
          select p.id from (
            select q.id, q.received_at,
              row_number() over (partition by q.client_id, q.conversation_key order by coalesce(q.occurred_at, q.received_at), q.id) as position,
              max(case when q.locked_until is not null and q.locked_until >= ${sql.param(now, webhookInbox.lockedUntil)} then 1 else 0 end)
                over (partition by q.client_id, q.conversation_key) as held
            from (
              select id, client_id, conversation_key, occurred_at, received_at, locked_until from webhook_inbox
              where state = 'pending' order by id limit ${HEAD_WINDOW}
            ) q
          ) p
          where p.position = 1 and p.held = 0 and p.received_at <= ${sql.param(new Date(now.getTime() - graceMs), webhookInbox.receivedAt)}
          -- The oldest heads only (with room for rows the outer conditions drop): re-checking and
          -- locking every head of the window one by one cost more than choosing them.
          order by p.id limit ${limit * 2})
        -- Said again of the row itself: when another instance leased it and committed after this
        -- statement's snapshot, PostgreSQL re-checks only the locked row's own conditions against its
        -- new version (the subquery keeps its old answer), so without these both instances take it.
        and w.state = 'pending' and (w.locked_until is null or w.locked_until < ${sql.param(now, webhookInbox.lockedUntil)})
        ${
          busy.length > 0
            ? sql`and w.id not in (${sql.join(
                busy.map((id) => sql`${id}`),
                sql`, `,
              )})`
            : sql``
        }
      order by w.id
      limit ${limit}
      ${skipLockedRows(app.db, 'w')}`,
    );
    if (ids.length === 0) return [];
    const rows = await tx
      .update(webhookInbox)
      .set({ lockedBy: workerId, lockedUntil: until, attempts: sql`${webhookInbox.attempts} + 1` })
      .where(
        inArray(
          webhookInbox.id,
          ids.map((row) => Number(row.id)),
        ),
      )
      .returning();
    // Oldest first: the batch is stored and started in arrival order.
    return rows.sort((a, b) => a.id - b.id);
  }

  async function fail(event: InboxRow, error: unknown): Promise<void> {
    const mine = and(eq(webhookInbox.id, event.id), eq(webhookInbox.lockedBy, workerId));
    const message = error instanceof Error ? error.message : String(error);
    // The database's trouble is not the event's: it is retried without spending its budget.
    const infrastructure = isDatabaseError(error);
    const failures = event.failures + (infrastructure ? 0 : 1);
    const permanent = error instanceof UnroutableMessageError || failures >= maxAttempts || event.attempts >= maxClaims;
    app.log.error({ err: error, eventId: event.id, attempts: event.attempts, failures, infrastructure, permanent }, 'WhatsApp inbox event failed');
    // Backoff keeps the lease: the conversation's later events wait behind this one, in order.
    const delay = infrastructure ? 1000 + Math.floor(Math.random() * 1000) : Math.min(60_000, 500 * 2 ** failures);
    const retryAt = new Date(Date.now() + delay);
    await app.db.system((tx) =>
      tx
        .update(webhookInbox)
        .set(
          permanent
            ? { state: 'failed', processedAt: new Date(), lockedBy: null, lockedUntil: null, lastError: message.slice(0, 2000), failures }
            : { lockedBy: null, lockedUntil: retryAt, lastError: message.slice(0, 2000), failures },
        )
        .where(mine),
    );
    if (!permanent) loop.wakeAt(retryAt.getTime());
  }

  /**
   * To be answered later (a flow's delay): pending again, held until `at` like a backoff (the
   * conversation's later events wait behind it), without counting as a failure.
   */
  async function postpone(event: InboxRow, at: Date, note: string | null): Promise<void> {
    await app.db.system((tx) =>
      tx
        .update(webhookInbox)
        .set({ lockedBy: null, lockedUntil: at, lastError: note })
        .where(and(eq(webhookInbox.id, event.id), eq(webhookInbox.lockedBy, workerId))),
    );
    loop.wakeAt(at.getTime());
  }

  async function run(event: InboxRow, pre?: PreApplied): Promise<void> {
    // Long answers (AI) keep the lease alive, so another instance never takes the event over.
    const heartbeat = setInterval(
      () => {
        void app.db
          .system((tx) =>
            tx
              .update(webhookInbox)
              .set({ lockedUntil: new Date(Date.now() + leaseMs) })
              .where(and(eq(webhookInbox.id, event.id), eq(webhookInbox.lockedBy, workerId))),
          )
          .catch(() => undefined);
      },
      Math.max(1000, leaseMs / 3),
    );
    heartbeat.unref?.();
    try {
      const result = await processInboxEvent(app, event, pre);
      if (result.retryAt) await postpone(event, result.retryAt, result.note);
      // Still leased to us until the next claim marks it done, so nobody takes it meanwhile.
      else finished.push({ id: event.id, note: result.note });
    } catch (error) {
      await fail(event, error).catch((failError: unknown) => app.log.error({ err: failError }, 'could not record inbox failure'));
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * First deliveries of messages claimed together are stored in one transaction per client, and
   * statuses claimed together are applied in one transaction per client. Whatever a batch could
   * not do is done by each event on its own.
   */
  async function applyBatches(claimed: InboxRow[]): Promise<Map<number, PreApplied>> {
    const done = new Map<number, PreApplied>();
    const groups = new Map<string, InboxRow[]>();
    for (const event of claimed) {
      if ((event.kind !== 'message' && event.kind !== 'status') || event.attempts !== 1) continue;
      const key = `${event.kind}\u0000${event.clientId}`;
      const list = groups.get(key);
      if (list) list.push(event);
      else groups.set(key, [event]);
    }
    for (const events of groups.values()) {
      if (events.length < 2) continue;
      const { kind, clientId } = events[0]!;
      const payloads = events.map((event) => event.payload);
      if (kind === 'message') {
        const applied = await applyInboundBatch(app, clientId, payloads).catch(() => null);
        applied?.forEach((result, index) => done.set(events[index]!.id, { kind: 'message', applied: result }));
      } else {
        const outcomes = await applyStatusBatch(app, clientId, payloads);
        outcomes?.forEach((outcome, index) => done.set(events[index]!.id, { kind: 'status', outcome }));
      }
    }
    return done;
  }

  /**
   * Stores the batch's new messages, then runs each event (not awaited: the loop claims on). The
   * events start in slices, one turn of the event loop apart, so the webhook's requests get in
   * between instead of waiting for a whole large batch's synchronous work.
   */
  function dispatch(claimed: InboxRow[]): void {
    const stored = applyBatches(claimed).catch(() => new Map<number, PreApplied>());
    const slices: Array<Promise<Map<number, PreApplied>>> = [stored];
    const slice = (index: number): Promise<Map<number, PreApplied>> =>
      (slices[index] ??= slice(index - 1).then((applied) => new Promise((resolve) => setImmediate(() => resolve(applied)))));
    for (const [index, event] of claimed.entries()) {
      const task = slice(Math.floor(index / RUN_SLICE))
        .then((applied) => run(event, applied.get(event.id)))
        .finally(() => {
          inFlight.delete(event.id);
          loop.wake(); // its done mark is due, and a finished head may unblock its conversation
        });
      inFlight.set(event.id, task);
    }
  }

  /** One claim: marks done what finished, leases what there is room for, and starts it. */
  async function pass(): Promise<PassOutcome> {
    const room = Math.min(batchSize, concurrency - inFlight.size);
    if (room <= 0 && finished.length === 0) return; // events finishing wake the loop
    const { heads, dueAt } = await claim(room);
    if (heads.length > 0) dispatch(heads);
    // A full batch: more may be waiting (the next pass still lets the webhook's requests in first).
    if (room > 0 && heads.length === room) return { again: 'now' };
    return { dueAt };
  }

  const loop = createDriveLoop({
    pass,
    heartbeatMs,
    // Events finishing together (and deliveries arriving together) share the next claim.
    gatherMs,
    signal,
    onError: (error) => {
      if (!stopping) app.log.error({ err: error }, 'inbox claim failed (retried shortly)');
    },
  });

  return {
    get running() {
      return inFlight.size;
    },
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
      // What finished since the last claim is marked done now (else it would run again after the
      // lease); that also tells the other instances, which take over the conversations' next events.
      if (finished.length > 0) await claim(0).catch((error: unknown) => app.log.error({ err: error }, 'could not mark inbox events done'));
      else await signal.wakeEverywhere();
    },
  };
}
