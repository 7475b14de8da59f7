// contacts.list: a page of the client's contacts matching a filter (search, labels, attribute,
// consent, last contact), by name then number, with the total count.
import { asc, sql } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import type { ContactFilter } from './contactInput.js';
import { contactViews, type ContactView } from './contactView.js';
import { contactWhere, lastContactColumn } from './contactWhere.js';
import { searchContactIds } from './searchContactIds.js';

export async function listContacts(
  db: Database,
  clientId: string,
  input: ContactFilter & { limit: number; offset: number },
): Promise<{ items: ContactView[]; total: number; nextOffset: number | null }> {
  const { clientesWhatsapp: c } = db.t;
  const searchHits = await searchContactIds(db, clientId, input.search);
  return db.tenant(clientId, async (tx) => {
    const where = contactWhere(db, tx, clientId, input, searchHits);
    const rows = await tx
      .select({ row: c, lastContactAt: lastContactColumn(db, clientId) })
      .from(c)
      .where(where)
      .orderBy(asc(sql`coalesce(${c.nome}, '')`), asc(c.telefone))
      .limit(input.limit)
      .offset(input.offset);
    const [count] = await tx
      .select({ total: sql<number>`count(*)` })
      .from(c)
      .where(where);
    const total = Number(count?.total ?? 0);
    const items = await contactViews(db, tx, clientId, rows);
    return { items, total, nextOffset: input.offset + rows.length < total ? input.offset + rows.length : null };
  });
}
