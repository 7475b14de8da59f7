// Private notes: about a contact, or in a conversation's thread (then also on its contact's page).
// Agents and up write them; they are stored apart from messages, so nothing can ever send them.
// A note in a thread is published live (`contacts.note`) for the agents with the conversation open.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Database } from '#server/db/openDatabase.js';
import type { Tables, Tx } from '#server/db/tables.js';
import { badRequest, notFound } from './contactErrors.js';

export const NOTE_EVENT = 'contacts.note';
type NoteRow = Tables['contactNotes']['$inferSelect'];
export type NoteView = {
  id: string;
  contactId: string;
  conversationId: string | null;
  body: string;
  authorId: string | null;
  authorName: string | null;
  createdAt: string;
};

export async function noteViews(db: Database, tx: Tx, clientId: string, rows: NoteRow[]): Promise<NoteView[]> {
  const { userProfiles } = db.t;
  const authorIds = [...new Set(rows.map((row) => row.authorId).filter((id): id is string => id !== null))];
  const authors = authorIds.length
    ? await tx
        .select({ id: userProfiles.id, fullName: userProfiles.fullName, email: userProfiles.email })
        .from(userProfiles)
        .where(and(eq(userProfiles.clientId, clientId), inArray(userProfiles.id, authorIds)))
    : [];
  return rows.map((row) => {
    const author = authors.find((candidate) => candidate.id === row.authorId);
    return {
      id: row.id,
      contactId: row.contactId,
      conversationId: row.conversationId,
      body: row.body,
      authorId: row.authorId,
      authorName: author ? (author.fullName ?? author.email) : null,
      createdAt: row.createdAt.toISOString(),
    };
  });
}

/** The conversation's contact, created from the conversation when it has none yet. */
async function contactOfConversation(app: AppContext, tx: Tx, clientId: string, conversationId: string): Promise<string> {
  const { conversations, clientesWhatsapp: c } = app.db.t;
  const [conversation] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), eq(conversations.clientId, clientId)));
  if (!conversation) throw notFound('conversation');
  if (conversation.clienteWhatsappId) return conversation.clienteWhatsappId;
  await tx
    .insert(c)
    .values({ clientId, telefone: conversation.phone, nome: conversation.name })
    .onConflictDoNothing({ target: [c.clientId, c.telefone] });
  const [contact] = await tx
    .select({ id: c.id })
    .from(c)
    .where(and(eq(c.clientId, clientId), eq(c.telefone, conversation.phone)));
  return contact!.id;
}

export async function addNote(
  app: AppContext,
  clientId: string,
  authorId: string,
  input: { contactId?: string | undefined; conversationId?: string | undefined; body: string },
) {
  if (!input.contactId === !input.conversationId) throw badRequest('a note goes either on a contact or in a conversation');
  const { clientesWhatsapp: c, contactNotes } = app.db.t;
  const note = await app.db.tenant(clientId, async (tx) => {
    let contactId = input.contactId;
    if (contactId) {
      const [found] = await tx
        .select({ id: c.id })
        .from(c)
        .where(and(eq(c.id, contactId), eq(c.clientId, clientId)));
      if (!found) throw notFound('contact');
    } else {
      contactId = await contactOfConversation(app, tx, clientId, input.conversationId!);
    }
    const [row] = await tx
      .insert(contactNotes)
      .values({ clientId, contactId, conversationId: input.conversationId ?? null, authorId, body: input.body })
      .returning();
    return (await noteViews(app.db, tx, clientId, [row!]))[0]!;
  });
  if (note.conversationId) app.events.publish(clientId, NOTE_EVENT, note);
  return note;
}

export async function listConversationNotes(db: Database, clientId: string, conversationId: string): Promise<NoteView[]> {
  const { contactNotes } = db.t;
  return db.tenant(clientId, async (tx) =>
    noteViews(
      db,
      tx,
      clientId,
      await tx
        .select()
        .from(contactNotes)
        .where(and(eq(contactNotes.clientId, clientId), eq(contactNotes.conversationId, conversationId)))
        .orderBy(asc(contactNotes.createdAt), asc(contactNotes.id)),
    ),
  );
}
