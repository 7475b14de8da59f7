// contacts.save: creates a contact (by number, unique per client in its canonical form) or updates
// one's name, attribute values and recorded consent. Consent never overrides an opt-out: a contact
// who opted out opts back in themselves (VOLTAR) or through the inbox's opt-out control.
import { and, eq, ne } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { emitDomainEvent } from '#server/app/domainEvents.js';
import { isUniqueViolation } from '#server/db/isUniqueViolation.js';
import { canonicalPhone } from '../whatsapp/index.js';
import { AttributeValueError } from './attributeValue.js';
import { loadAttributeDefinitions, writeAttributeValues } from './contactAttributes.js';
import { badRequest, conflict, notFound } from './contactErrors.js';
import { getContact } from './getContact.js';

export type SaveContact = {
  id?: string | undefined;
  name?: string | null | undefined;
  phone?: string | undefined;
  attributes?: Record<string, string | number | null> | undefined;
  optIn?: boolean | undefined;
};

/**
 * A contact's number in canonical form. Written without a country code (area code + 8 or 9 digits,
 * as Brazilians write it) it is taken as Brazilian; others need theirs (+1 ..., +351 ...).
 */
export function contactPhone(raw: string): string | null {
  const digits = raw.replace(/\D+/g, '');
  const written = raw.trim().startsWith('+');
  const withCountry = !written && (digits.length === 10 || digits.length === 11) && /^[1-9][1-9]/.test(digits) ? `55${digits}` : digits;
  const phone = canonicalPhone(withCountry);
  return phone && phone.length >= 8 && phone.length <= 15 ? phone : null;
}

export function validPhone(raw: string): string {
  const phone = contactPhone(raw);
  if (!phone) throw badRequest(`"${raw}" is not a phone number (8 to 15 digits, with the country code)`);
  return phone;
}

export async function saveContact(app: AppContext, clientId: string, actorId: string, input: SaveContact) {
  const { db } = app;
  const { clientesWhatsapp: c } = db.t;
  const phone = input.phone === undefined ? undefined : validPhone(input.phone);
  if (!input.id && !phone) throw badRequest('a new contact needs a phone number');
  const id = await db
    .tenant(clientId, async (tx) => {
      let contactId = input.id;
      const changes = {
        ...(input.name !== undefined ? { nome: input.name === '' ? null : input.name } : {}),
        ...(phone ? { telefone: phone } : {}),
      };
      let saved: { id: string; phone: string; name: string | null };
      const fields = { id: c.id, phone: c.telefone, name: c.nome };
      if (contactId) {
        const [updated] = await tx
          .update(c)
          .set({ ...changes, updatedAt: new Date() })
          .where(and(eq(c.id, contactId), eq(c.clientId, clientId)))
          .returning(fields);
        if (!updated) throw notFound('contact');
        saved = updated;
      } else {
        const [created] = await tx
          .insert(c)
          .values({ clientId, telefone: phone!, nome: input.name ?? null })
          .onConflictDoNothing({ target: [c.clientId, c.telefone] })
          .returning(fields);
        if (!created) throw conflict(`a contact with the number ${phone} already exists`);
        contactId = created.id;
        saved = created;
      }
      if (input.attributes) {
        await writeAttributeValues(db, tx, clientId, contactId, await loadAttributeDefinitions(db, tx, clientId), input.attributes);
      }
      if (input.optIn) {
        await tx
          .update(c)
          .set({ optedInAt: new Date(), optInSource: `agent:${actorId}` })
          .where(and(eq(c.id, contactId), eq(c.clientId, clientId), ne(c.status, 'opted_out')));
      }
      // For the event webhooks, in this transaction: raised exactly when the change commits.
      await emitDomainEvent(app, tx, {
        clientId,
        type: input.id ? 'contact.updated' : 'contact.created',
        data: { contact: saved },
        orderingKey: `contact:${saved.id}`,
      });
      return contactId;
    })
    .catch((error: unknown) => {
      if (error instanceof AttributeValueError) throw badRequest(error.message);
      if (isUniqueViolation(error, 'telefone')) throw conflict(`a contact with the number ${phone} already exists`);
      throw error;
    });
  return getContact(db, clientId, id);
}
