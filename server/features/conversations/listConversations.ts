// The inbox list: newest activity first, filtered by status / assignee / search, keyset-paginated,
// with the counts the sidebar shows (per status, unread).
import { and, desc, eq, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { CONVERSATION_STATUSES, type ConversationPriority, type ConversationStatus } from '#shared/domain/statuses.js';
import { SANDBOX_PREFIX } from '../whatsapp/index.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { conversationView } from '../whatsapp/index.js';
import { numberNames } from '../numbers/index.js';

export type ListConversationsInput = {
  status?: ConversationStatus | 'all';
  priority?: ConversationPriority;
  search?: string;
  assigned?: 'me' | 'unassigned' | 'any';
  cursor?: string | null;
  limit?: number;
  /** Test conversations (sandbox number): shown with the rest (default), hidden, or shown alone. */
  tests?: 'all' | 'hide' | 'only';
  /** Only conversations with this label (contacts' labels on conversations). */
  labelId?: string;
  /** Only conversations on this business number (phone_number_id). */
  phoneNumberId?: string;
  /** Only conversations of this team (its queue and its members' chats); null: with no team. */
  teamId?: string | null;
};

/** LIKE pattern matching `text` literally (% and _ escaped), case-insensitive on both databases. */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

export async function listConversations(app: AppContext, clientId: string, userId: string, input: ListConversationsInput) {
  const { conversations, messages, conversationLabels } = app.db.t;
  const limit = Math.min(100, Math.max(1, input.limit ?? 30));
  const filters: Array<SQL | undefined> = [eq(conversations.clientId, clientId)];
  if (input.status && input.status !== 'all') filters.push(eq(conversations.status, input.status));
  if (input.priority) filters.push(eq(conversations.priority, input.priority));
  if (input.assigned === 'me') filters.push(eq(conversations.assignedTo, userId));
  const onSandbox = sql`coalesce(${conversations.phoneNumberId}, '') like ${`${SANDBOX_PREFIX}%`}`;
  if (input.tests === 'hide') filters.push(sql`not (${onSandbox})`);
  if (input.tests === 'only') filters.push(onSandbox);
  if (input.assigned === 'unassigned') filters.push(isNull(conversations.assignedTo));
  if (input.labelId) {
    filters.push(
      sql`exists (select 1 from ${conversationLabels} where ${conversationLabels.conversationId} = ${conversations.id}
      and ${conversationLabels.clientId} = ${clientId} and ${conversationLabels.labelId} = ${input.labelId})`,
    );
  }
  if (input.phoneNumberId) filters.push(eq(conversations.phoneNumberId, input.phoneNumberId));
  if (input.teamId) filters.push(eq(conversations.teamId, input.teamId));
  else if (input.teamId === null) filters.push(isNull(conversations.teamId));
  const search = input.search?.trim();
  if (search) {
    const pattern = likePattern(search);
    filters.push(
      or(
        sql`lower(${conversations.name}) like ${pattern} escape '\\'`,
        sql`${conversations.phone} like ${pattern} escape '\\'`,
        sql`exists (select 1 from ${messages} where ${messages.conversationId} = ${conversations.id}
        and ${messages.clientId} = ${clientId} and lower(${messages.content}) like ${pattern} escape '\\')`,
      ),
    );
  }
  const base = and(...filters);
  const page = [...filters];
  if (input.cursor) {
    const { at, id } = decodeCursor(input.cursor);
    page.push(or(lt(conversations.lastUpdate, at), and(eq(conversations.lastUpdate, at), lt(conversations.id, id))));
  }
  return app.db.tenant(clientId, async (tx) => {
    const rows = await tx
      .select()
      .from(conversations)
      .where(and(...page))
      .orderBy(desc(conversations.lastUpdate), desc(conversations.id))
      .limit(limit + 1);
    const counts = await tx
      .select({
        status: conversations.status,
        conversations: sql<number>`count(*)`,
        unreadConversations: sql<number>`sum(case when ${conversations.unreadCount} > 0 then 1 else 0 end)`,
        unreadMessages: sql<number>`coalesce(sum(${conversations.unreadCount}), 0)`,
      })
      .from(conversations)
      .where(base)
      .groupBy(conversations.status);
    const more = rows.length > limit;
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    const byStatus = Object.fromEntries(counts.map((row) => [row.status, Number(row.conversations)]));
    // The business number each is on, by name (a client has a handful of numbers: one small read).
    const names = await numberNames(app, tx, clientId);
    return {
      items: items.map((row) => ({
        ...conversationView(row),
        /** The display name of its business number (null: none, or a number since removed). */
        numberName: (row.phoneNumberId && names.get(row.phoneNumberId)) || null,
      })),
      nextCursor: more && last ? encodeCursor(last.lastUpdate, last.id) : null,
      counts: {
        total: counts.reduce((sum, row) => sum + Number(row.conversations), 0),
        ...(Object.fromEntries(CONVERSATION_STATUSES.map((status) => [status, byStatus[status] ?? 0])) as Record<ConversationStatus, number>),
        unreadConversations: counts.reduce((sum, row) => sum + Number(row.unreadConversations ?? 0), 0),
        unreadMessages: counts.reduce((sum, row) => sum + Number(row.unreadMessages ?? 0), 0),
      },
    };
  });
}
