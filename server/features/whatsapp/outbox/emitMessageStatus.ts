// An outbound message's status moved (Meta accepted it, or a status webhook: delivered, read,
// failed…): the event for event webhooks, raised in the transaction that stored the move.
import type { AppContext } from '#server/app/appContext.js';
import { emitDomainEvent } from '#server/app/domainEvents.js';
import type { Tables, Tx } from '#server/db/tables.js';
import { messageView } from '../liveEvents.js';

export async function emitMessageStatus(app: AppContext, tx: Tx, message: Tables['messages']['$inferSelect'], previous: string): Promise<void> {
  if (message.direction !== 'outgoing' || message.status === previous) return;
  await emitDomainEvent(app, tx, {
    clientId: message.clientId,
    type: message.status === 'sent' && previous === 'queued' ? 'message.sent' : 'message.status_changed',
    data: { message: messageView(message), previousStatus: previous },
    orderingKey: message.conversationId,
  });
}
