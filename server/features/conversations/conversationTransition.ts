// The one place a conversation's status changes (the customer's message reopening a resolved or
// snoozed chat is the single exception: it rides on the inbound message's own upsert, in
// whatsapp/inbox/reopenOnCustomerMessage.ts, built from the same machine). Every change is checked
// against shared/domain/conversationLifecycle.ts and written with a guarded UPDATE (`where status
// = <what was read>`), so of two concurrent changes only one wins and a refused one never lands.
import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { UserFacingError } from '#server/app/userFacingError.js';
import type { Tables, Tx } from '#server/db/tables.js';
import { canTransition, CONVERSATION_TRANSITIONS } from '#shared/domain/conversationLifecycle.js';
import { recordEpisode } from './recordEpisode.js';
import type { ConversationStatus } from '#shared/domain/statuses.js';

type ConversationRow = Tables['conversations']['$inferSelect'];
type ConversationChanges = Partial<Pick<ConversationRow, 'assignedTo' | 'snoozedUntil' | 'teamId'>>;

/** A move the state machine does not allow (a CONFLICT for the caller: the conversation is not where the move starts). */
export class ConversationTransitionError extends UserFacingError {
  override name = 'ConversationTransitionError';
  constructor(
    readonly from: ConversationStatus,
    readonly to: ConversationStatus,
  ) {
    const allowed = CONVERSATION_TRANSITIONS[from].join(', ');
    super(`a conversation that is "${from}" cannot become "${to}" (from "${from}" it can become: ${allowed})`);
  }
}

/** Another change landed between reading the conversation and writing it: nothing was changed. */
export class ConversationChangedMeanwhileError extends UserFacingError {
  override name = 'ConversationChangedMeanwhileError';
}

export function assertTransition(from: ConversationStatus, to: ConversationStatus): void {
  if (!canTransition(from, to)) throw new ConversationTransitionError(from, to);
}

/**
 * For the bot and the flows, which move a conversation only from states they expect (a flow ends
 * only a conversation still in the flow; an agent who took it over meanwhile keeps it): moves it
 * to `to` when it is in one of `from`, else leaves it and returns null. Each from→to must be a move
 * the machine allows: asking for another is a programming error, thrown before any write.
 */
export async function moveConversationFrom(
  app: AppContext,
  tx: Tx,
  target: { clientId: string; conversationId: string },
  from: readonly ConversationStatus[],
  to: ConversationStatus,
  options: ConversationChanges & { lastUpdate?: Date; /** false: a resolve that closes no episode (a satisfaction answer). */ recordEpisode?: boolean } = {},
): Promise<ConversationRow | null> {
  const { recordEpisode: record = true, ...changes } = options;
  const moves = from.filter((status) => status !== to);
  for (const status of moves) assertTransition(status, to);
  if (moves.length === 0) return null;
  const { conversations } = app.db.t;
  const [before] =
    to === 'resolved' && record
      ? await tx
          .select()
          .from(conversations)
          .where(and(eq(conversations.id, target.conversationId), eq(conversations.clientId, target.clientId), inArray(conversations.status, moves)))
      : [];
  const [row] = await tx
    .update(conversations)
    .set({
      status: to,
      lastUpdate: changes.lastUpdate ?? new Date(),
      ...leaving(to),
      ...queueTime(app, to, changes.assignedTo),
      ...handedOff(app, to),
      ...changes,
    })
    .where(and(eq(conversations.id, target.conversationId), eq(conversations.clientId, target.clientId), inArray(conversations.status, moves)))
    .returning();
  if (row && before) await recordEpisode(app, tx, before, row.lastUpdate);
  return row ?? null;
}

/**
 * For people's actions: `current` is the row as read in this transaction. A move to where it
 * already is, with nothing else to change, changes nothing and returns the row (every action is
 * idempotent: a retried "resolve" is not an error). A refused move throws
 * ConversationTransitionError; a row changed since it was read throws ConversationChangedMeanwhileError.
 */
export async function moveConversation(
  app: AppContext,
  tx: Tx,
  current: ConversationRow,
  to: ConversationStatus,
  changes: ConversationChanges,
): Promise<{ row: ConversationRow; changed: boolean }> {
  assertTransition(current.status, to);
  const next = { assignedTo: current.assignedTo, snoozedUntil: to === 'snoozed' ? current.snoozedUntil : null, ...changes };
  const same = current.status === to && next.assignedTo === current.assignedTo && sameTime(next.snoozedUntil, current.snoozedUntil);
  if (same) return { row: current, changed: false };
  const { conversations } = app.db.t;
  const [row] = await tx
    .update(conversations)
    .set({
      status: to,
      lastUpdate: new Date(),
      ...leaving(to),
      ...queueTime(app, to, next.assignedTo),
      ...(current.status === 'resolved' ? reopenedEpisode(to) : handedOff(app, to)),
      ...next,
    })
    .where(
      and(
        eq(conversations.id, current.id),
        eq(conversations.clientId, current.clientId),
        eq(conversations.status, current.status),
        sameValue(conversations.assignedTo, current.assignedTo),
      ),
    )
    .returning();
  if (!row) throw new ConversationChangedMeanwhileError('someone else changed this conversation a moment ago: look at it again');
  if (to === 'resolved' && current.status !== 'resolved') await recordEpisode(app, tx, current, row.lastUpdate);
  return { row, changed: true };
}

/**
 * Waiting for a person (`transferido`, nobody assigned) keeps the time it began (the team queue's
 * waiting time); any other state clears it. Assigning someone ends the wait.
 */
function queueTime(app: AppContext, to: ConversationStatus, assignedTo: string | null | undefined): { queuedAt: SQL | null } {
  const { conversations } = app.db.t;
  if (to !== 'transferido' || assignedTo) return { queuedAt: null };
  return { queuedAt: sql`coalesce(${conversations.queuedAt}, ${sql.param(new Date(), conversations.queuedAt)})` };
}

/** People get the conversation (a handoff or a takeover): the episode's first such moment is kept for the reports. */
function handedOff(app: AppContext, to: ConversationStatus): { handedOffAt?: SQL } {
  if (to !== 'humano' && to !== 'transferido') return {};
  const { conversations } = app.db.t;
  return { handedOffAt: sql`coalesce(${conversations.handedOffAt}, ${sql.param(new Date(), conversations.handedOffAt)})` };
}

/** A person reopening a resolved conversation starts a new episode (its first message's time is not the reopening's). */
function reopenedEpisode(to: ConversationStatus): { openedAt: Date; handedOffAt: Date | null } {
  const now = new Date();
  return { openedAt: now, handedOffAt: to === 'humano' || to === 'transferido' ? now : null };
}

/** A snooze time belongs to the snoozed state only. */
const leaving = (to: ConversationStatus) => (to === 'snoozed' ? {} : { snoozedUntil: null });

const sameTime = (a: Date | null | undefined, b: Date | null | undefined) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

const sameValue = (column: Tables['conversations']['assignedTo'], value: string | null): SQL | undefined =>
  value === null ? isNull(column) : eq(column, value);
