// contacts.get: a contact's page: profile, consent, labels, attribute values (with the client's
// definitions), private notes and every conversation with the contact.
import { and, desc, eq, or } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import type { Tx } from '#server/db/tables.js';
import { loadAttributeDefinitions } from './contactAttributes.js';
import { notFound } from './contactErrors.js';
import { contactViews } from './contactView.js';
import { lastContactColumn } from './contactWhere.js';
import { noteViews } from './contactNotes.js';

export async function loadContactView(db: Database, tx: Tx, clientId: string, id: string) {
  const { clientesWhatsapp: c } = db.t;
  const rows = await tx
    .select({ row: c, lastContactAt: lastContactColumn(db, clientId) })
    .from(c)
    .where(and(eq(c.id, id), eq(c.clientId, clientId)));
  if (rows.length === 0) throw notFound('contact');
  return (await contactViews(db, tx, clientId, rows))[0]!;
}

export async function getContact(db: Database, clientId: string, id: string) {
  const { conversations, contactNotes } = db.t;
  return db.tenant(clientId, async (tx) => {
    const contact = await loadContactView(db, tx, clientId, id);
    const definitions = [...(await loadAttributeDefinitions(db, tx, clientId)).values()];
    const conversationRows = await tx
      .select({
        id: conversations.id,
        status: conversations.status,
        lastMessage: conversations.lastMessage,
        lastUpdate: conversations.lastUpdate,
        phoneNumberId: conversations.phoneNumberId,
      })
      .from(conversations)
      .where(and(eq(conversations.clientId, clientId), or(eq(conversations.clienteWhatsappId, id), eq(conversations.phone, contact.phone))))
      .orderBy(desc(conversations.lastUpdate));
    const notes = await noteViews(
      db,
      tx,
      clientId,
      await tx
        .select()
        .from(contactNotes)
        .where(and(eq(contactNotes.clientId, clientId), eq(contactNotes.contactId, id)))
        .orderBy(desc(contactNotes.createdAt), desc(contactNotes.id)),
    );
    return {
      contact,
      definitions,
      conversations: conversationRows.map((row) => ({ ...row, lastUpdate: row.lastUpdate.toISOString() })),
      notes,
    };
  });
}
