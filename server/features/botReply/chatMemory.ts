// The conversation's memory in n8n's Postgres chat memory format: one n8n_chat_histories row per
// turn, session_id = the customer's phone, message = {"type": "human" | "ai", "content": …}, so an
// n8n workflow reading the same table sees the same history.
import { and, desc, eq } from 'drizzle-orm';
import type { AppContext } from '../../app/appContext.js';
import type { ChatMemoryMessage } from '../../db/json-types.js';
import type { Tx } from '../../db/tables.js';

export async function loadChatMemory(app: AppContext, tx: Tx, clientId: string, sessionId: string, limit: number): Promise<ChatMemoryMessage[]> {
  if (limit <= 0) return [];
  const { n8nChatHistories: history } = app.db.t;
  const rows = await tx.select({ message: history.message }).from(history)
    .where(and(eq(history.clientId, clientId), eq(history.sessionId, sessionId))).orderBy(desc(history.id)).limit(limit);
  return rows.reverse().map((row) => row.message);
}

export async function appendChatMemory(app: AppContext, tx: Tx, input: { clientId: string; conversationId: string; sessionId: string; messages: ChatMemoryMessage[] }): Promise<void> {
  if (input.messages.length === 0) return;
  await tx.insert(app.db.t.n8nChatHistories).values(input.messages.map((message) => ({
    clientId: input.clientId, conversationId: input.conversationId, sessionId: input.sessionId, message,
  })));
}
