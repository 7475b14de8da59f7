// The client's custom contact attributes (contacts.attributes.*), and writing a contact's values
// against them: an unknown key or a value that does not fit its type is refused with the reason.
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import type { Tx } from '#server/db/tables.js';
import type { ContactAttributeType } from '#shared/contacts/vocabulary.js';
import { AttributeValueError, normaliseAttributeValue, type AttributeDefinition } from './attributeValue.js';
import { badRequest, conflict, notFound } from './contactErrors.js';

export async function loadAttributeDefinitions(db: Database, tx: Tx, clientId: string): Promise<Map<string, AttributeDefinition>> {
  const { contactAttributes } = db.t;
  const rows = await tx.select().from(contactAttributes).where(eq(contactAttributes.clientId, clientId)).orderBy(asc(contactAttributes.label));
  return new Map(rows.map((row) => [row.key, { key: row.key, label: row.label, type: row.type, options: row.options ?? null }]));
}

export async function listAttributes(db: Database, clientId: string): Promise<AttributeDefinition[]> {
  return [...(await db.tenant(clientId, (tx) => loadAttributeDefinitions(db, tx, clientId))).values()];
}

export async function defineAttribute(
  db: Database,
  clientId: string,
  input: { key: string; label: string; type: ContactAttributeType; options?: string[] | undefined },
): Promise<AttributeDefinition> {
  const options = input.type === 'list' ? [...new Set(input.options ?? [])] : null;
  if (input.type === 'list' && options!.length === 0) throw badRequest('a list attribute needs at least one option');
  if (input.type !== 'list' && input.options?.length) throw badRequest('only a list attribute has options');
  const { contactAttributes } = db.t;
  const row = await db.tenant(clientId, async (tx) => {
    const [existing] = await tx
      .select()
      .from(contactAttributes)
      .where(and(eq(contactAttributes.clientId, clientId), eq(contactAttributes.key, input.key)));
    if (existing && existing.type !== input.type) throw conflict(`the attribute ${input.key} is already a ${existing.type}: its type cannot change`);
    const [saved] = await tx
      .insert(contactAttributes)
      .values({ clientId, key: input.key, label: input.label, type: input.type, options })
      .onConflictDoUpdate({ target: [contactAttributes.clientId, contactAttributes.key], set: { label: input.label, options } })
      .returning();
    return saved!;
  });
  return { key: row.key, label: row.label, type: row.type, options: row.options ?? null };
}

export async function removeAttribute(db: Database, clientId: string, key: string): Promise<{ key: string }> {
  const { contactAttributes, contactAttributeValues } = db.t;
  return db.tenant(clientId, async (tx) => {
    const [removed] = await tx
      .delete(contactAttributes)
      .where(and(eq(contactAttributes.clientId, clientId), eq(contactAttributes.key, key)))
      .returning();
    if (!removed) throw notFound(`attribute ${key}`);
    await tx.delete(contactAttributeValues).where(and(eq(contactAttributeValues.clientId, clientId), eq(contactAttributeValues.key, key)));
    return { key };
  });
}

/** Sets (or, for null, removes) a contact's values; throws AttributeValueError with the reason. */
export async function writeAttributeValues(
  db: Database,
  tx: Tx,
  clientId: string,
  contactId: string,
  definitions: Map<string, AttributeDefinition>,
  values: Record<string, string | number | null>,
): Promise<void> {
  const { contactAttributeValues: v } = db.t;
  for (const [key, raw] of Object.entries(values)) {
    const definition = definitions.get(key);
    if (!definition) throw new AttributeValueError(`${key}: there is no such contact attribute (define it first)`);
    if (raw === null || String(raw).trim() === '') {
      await tx.delete(v).where(and(eq(v.clientId, clientId), eq(v.contactId, contactId), eq(v.key, key)));
      continue;
    }
    const value = normaliseAttributeValue(definition, raw);
    await tx
      .insert(v)
      .values({ clientId, contactId, key, value })
      .onConflictDoUpdate({ target: [v.contactId, v.key], set: { value } });
  }
}
