// The WHERE of a contact filter (list, export, a campaign's audience): every condition on the
// tenant's rows. Search is "contains" on the name, the number and attribute values: ILIKE served by
// pg_trgm GIN indexes on PostgreSQL; on SQLite the name and number through the FTS5 trigram table
// clientes_whatsapp_search (migrations/sqlite/0016), attribute values with LIKE.
import { and, eq, exists, gte, inArray, isNotNull, lte, ne, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Tx } from '#server/db/tables.js';
import type { Database } from '#server/db/openDatabase.js';
import { byDialect } from '#server/db/dialect.js';
import type { ContactFilter } from './contactInput.js';
import { phoneSearchVariants } from './phoneSearch.js';

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (char) => `\\${char}`);

export function containsText(db: Database, column: SQLWrapper, value: string): SQL {
  const op = byDialect(db, { pg: () => sql.raw('ilike'), sqlite: () => sql.raw('like') });
  return sql`${column} ${op} ${`%${escapeLike(value)}%`} escape '\\'`;
}

/** An FTS5 string: the query taken literally (quotes doubled), never as FTS5 syntax. */
const ftsString = (value: string) => `"${value.replace(/"/g, '""')}"`;

/**
 * The contact's name contains the query, or its number one of the digit strings. A trigram index
 * serves both on each database; it needs three characters, so a shorter query on SQLite scans.
 */
function nameOrNumberContains(db: Database, search: string, phones: string[]): SQL {
  const { clientesWhatsapp: c } = db.t;
  const scan = () => or(containsText(db, c.nome, search), ...phones.map((digits) => containsText(db, c.telefone, digits)))!;
  return byDialect(db, {
    pg: scan,
    sqlite: () => {
      if ([search, ...phones].some((text) => [...text].length < 3)) return scan();
      const match = [`nome : ${ftsString(search)}`, ...phones.map((digits) => `telefone : ${ftsString(digits)}`)].join(' OR ');
      return sql`${c}.rowid in (select rowid from clientes_whatsapp_search where clientes_whatsapp_search match ${match})`;
    },
  });
}

/** The last time the contact and the business exchanged a message (their conversation's last update). */
export function lastContactColumn(db: Database, clientId: string): SQL<Date | null> {
  const { conversations, clientesWhatsapp } = db.t;
  return sql`(select max(${conversations.lastUpdate}) from ${conversations} where ${conversations.clientId} = ${clientId} and ${conversations.phone} = ${clientesWhatsapp.telefone})`.mapWith(
    conversations.lastUpdate,
  ) as SQL<Date | null>;
}

/**
 * `searchHits`: on PostgreSQL, the ids searchContactIds found for `filter.search` (the search then
 * is "one of these"); null where this query searches by itself.
 */
export function contactWhere(db: Database, tx: Tx, clientId: string, filter: ContactFilter, searchHits: string[] | null = null): SQL {
  const { clientesWhatsapp: c, contactLabels, contactAttributeValues: v, conversations } = db.t;
  const conditions: (SQL | undefined)[] = [eq(c.clientId, clientId)];
  const search = filter.search?.trim();
  if (search && searchHits) {
    conditions.push(sql`${c.id} = any(${sql.param(searchHits)}::uuid[])`);
  } else if (search) {
    const phones = phoneSearchVariants(search);
    conditions.push(
      or(
        nameOrNumberContains(db, search, phones),
        // Uncorrelated: the values matching (a trigram index scan on PostgreSQL), then their contacts.
        inArray(
          c.id,
          tx
            .select({ id: v.contactId })
            .from(v)
            .where(and(eq(v.clientId, clientId), containsText(db, v.value, search))),
        ),
      ),
    );
  }
  for (const labelId of new Set(filter.labelIds ?? [])) {
    conditions.push(
      exists(
        tx
          .select({ one: sql`1` })
          .from(contactLabels)
          .where(and(eq(contactLabels.clientId, clientId), eq(contactLabels.contactId, c.id), eq(contactLabels.labelId, labelId))),
      ),
    );
  }
  if (filter.attribute) {
    conditions.push(
      exists(
        tx
          .select({ one: sql`1` })
          .from(v)
          .where(
            and(eq(v.clientId, clientId), eq(v.contactId, c.id), eq(v.key, filter.attribute.key), sql`lower(${v.value}) = lower(${filter.attribute.value})`),
          ),
      ),
    );
  }
  switch (filter.consent ?? 'any') {
    case 'subscribed':
      conditions.push(ne(c.status, 'opted_out'));
      break;
    case 'opted_in':
      conditions.push(ne(c.status, 'opted_out'), isNotNull(c.optedInAt));
      break;
    case 'opted_out':
      conditions.push(eq(c.status, 'opted_out'));
      break;
    case 'any':
      break;
  }
  if (filter.lastContactAfter || filter.lastContactBefore) {
    const range = [
      eq(conversations.clientId, clientId),
      eq(conversations.phone, c.telefone),
      filter.lastContactAfter ? gte(conversations.lastUpdate, new Date(filter.lastContactAfter)) : undefined,
      filter.lastContactBefore ? lte(conversations.lastUpdate, new Date(filter.lastContactBefore)) : undefined,
    ];
    conditions.push(
      exists(
        tx
          .select({ one: sql`1` })
          .from(conversations)
          .where(and(...range)),
      ),
    );
  }
  return and(...conditions)!;
}
