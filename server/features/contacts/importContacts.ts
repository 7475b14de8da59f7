// CSV import: preview (headers, first rows, a suggested mapping), then an import job on the durable
// job runner (`contacts.import`) that reads the file in chunks of 500 rows. Each chunk commits its
// contacts with the import's progress, so a restart resumes after the last committed chunk and never
// imports a row twice. Rows are de-duplicated by canonical number (within the file: the first row
// wins, later ones are reported; an existing contact is updated: name, attributes). Every refused
// row is reported with its line and reason. Consent recorded by the import never overrides an opt-out.
// Each imported contact raises contact.created or contact.updated in its chunk's transaction, as an
// edit in the app does: a CRM synced through the event webhooks sees imported customers too.
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { emitDomainEvent } from '#server/app/domainEvents.js';
import type { Database } from '#server/db/openDatabase.js';
import type { Tx } from '#server/db/tables.js';
import { PermanentJobError, type RunningJob } from '#server/jobs/index.js';
import { AttributeValueError, normaliseAttributeValue, type AttributeDefinition } from './attributeValue.js';
import { loadAttributeDefinitions } from './contactAttributes.js';
import { badRequest, notFound } from './contactErrors.js';
import { addContactLabels, assertLabels } from './contactLabels.js';
import { contactPhone } from './saveContact.js';
import { readCsv, suggestMapping, type ImportTarget } from './importCsv.js';

export const IMPORT_JOB = 'contacts.import';
export const IMPORT_EVENT = 'contacts.import';
const CHUNK = 500;
const MAX_REPORTED_ERRORS = 1000;

export async function previewImport(db: Database, clientId: string, csv: string) {
  const { headers, rows } = readCsv(csv);
  const definitions = await db.tenant(clientId, (tx) => loadAttributeDefinitions(db, tx, clientId));
  return { headers, sample: rows.slice(0, 10), totalRows: rows.length, mapping: suggestMapping(headers, [...definitions.keys()]) };
}

export type StartImport = { fileName: string; csv: string; mapping: Record<string, string>; labelIds?: string[] | undefined; optIn?: boolean | undefined };

export async function startImport(app: AppContext, clientId: string, userId: string, input: StartImport) {
  const { headers, rows } = readCsv(input.csv);
  const targets = Object.values(input.mapping);
  for (const header of Object.keys(input.mapping)) if (!headers.includes(header)) throw badRequest(`the file has no column "${header}"`);
  if (targets.filter((target) => target === 'phone').length !== 1) throw badRequest('map exactly one column to the phone number');
  const mapped = targets.filter((target) => target !== 'ignore');
  if (new Set(mapped).size !== mapped.length) throw badRequest('two columns are mapped to the same field: map each field once');
  const { contactImports } = app.db.t;
  return app.db.tenant(clientId, async (tx) => {
    const definitions = await loadAttributeDefinitions(app.db, tx, clientId);
    for (const target of targets) {
      if (target === 'name' || target === 'phone' || target === 'ignore') continue;
      if (!target.startsWith('attr:') || !definitions.has(target.slice(5))) throw badRequest(`"${target}" is not a contact field or attribute`);
    }
    const labelIds = await assertLabels(app.db, tx, clientId, input.labelIds ?? []);
    const [row] = await tx
      .insert(contactImports)
      .values({
        clientId,
        createdBy: userId,
        fileName: input.fileName,
        csv: input.csv,
        mapping: { columns: input.mapping, optIn: input.optIn ?? false },
        labelIds,
        totalRows: rows.length,
      })
      .returning();
    await app.jobs.enqueue(tx, { type: IMPORT_JOB, clientId, dedupeKey: `${IMPORT_JOB}:${row!.id}`, payload: { importId: row!.id } });
    return importView(row!);
  });
}

type ImportRow = AppContext['db']['t']['contactImports']['$inferSelect'];
export function importView(row: ImportRow) {
  return {
    id: row.id,
    fileName: row.fileName,
    status: row.status,
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    created: row.createdCount,
    updated: row.updatedCount,
    failed: row.failedCount,
    errors: row.errors,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function getImport(db: Database, clientId: string, id: string) {
  const { contactImports } = db.t;
  const [row] = await db.tenant(clientId, (tx) =>
    tx
      .select()
      .from(contactImports)
      .where(and(eq(contactImports.id, id), eq(contactImports.clientId, clientId))),
  );
  if (!row) throw notFound('import');
  return importView(row);
}

export function registerImportJob(app: AppContext): void {
  app.jobs.register(IMPORT_JOB, (job) => runImport(app, job), { maxAttempts: 5, backoffMs: 1_000, backoffMaxMs: 60_000 });
}

type Parsed = { line: number; phone: string; name: string | null; values: [string, string][] };

function parseRow(
  row: string[],
  line: number,
  headers: string[],
  columns: Record<string, ImportTarget>,
  definitions: Map<string, AttributeDefinition>,
): Parsed {
  let phone: string | null = null;
  let name: string | null = null;
  const values: [string, string][] = [];
  headers.forEach((header, index) => {
    const target = columns[header];
    const cell = (row[index] ?? '').trim();
    if (!target || target === 'ignore') return;
    if (target === 'phone') {
      phone = contactPhone(cell);
      if (!phone) throw new AttributeValueError(cell === '' ? 'no phone number' : `"${cell}" is not a phone number`);
    } else if (target === 'name') {
      name = cell === '' ? null : cell.slice(0, 200);
    } else if (cell !== '') {
      const definition = definitions.get(target.slice(5));
      if (definition) values.push([definition.key, normaliseAttributeValue(definition, cell)]);
    }
  });
  return { line, phone: phone!, name, values };
}

async function runImport(app: AppContext, job: RunningJob): Promise<void> {
  const importId = job.payload.importId;
  if (!job.clientId || typeof importId !== 'string') throw new PermanentJobError('an import job without its client or import');
  const clientId = job.clientId;
  const { contactImports } = app.db.t;
  const [row] = await app.db.tenant(clientId, (tx) =>
    tx
      .select()
      .from(contactImports)
      .where(and(eq(contactImports.id, importId), eq(contactImports.clientId, clientId))),
  );
  if (!row || row.status === 'done' || row.status === 'failed') return;
  const { headers, rows } = readCsv(row.csv);
  const mapping = row.mapping as { columns: Record<string, ImportTarget>; optIn: boolean };
  // Numbers seen in earlier rows (committed chunks included): a later row with one is a duplicate.
  const seen = new Map<string, number>();
  for (let index = 0; index < row.processedRows; index++) {
    const phone = phoneOf(rows[index]!, headers, mapping.columns);
    if (phone && !seen.has(phone)) seen.set(phone, index + 2);
  }
  for (let start = row.processedRows; start < rows.length; start += CHUNK) {
    if (job.signal.aborted) return;
    const chunk = rows.slice(start, start + CHUNK);
    const updated = await app.db.tenant(clientId, (tx) =>
      importChunk(app, tx, { clientId, importId, start, chunk, headers, mapping, labelIds: row.labelIds, seen }),
    );
    app.events.publish(clientId, IMPORT_EVENT, importView(updated));
  }
  const [done] = await app.db.tenant(clientId, (tx) =>
    tx
      .update(contactImports)
      .set({ status: 'done' })
      .where(and(eq(contactImports.id, importId), eq(contactImports.clientId, clientId)))
      .returning(),
  );
  if (done) app.events.publish(clientId, IMPORT_EVENT, importView(done));
}

function phoneOf(row: string[], headers: string[], columns: Record<string, ImportTarget>): string | null {
  const index = headers.findIndex((header) => columns[header] === 'phone');
  return contactPhone(row[index] ?? '');
}

async function importChunk(
  app: AppContext,
  tx: Tx,
  work: {
    clientId: string;
    importId: string;
    start: number;
    chunk: string[][];
    headers: string[];
    mapping: { columns: Record<string, ImportTarget>; optIn: boolean };
    labelIds: string[];
    seen: Map<string, number>;
  },
): Promise<ImportRow> {
  const { clientId, importId, start, chunk, headers, mapping, seen } = work;
  const { contactImports, clientesWhatsapp: c, contactAttributeValues: v } = app.db.t;
  // Locks the import row: a second runner (an expired lease) waits, then sees the moved progress.
  const [current] = await tx
    .update(contactImports)
    .set({ status: 'running' })
    .where(and(eq(contactImports.id, importId), eq(contactImports.clientId, clientId)))
    .returning();
  if (!current || current.processedRows !== start) throw new Error('the import moved on under this runner: retrying from its progress');
  const definitions = await loadAttributeDefinitions(app.db, tx, clientId);
  const errors: { row: number; reason: string }[] = [];
  const parsed: Parsed[] = [];
  chunk.forEach((cells, offset) => {
    const line = start + offset + 2; // 1-based, after the header
    try {
      const row = parseRow(cells, line, headers, mapping.columns, definitions);
      const first = seen.get(row.phone);
      if (first !== undefined) throw new AttributeValueError(`the number ${row.phone} is already on line ${first}`);
      seen.set(row.phone, line);
      parsed.push(row);
    } catch (error) {
      if (!(error instanceof AttributeValueError)) throw error;
      errors.push({ row: line, reason: error.message });
    }
  });
  const phones = parsed.map((row) => row.phone);
  const existing = phones.length
    ? await tx
        .select({ id: c.id, telefone: c.telefone, nome: c.nome })
        .from(c)
        .where(and(eq(c.clientId, clientId), inArray(c.telefone, phones)))
    : [];
  const byPhone = new Map(existing.map((row) => [row.telefone, row]));
  const fresh = parsed.filter((row) => !byPhone.has(row.phone));
  const now = new Date();
  if (fresh.length) {
    const inserted = await tx
      .insert(c)
      .values(
        fresh.map((row) => ({
          clientId,
          telefone: row.phone,
          nome: row.name,
          ...(mapping.optIn ? { optedInAt: now, optInSource: `import:${importId}` } : {}),
        })),
      )
      .returning({ id: c.id, telefone: c.telefone, nome: c.nome });
    for (const row of inserted) byPhone.set(row.telefone, row);
  }
  const renamed = parsed.filter((row) => row.name && existing.some((found) => found.telefone === row.phone && found.nome !== row.name));
  for (const row of renamed) {
    await tx
      .update(c)
      .set({ nome: row.name })
      .where(and(eq(c.clientId, clientId), eq(c.id, byPhone.get(row.phone)!.id)));
  }
  if (mapping.optIn && existing.length) {
    await tx
      .update(c)
      .set({ optedInAt: now, optInSource: `import:${importId}` })
      .where(
        and(
          eq(c.clientId, clientId),
          inArray(
            c.id,
            existing.map((row) => row.id),
          ),
          ne(c.status, 'opted_out'),
        ),
      );
  }
  const values = parsed.flatMap((row) => row.values.map(([key, value]) => ({ clientId, contactId: byPhone.get(row.phone)!.id, key, value })));
  for (let offset = 0; offset < values.length; offset += 500) {
    await tx
      .insert(v)
      .values(values.slice(offset, offset + 500))
      .onConflictDoUpdate({ target: [v.contactId, v.key], set: { value: sql`excluded.value` } });
  }
  if (work.labelIds.length) {
    await addContactLabels(
      app.db,
      tx,
      clientId,
      parsed.map((row) => byPhone.get(row.phone)!.id),
      work.labelIds,
    );
  }
  for (const row of parsed) {
    const contact = byPhone.get(row.phone)!;
    const created = fresh.includes(row);
    await emitDomainEvent(app, tx, {
      clientId,
      type: created ? 'contact.created' : 'contact.updated',
      data: { contact: { id: contact.id, phone: row.phone, name: row.name ?? contact.nome }, source: 'import', importId },
      orderingKey: `contact:${contact.id}`,
    });
  }
  const reported = [...current.errors, ...errors].slice(0, MAX_REPORTED_ERRORS);
  const [updated] = await tx
    .update(contactImports)
    .set({
      processedRows: start + chunk.length,
      createdCount: current.createdCount + fresh.length,
      updatedCount: current.updatedCount + (parsed.length - fresh.length),
      failedCount: current.failedCount + errors.length,
      errors: reported,
    })
    .where(and(eq(contactImports.id, importId), eq(contactImports.clientId, clientId)))
    .returning();
  return updated!;
}
