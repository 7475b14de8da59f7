// A person's message to the customer: queued like any outbound message, and remembered in the
// chat memory in the same transaction, so the AI that gets the chat back knows what was said.
import type { AppContext } from '#server/app/appContext.js';
import type { OutboundContent } from '#shared/whatsapp/outboundContent.js';
import { announceOutbound, insertOutbound } from '../whatsapp/index.js';
import { agentTurn, appendChatMemory } from './chatMemory.js';

export type AgentMessage = {
  clientId: string;
  conversationId: string;
  content: OutboundContent;
  sentBy: string;
  replyToWamid?: string | null;
  storedMedia?: Parameters<typeof insertOutbound>[2]['storedMedia'];
};

export async function sendAsAgent(app: AppContext, input: AgentMessage): Promise<{ messageId: string }> {
  const queued = await app.db.tenant(input.clientId, async (tx) => {
    const queued = await insertOutbound(app, tx, input);
    const turn = agentTurn(input.content, input.sentBy);
    if (turn && queued.conversation) {
      await appendChatMemory(app, tx, {
        clientId: input.clientId,
        conversationId: input.conversationId,
        sessionId: queued.conversation.phone,
        messages: [turn],
      });
    }
    return queued;
  });
  announceOutbound(app, queued);
  return { messageId: queued.message.id };
}
