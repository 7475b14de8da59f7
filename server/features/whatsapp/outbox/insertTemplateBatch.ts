// Many templates queued at once, in the caller's transaction: what a broadcast does per batch of
// recipients. The same checks and rows as insertOutbound (one per message) with a statement per
// step instead of several per message: the customers' consent read together, the messages inserted
// in one statement, the conversations' previews updated in one. A template needs no open 24-hour
// window; an opted-out customer's message is not queued and comes back in `refused`.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, or } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tables, Tx } from '#server/db/tables.js';
import { conversationPreview } from '#shared/whatsapp/conversationPreview.js';
import type { OutboundContent } from '#shared/whatsapp/outboundContent.js';
import { optedOut, type OptedOutError } from '../consent/customerConsent.js';
import { outboundRow, type QueuedOutbound } from './enqueueOutbound.js';
import { monotonicNow } from './monotonicNow.js';
import { validateOutbound } from './validateOutbound.js';

type ConversationRow = Tables['conversations']['$inferSelect'];
type TemplateContent = Extract<OutboundContent, { kind: 'template' }>;

export type TemplateBatchItem = { conversation: ConversationRow; content: TemplateContent };

export type TemplateBatchResult = {
  /** Queued, in the order of the items given (opted-out ones left out). */
  queued: QueuedOutbound[];
  /** Items not queued, by their index in the input, with the reason. */
  refused: Map<number, OptedOutError>;
};

export async function insertTemplateBatch(app: AppContext, tx: Tx, clientId: string, items: TemplateBatchItem[]): Promise<TemplateBatchResult> {
  const refused = new Map<number, OptedOutError>();
  if (items.length === 0) return { queued: [], refused };
  for (const item of items) {
    if (item.conversation.clientId !== clientId) throw new Error('a template batch mixes clients');
    validateOutbound(item.content, { storedFile: false });
  }
  const { clientesWhatsapp, conversations, messages } = app.db.t;

  // Consent: each conversation's customer, by its link, else by phone (as customerOf does).
  const linked = [...new Set(items.flatMap(({ conversation }) => (conversation.clienteWhatsappId ? [conversation.clienteWhatsappId] : [])))];
  const byPhone = [...new Set(items.flatMap(({ conversation }) => (conversation.clienteWhatsappId ? [] : [conversation.phone])))];
  const customers = await tx
    .select()
    .from(clientesWhatsapp)
    .where(
      and(
        eq(clientesWhatsapp.clientId, clientId),
        or(...[linked.length ? inArray(clientesWhatsapp.id, linked) : undefined, byPhone.length ? inArray(clientesWhatsapp.telefone, byPhone) : undefined]),
      ),
    );
  const customerById = new Map(customers.map((customer) => [customer.id, customer]));
  const customerByPhone = new Map(customers.map((customer) => [customer.telefone, customer]));

  const rows: Array<Tables['messages']['$inferInsert']> = [];
  const previews = new Map<string, string | null>(); // conversation id → preview of its (last) queued template
  items.forEach(({ conversation, content }, index) => {
    const customer = conversation.clienteWhatsappId ? customerById.get(conversation.clienteWhatsappId) : customerByPhone.get(conversation.phone);
    if (customer?.status === 'opted_out') return void refused.set(index, optedOut(customer));
    const row = outboundRow({ clientId, content }, conversation, randomUUID(), monotonicNow(), null);
    rows.push(row);
    previews.set(conversation.id, conversationPreview(row.type, row.content));
  });
  if (rows.length === 0) return { queued: [], refused };

  const inserted = await tx.insert(messages).values(rows).returning();
  // One update per distinct preview (a broadcast's templates mostly read alike).
  const byPreview = new Map<string | null, string[]>();
  for (const [conversationId, preview] of previews) byPreview.set(preview, [...(byPreview.get(preview) ?? []), conversationId]);
  const lastUpdate = monotonicNow();
  const updated = new Map<string, ConversationRow>();
  for (const [preview, ids] of byPreview) {
    const rowsUpdated = await tx
      .update(conversations)
      .set({ lastMessage: preview, lastUpdate })
      .where(and(eq(conversations.clientId, clientId), inArray(conversations.id, ids)))
      .returning();
    for (const row of rowsUpdated) updated.set(row.id, row);
  }
  const byId = new Map(inserted.map((row) => [row.id, row]));
  const queued = rows.map((row) => ({ message: byId.get(row.id!)!, conversation: updated.get(row.conversationId!) ?? null }));
  return { queued, refused };
}
