// A campaign's audience: contacts by labels and an attribute, opted-in only when asked, and never
// a contact who opted out, whatever the filter says.
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import type { Tx } from '#server/db/tables.js';
import { contactWhere } from '../contacts/index.js';
import type { Audience } from './templateVariables.js';

export function audienceWhere(db: Database, tx: Tx, clientId: string, audience: Audience) {
  const { clientesWhatsapp: c } = db.t;
  return and(
    contactWhere(db, tx, clientId, { labelIds: audience.labelIds, attribute: audience.attribute, consent: audience.optedInOnly ? 'opted_in' : 'subscribed' }),
    ne(c.status, 'opted_out'),
  )!;
}

export async function audienceCount(db: Database, tx: Tx, clientId: string, audience: Audience): Promise<number> {
  const { clientesWhatsapp: c } = db.t;
  const [row] = await tx
    .select({ n: sql<number>`count(*)` })
    .from(c)
    .where(audienceWhere(db, tx, clientId, audience));
  return Number(row?.n ?? 0);
}

/** Contacts with their attribute values (for variables), in a stable order. */
export async function audienceContacts(db: Database, tx: Tx, clientId: string, audience: Audience, limit?: number) {
  const { clientesWhatsapp: c } = db.t;
  const query = tx
    .select({ id: c.id, name: c.nome, phone: c.telefone })
    .from(c)
    .where(audienceWhere(db, tx, clientId, audience))
    .orderBy(asc(c.telefone));
  return limit ? await query.limit(limit) : await query;
}

export async function attributesOf(db: Database, tx: Tx, clientId: string, contactIds: string[]): Promise<Map<string, Record<string, string>>> {
  const { contactAttributeValues: v } = db.t;
  const result = new Map<string, Record<string, string>>();
  for (let start = 0; start < contactIds.length; start += 500) {
    const rows = await tx
      .select()
      .from(v)
      .where(and(eq(v.clientId, clientId), inArray(v.contactId, contactIds.slice(start, start + 500))));
    for (const row of rows) result.set(row.contactId, { ...(result.get(row.contactId) ?? {}), [row.key]: row.value });
  }
  return result;
}
