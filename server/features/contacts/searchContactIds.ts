// Contact search on PostgreSQL: the ids of the client's contacts whose name, number or an attribute
// value contains the query, looked up before the list's own query. Under row-level security the
// pg_trgm indexes cannot serve ILIKE (an index condition runs before the policy only for leakproof
// operators, and ILIKE is not one), so in the tenant's context every search read all the client's
// contacts (190 ms p95 over 100,000); in the platform context the same lookup, limited to the
// client by its own WHERE, takes the trigram indexes (5 ms). Only ids come out of it: the list
// reads the rows in the tenant's context, where row-level security still filters them. SQLite has
// no row-level security: its search stays inside the list's query (FTS5, contactWhere.ts).
import { and, eq, or } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import { byDialect } from '#server/db/dialect.js';
import { containsText } from './contactWhere.js';
import { phoneSearchVariants } from './phoneSearch.js';

/** The matching ids (PostgreSQL), or null where the list's query searches by itself (SQLite, no search). */
export async function searchContactIds(db: Database, clientId: string, search: string | undefined): Promise<string[] | null> {
  const query = search?.trim();
  if (!query) return null;
  return byDialect<Promise<string[] | null>>(db, {
    sqlite: async () => null,
    pg: () =>
      db.system(async (tx) => {
        const { clientesWhatsapp: c, contactAttributeValues: v } = db.t;
        const phones = phoneSearchVariants(query);
        const [byNameOrNumber, byAttribute] = [
          await tx
            .select({ id: c.id })
            .from(c)
            .where(and(eq(c.clientId, clientId), or(containsText(db, c.nome, query), ...phones.map((digits) => containsText(db, c.telefone, digits))))),
          await tx
            .select({ id: v.contactId })
            .from(v)
            .where(and(eq(v.clientId, clientId), containsText(db, v.value, query))),
        ];
        return [...new Set([...byNameOrNumber, ...byAttribute].map((row) => row.id))];
      }),
  });
}
