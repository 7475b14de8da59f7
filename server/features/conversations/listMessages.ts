// A conversation's messages, newest first, keyset-paginated backwards in time.
import { and, desc, eq, lt, or } from 'drizzle-orm';
import { TRPCError } from '@trpc/server';
import type { AppContext } from '#server/app/appContext.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { conversationView, messageView } from '../whatsapp/index.js';

export async function listMessages(app: AppContext, clientId: string, input: { conversationId: string; cursor?: string | null; limit?: number }) {
  const { conversations, messages } = app.db.t;
  const limit = Math.min(200, Math.max(1, input.limit ?? 50));
  return app.db.tenant(clientId, async (tx) => {
    const [conversation] = await tx
      .select()
      .from(conversations)
      .where(and(eq(conversations.id, input.conversationId), eq(conversations.clientId, clientId)));
    if (!conversation) throw new TRPCError({ code: 'NOT_FOUND', message: 'conversation not found' });
    const filters = [eq(messages.clientId, clientId), eq(messages.conversationId, conversation.id)];
    if (input.cursor) {
      const { at, id } = decodeCursor(input.cursor);
      filters.push(or(lt(messages.timestamp, at), and(eq(messages.timestamp, at), lt(messages.id, id)))!);
    }
    const rows = await tx
      .select()
      .from(messages)
      .where(and(...filters))
      .orderBy(desc(messages.timestamp), desc(messages.id))
      .limit(limit + 1);
    const more = rows.length > limit;
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      conversation: conversationView(conversation),
      items: items.map(messageView),
      nextCursor: more && last ? encodeCursor(last.timestamp, last.id) : null,
    };
  });
}
