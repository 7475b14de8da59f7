// Contacts for the public API: the existing customer rows (clientes_whatsapp), read, searched and
// updated (name, metadata) by phone number. Every query is the key's client's only.
import { and, asc, eq, gt, or, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { emitDomainEvent } from '#server/app/domainEvents.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { Tables } from '#server/db/tables.js';
import { canonicalPhone } from '../whatsapp/index.js';
import { ApiError } from './apiError.js';

type CustomerRow = Tables['clientesWhatsapp']['$inferSelect'];

export function contactView(row: CustomerRow) {
  return {
    id: row.id,
    phone: row.telefone,
    name: row.nome,
    status: row.status,
    optedOut: row.optedOutAt !== null,
    isTest: row.isTest,
    metadata: row.metadata,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type ContactView = ReturnType<typeof contactView>;

export function phoneParam(raw: string): string {
  const phone = canonicalPhone(raw);
  if (!phone || phone.length < 8 || phone.length > 15)
    throw new ApiError(400, 'invalid_request', `"${raw}" is not a phone number (digits with country code, e.g. 5511999990000)`);
  return phone;
}

const escapeLike = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

export async function listContacts(app: AppContext, clientId: string, input: { search?: string; cursor?: string; limit: number }) {
  const { clientesWhatsapp: c } = app.db.t;
  const filters: Array<SQL | undefined> = [eq(c.clientId, clientId)];
  const search = input.search?.trim();
  if (search) {
    const pattern = escapeLike(search);
    filters.push(or(sql`lower(${c.nome}) like ${pattern} escape '\\'`, sql`${c.telefone} like ${pattern} escape '\\'`));
  }
  if (input.cursor) filters.push(gt(c.telefone, input.cursor));
  const rows = await app.db.tenant(clientId, (tx) =>
    tx
      .select()
      .from(c)
      .where(and(...filters))
      .orderBy(asc(c.telefone))
      .limit(input.limit + 1),
  );
  const page = rows.slice(0, input.limit);
  return { items: page.map(contactView), nextCursor: rows.length > input.limit ? page.at(-1)!.telefone : null };
}

export async function getContact(app: AppContext, clientId: string, phone: string): Promise<ContactView> {
  const { clientesWhatsapp: c } = app.db.t;
  const [row] = await app.db.tenant(clientId, (tx) =>
    tx
      .select()
      .from(c)
      .where(and(eq(c.clientId, clientId), eq(c.telefone, phone))),
  );
  if (!row) throw new ApiError(404, 'not_found', `no contact with the phone ${phone}`);
  return contactView(row);
}

/** name: replaced (null clears it); metadata: merged key by key (a null value removes the key). */
export async function updateContact(app: AppContext, clientId: string, phone: string, patch: { name?: string | null; metadata?: Record<string, unknown> }) {
  const { clientesWhatsapp: c } = app.db.t;
  return app.db.tenant(clientId, async (tx) => {
    const [row] = await tx
      .select()
      .from(c)
      .where(and(eq(c.clientId, clientId), eq(c.telefone, phone)));
    if (!row) throw new ApiError(404, 'not_found', `no contact with the phone ${phone}`);
    const metadata: JsonObject = { ...row.metadata };
    for (const [key, value] of Object.entries(patch.metadata ?? {})) {
      if (value === null) delete metadata[key];
      else metadata[key] = value as JsonObject[string];
    }
    if (JSON.stringify(metadata).length > 16_000) throw new ApiError(400, 'invalid_request', "the contact's metadata would exceed 16000 characters");
    const [updated] = await tx
      .update(c)
      .set({ ...(patch.name !== undefined ? { nome: patch.name } : {}), metadata, updatedAt: new Date() })
      .where(and(eq(c.id, row.id), eq(c.clientId, clientId)))
      .returning();
    const view = contactView(updated!);
    await emitDomainEvent(app, tx, { clientId, type: 'contact.updated', data: { contact: view } as unknown as JsonObject, orderingKey: `contact:${row.id}` });
    return view;
  });
}
