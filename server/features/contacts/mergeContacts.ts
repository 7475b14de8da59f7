// contacts.merge: two contacts that are one person become one. The kept contact takes the other's
// conversations, labels, notes, missing attribute values, campaign history and name (when it has
// none); consent takes the stricter side: if either opted out, the merged contact is opted out.
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import { badRequest, notFound } from './contactErrors.js';
import { getContact } from './getContact.js';

export async function mergeContacts(db: Database, clientId: string, input: { keepId: string; mergeId: string }) {
  if (input.keepId === input.mergeId) throw badRequest('pick two different contacts to merge');
  const { clientesWhatsapp: c, conversations, contactLabels, contactAttributeValues: v, contactNotes, campaignRecipients } = db.t;
  await db.tenant(clientId, async (tx) => {
    const rows = await tx
      .select()
      .from(c)
      .where(and(eq(c.clientId, clientId), inArray(c.id, [input.keepId, input.mergeId])))
      .orderBy(c.id);
    const keep = rows.find((row) => row.id === input.keepId);
    const merged = rows.find((row) => row.id === input.mergeId);
    if (!keep || !merged) throw notFound('contact');
    await tx
      .update(conversations)
      .set({ clienteWhatsappId: keep.id })
      .where(and(eq(conversations.clientId, clientId), eq(conversations.clienteWhatsappId, merged.id)));
    // Conversations linked only by the merged contact's number.
    await tx
      .update(conversations)
      .set({ clienteWhatsappId: keep.id })
      .where(and(eq(conversations.clientId, clientId), eq(conversations.phone, merged.telefone)));
    const labels = await tx
      .select({ labelId: contactLabels.labelId })
      .from(contactLabels)
      .where(and(eq(contactLabels.clientId, clientId), eq(contactLabels.contactId, merged.id)));
    if (labels.length) {
      await tx
        .insert(contactLabels)
        .values(labels.map(({ labelId }) => ({ clientId, contactId: keep.id, labelId })))
        .onConflictDoNothing();
    }
    const values = await tx
      .select()
      .from(v)
      .where(and(eq(v.clientId, clientId), eq(v.contactId, merged.id)));
    if (values.length) {
      await tx
        .insert(v)
        .values(values.map((value) => ({ ...value, contactId: keep.id })))
        .onConflictDoNothing();
    }
    await tx
      .update(contactNotes)
      .set({ contactId: keep.id })
      .where(and(eq(contactNotes.clientId, clientId), eq(contactNotes.contactId, merged.id)));
    await tx
      .update(campaignRecipients)
      .set({ contactId: keep.id })
      .where(and(eq(campaignRecipients.clientId, clientId), eq(campaignRecipients.contactId, merged.id)));
    const optedOut = keep.status === 'opted_out' ? keep : merged.status === 'opted_out' ? merged : null;
    const optedIn = keep.optedInAt ? keep : merged;
    await tx.delete(c).where(and(eq(c.id, merged.id), eq(c.clientId, clientId)));
    await tx
      .update(c)
      .set({
        nome: keep.nome ?? merged.nome,
        waId: keep.waId ?? merged.waId,
        metadata: { ...merged.metadata, ...keep.metadata },
        optedInAt: optedIn.optedInAt,
        optInSource: optedIn.optInSource,
        ...(optedOut ? { status: 'opted_out' as const, optedOutAt: optedOut.optedOutAt, optOutSource: optedOut.optOutSource } : {}),
      })
      .where(and(eq(c.id, keep.id), eq(c.clientId, clientId)));
  });
  return getContact(db, clientId, input.keepId);
}
