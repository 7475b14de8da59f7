// A customer's message that is exactly an opt-out keyword (SAIR, PARAR, CANCELAR, STOP by default)
// or, while opted out, an opt-in one (VOLTAR, START): the customer's state changes and they get
// the confirmation once, before any flow or AI sees the message. Runs whoever handles the chat.
import { eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tables } from '#server/db/tables.js';
import { OPT_OUT_LIMITS, effectiveOptOutSettings, matchConsentKeyword, normalizeKeyword, type OptOutSettings } from '#shared/domain/optOut.js';
import { announceOutbound, insertOutbound, markAnswered, type QueuedOutbound } from '../outbox/enqueueOutbound.js';
import { changeConsent, customerOf, publishConsent } from './customerConsent.js';

type ConversationRow = Tables['conversations']['$inferSelect'];
type MessageRow = Tables['messages']['$inferSelect'];

/**
 * True when the message was a keyword and is dealt with (responders must not answer it).
 * `known`: the settings as the transaction that stored the message read them; a message that is
 * none of their keywords then costs no transaction (a keyword is handled as always, re-read).
 */
export async function handleConsentKeyword(
  app: AppContext,
  conversation: ConversationRow,
  message: MessageRow,
  text: string | null,
  known?: OptOutSettings,
): Promise<boolean> {
  // Most messages are longer than any keyword: no database read for them.
  if (!text || normalizeKeyword(text).length > OPT_OUT_LIMITS.keywordLength) return false;
  if (known && !matchConsentKeyword(known, text)) return false;
  const { clients } = app.db.t;
  const clientId = conversation.clientId;
  const queued = await app.db.tenant(clientId, async (tx) => {
    const [client] = await tx.select({ optOutSettings: clients.optOutSettings }).from(clients).where(eq(clients.id, clientId));
    const settings = effectiveOptOutSettings(client?.optOutSettings);
    const match = matchConsentKeyword(settings, text);
    if (!match) return null;
    const customer = await customerOf(app, tx, conversation);
    if (!customer) return null;
    // "VOLTAR" from a subscribed customer is an ordinary word: the flow or AI answers it.
    if (match.action === 'opt_in' && customer.status !== 'opted_out') return null;
    const changed =
      match.action === 'opt_out'
        ? await changeConsent(app, tx, customer, 'opted_out', `keyword:${match.keyword}`)
        : await changeConsent(app, tx, customer, 'active', `keyword:${match.keyword}`);
    if (!changed) {
      // SAIR again while opted out: already confirmed once; nobody answers it.
      await markAnswered(app, tx, clientId, message.id);
      return { outbound: null };
    }
    publishConsent(app, clientId, conversation.id, changed);
    // The customer just wrote, so the 24-hour window is open for this free-form confirmation; the
    // reply key makes a re-run after a crash find it instead of queueing it twice.
    const outbound: QueuedOutbound = await insertOutbound(app, tx, {
      clientId,
      conversationId: conversation.id,
      content: { kind: 'text', text: match.action === 'opt_out' ? settings.optOutReply : settings.optInReply },
      answering: { messageId: message.id, step: 'consent' },
    });
    return { outbound };
  });
  if (!queued) return false;
  if (queued.outbound) announceOutbound(app, queued.outbound);
  app.log.info({ clientId, conversationId: conversation.id }, 'customer consent keyword handled');
  return true;
}
