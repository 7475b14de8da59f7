// How a contact is shown: profile, consent, labels and attribute values (loaded for a page at once).
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import type { Tables, Tx } from '#server/db/tables.js';

type ContactRow = Tables['clientesWhatsapp']['$inferSelect'];
export type LabelView = { id: string; name: string; color: string };

export type ContactView = {
  id: string;
  name: string | null;
  phone: string;
  status: 'active' | 'opted_out';
  isTest: boolean;
  consent: { optedInAt: string | null; optInSource: string | null; optedOutAt: string | null; optOutSource: string | null };
  lastContactAt: string | null;
  labels: LabelView[];
  attributes: Record<string, string>;
  createdAt: string;
};

export async function contactViews(db: Database, tx: Tx, clientId: string, rows: { row: ContactRow; lastContactAt: Date | null }[]): Promise<ContactView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map(({ row }) => row.id);
  const { contactLabels, labels, contactAttributeValues } = db.t;
  const labelRows = await tx
    .select({ contactId: contactLabels.contactId, id: labels.id, name: labels.name, color: labels.color })
    .from(contactLabels)
    .innerJoin(labels, and(eq(labels.id, contactLabels.labelId), eq(labels.clientId, clientId)))
    .where(and(eq(contactLabels.clientId, clientId), inArray(contactLabels.contactId, ids)))
    .orderBy(asc(labels.name));
  const valueRows = await tx
    .select()
    .from(contactAttributeValues)
    .where(and(eq(contactAttributeValues.clientId, clientId), inArray(contactAttributeValues.contactId, ids)));
  return rows.map(({ row, lastContactAt }) => ({
    id: row.id,
    name: row.nome,
    phone: row.telefone,
    status: row.status === 'opted_out' ? 'opted_out' : 'active',
    isTest: row.isTest,
    consent: {
      optedInAt: row.optedInAt?.toISOString() ?? null,
      optInSource: row.optInSource,
      optedOutAt: row.optedOutAt?.toISOString() ?? null,
      optOutSource: row.optOutSource,
    },
    lastContactAt: lastContactAt ? new Date(lastContactAt).toISOString() : null,
    labels: labelRows.filter((label) => label.contactId === row.id).map(({ id, name, color }) => ({ id, name, color })),
    attributes: Object.fromEntries(valueRows.filter((value) => value.contactId === row.id).map((value) => [value.key, value.value])),
    createdAt: row.createdAt.toISOString(),
  }));
}
