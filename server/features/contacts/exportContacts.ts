// contacts.export: the filtered list as CSV (UTF-8 with a BOM so spreadsheet apps read accents):
// name, phone, consent, labels, last contact and one column per custom attribute.
import { asc, sql } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import type { ContactFilter } from './contactInput.js';
import { loadAttributeDefinitions } from './contactAttributes.js';
import { contactViews } from './contactView.js';
import { contactWhere, lastContactColumn } from './contactWhere.js';
import { searchContactIds } from './searchContactIds.js';

export const EXPORT_LIMIT = 100_000;

export function csvCell(value: string | null | undefined): string {
  const text = value ?? '';
  // A leading = + - @ would be a formula in a spreadsheet: quote it behind an apostrophe.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export async function exportContacts(db: Database, clientId: string, filter: ContactFilter): Promise<{ fileName: string; csv: string; rows: number }> {
  const { clientesWhatsapp: c } = db.t;
  const searchHits = await searchContactIds(db, clientId, filter.search);
  return db.tenant(clientId, async (tx) => {
    const definitions = [...(await loadAttributeDefinitions(db, tx, clientId)).values()];
    const rows = await tx
      .select({ row: c, lastContactAt: lastContactColumn(db, clientId) })
      .from(c)
      .where(contactWhere(db, tx, clientId, filter, searchHits))
      .orderBy(asc(sql`coalesce(${c.nome}, '')`), asc(c.telefone))
      .limit(EXPORT_LIMIT);
    const header = ['name', 'phone', 'status', 'opted_in_at', 'opted_out_at', 'labels', 'last_contact_at', ...definitions.map((d) => d.key)];
    const lines = [header.map(csvCell).join(',')];
    for (let start = 0; start < rows.length; start += 1000) {
      for (const view of await contactViews(db, tx, clientId, rows.slice(start, start + 1000))) {
        lines.push(
          [
            view.name,
            view.phone,
            view.status,
            view.consent.optedInAt,
            view.consent.optedOutAt,
            view.labels.map((label) => label.name).join('|'),
            view.lastContactAt,
            ...definitions.map((d) => view.attributes[d.key] ?? ''),
          ]
            .map(csvCell)
            .join(','),
        );
      }
    }
    return { fileName: `contacts-${new Date().toISOString().slice(0, 10)}.csv`, csv: `\uFEFF${lines.join('\r\n')}\r\n`, rows: rows.length };
  });
}
