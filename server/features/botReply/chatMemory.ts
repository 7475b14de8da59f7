// The conversation's memory in n8n's Postgres chat memory format (conversations/chatMemory.ts
// writes it, people's messages included): the recent turns the AI reply is given.
import { and, desc, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { ChatMemoryMessage } from '#server/db/json-types.js';
import type { Tx } from '#server/db/tables.js';

export async function loadChatMemory(app: AppContext, tx: Tx, clientId: string, sessionId: string, limit: number): Promise<ChatMemoryMessage[]> {
  if (limit <= 0) return [];
  const { n8nChatHistories: history } = app.db.t;
  const rows = await tx
    .select({ message: history.message })
    .from(history)
    .where(and(eq(history.clientId, clientId), eq(history.sessionId, sessionId)))
    .orderBy(desc(history.id))
    .limit(limit);
  return rows.reverse().map((row) => row.message);
}

export { appendChatMemory } from '../conversations/index.js';
