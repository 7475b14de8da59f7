// A resolved episode of a conversation, written in the transaction that resolves it: from when it
// opened (its first message, or the one that reopened it), whether and when people got it, how
// long until a person first wrote and until it was resolved, by which agent and team, on which
// number. The reports (features/teams) count these rows.
import { and, eq, gte, isNotNull, sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tables, Tx } from '#server/db/tables.js';

type ConversationRow = Tables['conversations']['$inferSelect'];

export async function recordEpisode(app: AppContext, tx: Tx, before: ConversationRow, resolvedAt: Date): Promise<void> {
  const { conversationEpisodes, messages } = app.db.t;
  const openedAt = before.openedAt ?? before.createdAt;
  const [first] = await tx
    .select({ at: sql<unknown>`min(${messages.timestamp})` })
    .from(messages)
    .where(
      and(
        eq(messages.clientId, before.clientId),
        eq(messages.conversationId, before.id),
        eq(messages.direction, 'outgoing'),
        isNotNull(messages.sentBy),
        gte(messages.timestamp, openedAt),
      ),
    );
  const firstHuman = first?.at == null ? null : asDate(first.at);
  const waitingFrom = before.handedOffAt ?? openedAt;
  const seconds = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
  await tx.insert(conversationEpisodes).values({
    clientId: before.clientId,
    conversationId: before.id,
    phoneNumberId: before.phoneNumberId,
    teamId: before.teamId,
    agentId: before.assignedTo,
    openedAt,
    handedOffAt: before.handedOffAt,
    resolvedAt,
    firstResponseSeconds: firstHuman ? seconds(waitingFrom, firstHuman) : null,
    resolutionSeconds: seconds(openedAt, resolvedAt),
  });
}

/** min() of a timestamp: a Date or string on PostgreSQL, epoch milliseconds on SQLite. */
function asDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  const text = String(value);
  return /^\d+$/.test(text) ? new Date(Number(text)) : new Date(text);
}
