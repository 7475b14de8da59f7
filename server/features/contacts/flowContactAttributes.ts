// The contacts side of the flows' ContactAttributesPort (wired in server/app/wireFeatures.ts): a
// flow reads the conversation's contact's attribute values and writes answers into them. The
// contact is the conversation's (by its link, else by number; created from the conversation when
// it has none yet). A value that does not fit its attribute's type is refused with the reason.
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tables, Tx } from '#server/db/tables.js';
import { AttributeValueError } from './attributeValue.js';
import { loadAttributeDefinitions, writeAttributeValues } from './contactAttributes.js';

type Conversation = Tables['conversations']['$inferSelect'];

async function contactIdOf(app: AppContext, tx: Tx, conversation: Conversation, create: boolean): Promise<string | null> {
  if (conversation.clienteWhatsappId) return conversation.clienteWhatsappId;
  const { clientesWhatsapp: c } = app.db.t;
  const find = async () => {
    const [row] = await tx
      .select({ id: c.id })
      .from(c)
      .where(and(eq(c.clientId, conversation.clientId), eq(c.telefone, conversation.phone)));
    return row?.id ?? null;
  };
  const found = await find();
  if (found || !create) return found;
  await tx.insert(c).values({ clientId: conversation.clientId, telefone: conversation.phone, nome: conversation.name }).onConflictDoNothing();
  return find();
}

export const flowContactAttributes = {
  async read(app: AppContext, tx: Tx, conversation: Conversation): Promise<Record<string, string>> {
    const contactId = await contactIdOf(app, tx, conversation, false);
    if (!contactId) return {};
    const { contactAttributeValues: v } = app.db.t;
    const rows = await tx
      .select({ key: v.key, value: v.value })
      .from(v)
      .where(and(eq(v.clientId, conversation.clientId), eq(v.contactId, contactId)));
    return Object.fromEntries(rows.map((row) => [row.key, row.value]));
  },

  async write(app: AppContext, tx: Tx, target: { clientId: string; conversationId: string }, values: Record<string, string | null>): Promise<string[]> {
    const definitions = await loadAttributeDefinitions(app.db, tx, target.clientId);
    const known = Object.entries(values).filter(([key]) => definitions.has(key));
    if (known.length === 0) return [];
    const { conversations } = app.db.t;
    const [conversation] = await tx
      .select()
      .from(conversations)
      .where(and(eq(conversations.id, target.conversationId), eq(conversations.clientId, target.clientId)));
    if (!conversation) return [];
    const contactId = await contactIdOf(app, tx, conversation, true);
    if (!contactId) return [];
    const refused: string[] = [];
    for (const [key, value] of known) {
      try {
        await writeAttributeValues(app.db, tx, target.clientId, contactId, definitions, { [key]: value });
      } catch (error) {
        if (!(error instanceof AttributeValueError)) throw error;
        refused.push(error.message);
      }
    }
    return refused;
  },
};
