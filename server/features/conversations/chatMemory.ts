// The conversation's memory in n8n's Postgres chat memory format: one n8n_chat_histories row per
// turn, session_id = the customer's phone, message = {"type": "human" | "ai", "content": …}, so an
// n8n workflow reading the same table sees the same history. The bot writes its turns
// (botReply); while people handle the chat, the customer's messages and what a person says are
// written here (the person's as the business's side, "ai"), so the AI that takes the chat back
// knows what was said.
import type { AppContext } from '#server/app/appContext.js';
import type { InboundMessage } from '#server/app/responder.js';
import type { ChatMemoryMessage } from '#server/db/json-types.js';
import type { Tx } from '#server/db/tables.js';
import type { OutboundContent } from '#shared/whatsapp/outboundContent.js';
import { markAnswered } from '../whatsapp/index.js';

export async function appendChatMemory(
  app: AppContext,
  tx: Tx,
  input: { clientId: string; conversationId: string; sessionId: string; messages: ChatMemoryMessage[] },
): Promise<void> {
  if (input.messages.length === 0) return;
  await tx.insert(app.db.t.n8nChatHistories).values(
    input.messages.map((message) => ({
      clientId: input.clientId,
      conversationId: input.conversationId,
      sessionId: input.sessionId,
      message,
    })),
  );
}

/**
 * The customer's message while people handle the chat (the bot, which records its own turns, is
 * silent): the customer's turn, so the memory holds both sides of what was said with the agent.
 * Marked answered in the same transaction (a re-run of the event records nothing twice).
 */
export async function rememberCustomerTurn({ app, clientId, conversation, message, text }: InboundMessage): Promise<void> {
  const content = text?.trim();
  if (!content) return;
  await app.db.tenant(clientId, async (tx) => {
    await appendChatMemory(app, tx, { clientId, conversationId: conversation.id, sessionId: conversation.phone, messages: [{ type: 'human', content }] });
    await markAnswered(app, tx, clientId, message.id);
  });
}

/**
 * An agent's message as a memory turn: the business speaking ("ai", n8n's own type for it), marked
 * in additional_kwargs (a field n8n's messages carry) as a person's. Null for what says nothing
 * (a reaction).
 */
export function agentTurn(content: OutboundContent, userId: string): ChatMemoryMessage | null {
  const text = turnText(content)?.trim();
  if (!text) return null;
  return { type: 'ai', content: text, additional_kwargs: { author: 'agent', userId }, response_metadata: {} };
}

function turnText(content: OutboundContent): string | null {
  switch (content.kind) {
    case 'text':
      return content.text;
    case 'media':
      return [`[${content.mediaType}]`, content.caption ?? content.filename ?? ''].join(' ');
    case 'buttons':
      return `${content.body}\n${content.buttons.map((button) => `- ${button.title}`).join('\n')}`;
    case 'list':
      return `${content.body}\n${content.sections.flatMap((section) => section.rows.map((row) => `- ${row.title}`)).join('\n')}`;
    case 'template':
      return `[template ${content.name}]`;
    case 'reaction':
      return null;
  }
}
