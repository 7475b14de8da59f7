// Labels: one list per client, put on contacts and on conversations (the inbox filters by them).
// Setting a contact's or a conversation's labels replaces the set; an id of another client's label
// (or of none) is refused.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Database } from '#server/db/openDatabase.js';
import type { Tx } from '#server/db/tables.js';
import { isUniqueViolation } from '#server/db/isUniqueViolation.js';
import { badRequest, conflict, notFound } from './contactErrors.js';
import type { LabelView } from './contactView.js';

export const LABELS_EVENT = 'contacts.labels';

export async function listLabels(db: Database, clientId: string): Promise<LabelView[]> {
  const { labels } = db.t;
  return db.tenant(clientId, (tx) =>
    tx.select({ id: labels.id, name: labels.name, color: labels.color }).from(labels).where(eq(labels.clientId, clientId)).orderBy(asc(labels.name)),
  );
}

export async function createLabel(db: Database, clientId: string, input: { name: string; color?: string | undefined }): Promise<LabelView> {
  const { labels } = db.t;
  const row = await db
    .tenant(clientId, async (tx) => {
      const [created] = await tx
        .insert(labels)
        .values({ clientId, name: input.name, ...(input.color ? { color: input.color } : {}) })
        .onConflictDoNothing({ target: [labels.clientId, labels.name] })
        .returning({ id: labels.id, name: labels.name, color: labels.color });
      return created;
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error, 'name')) return undefined;
      throw error;
    });
  if (!row) throw conflict(`the label "${input.name}" already exists`);
  return row;
}

export async function deleteLabel(db: Database, clientId: string, id: string): Promise<{ id: string }> {
  const { labels } = db.t;
  const [removed] = await db.tenant(clientId, (tx) =>
    tx
      .delete(labels)
      .where(and(eq(labels.id, id), eq(labels.clientId, clientId)))
      .returning({ id: labels.id }),
  );
  if (!removed) throw notFound('label');
  return removed;
}

export async function assertLabels(db: Database, tx: Tx, clientId: string, labelIds: string[]): Promise<string[]> {
  const ids = [...new Set(labelIds)];
  if (ids.length === 0) return ids;
  const { labels } = db.t;
  const found = await tx
    .select({ id: labels.id })
    .from(labels)
    .where(and(eq(labels.clientId, clientId), inArray(labels.id, ids)));
  if (found.length !== ids.length) throw badRequest('one of the labels does not exist');
  return ids;
}

export async function setContactLabels(
  db: Database,
  clientId: string,
  contactId: string,
  labelIds: string[],
): Promise<{ contactId: string; labelIds: string[] }> {
  const { clientesWhatsapp: c, contactLabels } = db.t;
  return db.tenant(clientId, async (tx) => {
    const [contact] = await tx
      .select({ id: c.id })
      .from(c)
      .where(and(eq(c.id, contactId), eq(c.clientId, clientId)));
    if (!contact) throw notFound('contact');
    const ids = await assertLabels(db, tx, clientId, labelIds);
    await tx.delete(contactLabels).where(and(eq(contactLabels.clientId, clientId), eq(contactLabels.contactId, contactId)));
    if (ids.length) await tx.insert(contactLabels).values(ids.map((labelId) => ({ clientId, contactId, labelId })));
    return { contactId, labelIds: ids };
  });
}

/** Adds labels to many contacts at once (the import, a bulk action); existing ones stay. */
export async function addContactLabels(db: Database, tx: Tx, clientId: string, contactIds: string[], labelIds: string[]): Promise<void> {
  const { contactLabels } = db.t;
  const rows = contactIds.flatMap((contactId) => labelIds.map((labelId) => ({ clientId, contactId, labelId })));
  for (let start = 0; start < rows.length; start += 500) {
    await tx
      .insert(contactLabels)
      .values(rows.slice(start, start + 500))
      .onConflictDoNothing();
  }
}

export async function setConversationLabels(app: AppContext, clientId: string, conversationId: string, labelIds: string[]) {
  const { conversations, conversationLabels } = app.db.t;
  const result = await app.db.tenant(clientId, async (tx) => {
    const [conversation] = await tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.id, conversationId), eq(conversations.clientId, clientId)));
    if (!conversation) throw notFound('conversation');
    const ids = await assertLabels(app.db, tx, clientId, labelIds);
    await tx.delete(conversationLabels).where(and(eq(conversationLabels.clientId, clientId), eq(conversationLabels.conversationId, conversationId)));
    if (ids.length) await tx.insert(conversationLabels).values(ids.map((labelId) => ({ clientId, conversationId, labelId })));
    return { conversationId, labelIds: ids };
  });
  app.events.publish(clientId, LABELS_EVENT, result);
  return result;
}

/** Labels of the given conversations (the inbox shows them on each row). */
export async function conversationLabelsOf(db: Database, clientId: string, conversationIds: string[]) {
  if (conversationIds.length === 0) return [];
  const { conversationLabels, labels } = db.t;
  return db.tenant(clientId, (tx) =>
    tx
      .select({ conversationId: conversationLabels.conversationId, id: labels.id, name: labels.name, color: labels.color })
      .from(conversationLabels)
      .innerJoin(labels, and(eq(labels.id, conversationLabels.labelId), eq(labels.clientId, clientId)))
      .where(and(eq(conversationLabels.clientId, clientId), inArray(conversationLabels.conversationId, conversationIds)))
      .orderBy(asc(labels.name)),
  );
}
