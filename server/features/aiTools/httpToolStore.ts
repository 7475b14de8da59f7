// The client's HTTP tools for the settings page (aiTools.* procedures): listed without header
// values; saved (created or replaced) with each header value sealed in the vault (an empty value
// keeps the one stored under that header's name); deleted with their secrets.
import { TRPCError } from '@trpc/server';
import { and, asc, eq } from 'drizzle-orm';
import type { HttpToolInput, HttpToolView } from '#shared/bot/aiHttpTool.js';
import type { AppContext } from '#server/app/appContext.js';
import type { Tables, Tx } from '#server/db/tables.js';
import { isUniqueViolation } from '#server/db/isUniqueViolation.js';
import type { StoredHeader } from './httpTools.js';

const MAX_TOOLS = 50;
type ToolRow = Tables['aiHttpTools']['$inferSelect'];

const view = (row: ToolRow): HttpToolView => ({
  id: row.id,
  name: row.name,
  description: row.description,
  parameters: row.parameters as HttpToolView['parameters'],
  method: row.method as HttpToolView['method'],
  urlTemplate: row.urlTemplate,
  headers: (row.headers as StoredHeader[]).map((header) => ({ name: header.name, isSet: true })),
  timeoutMs: row.timeoutMs,
  isActive: row.isActive,
  updatedAt: row.updatedAt.toISOString(),
});

export async function listHttpTools(app: AppContext, clientId: string): Promise<HttpToolView[]> {
  const { aiHttpTools } = app.db.t;
  const rows = await app.db.tenant(clientId, (tx) => tx.select().from(aiHttpTools).where(eq(aiHttpTools.clientId, clientId)).orderBy(asc(aiHttpTools.name)));
  return rows.map(view);
}

export async function saveHttpTool(app: AppContext, clientId: string, input: HttpToolInput): Promise<HttpToolView> {
  const { aiHttpTools } = app.db.t;
  const duplicate = () => new TRPCError({ code: 'CONFLICT', message: `there is already a tool named "${input.name}"` });
  try {
    return await app.db.tenant(clientId, async (tx) => {
      const existing = input.id ? await loadTool(app, tx, clientId, input.id) : null;
      if (input.id && !existing) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such tool' });
      if (!existing) {
        const count = await tx.select({ id: aiHttpTools.id }).from(aiHttpTools).where(eq(aiHttpTools.clientId, clientId));
        if (count.length >= MAX_TOOLS) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: `a client has at most ${MAX_TOOLS} HTTP tools` });
      }
      const headers = await sealHeaders(app, tx, clientId, input, existing ? (existing.headers as StoredHeader[]) : []);
      const values = {
        name: input.name,
        description: input.description,
        parameters: input.parameters,
        method: input.method,
        urlTemplate: input.urlTemplate,
        headers,
        timeoutMs: input.timeoutMs,
        isActive: input.isActive,
      };
      if (existing) {
        const [row] = await tx
          .update(aiHttpTools)
          .set(values)
          .where(and(eq(aiHttpTools.id, existing.id), eq(aiHttpTools.clientId, clientId)))
          .returning();
        return view(row!);
      }
      const [row] = await tx
        .insert(aiHttpTools)
        .values({ clientId, ...values })
        .onConflictDoNothing({ target: [aiHttpTools.clientId, aiHttpTools.name] })
        .returning();
      if (!row) throw duplicate();
      return view(row);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'ai_http_tools_client_name_key')) throw duplicate();
    throw error;
  }
}

export async function deleteHttpTool(app: AppContext, clientId: string, id: string): Promise<void> {
  const { aiHttpTools } = app.db.t;
  await app.db.tenant(clientId, async (tx) => {
    const existing = await loadTool(app, tx, clientId, id);
    if (!existing) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such tool' });
    await tx.delete(aiHttpTools).where(and(eq(aiHttpTools.id, id), eq(aiHttpTools.clientId, clientId)));
    for (const header of existing.headers as StoredHeader[]) await app.vault.remove(tx, header.secretId);
  });
}

async function loadTool(app: AppContext, tx: Tx, clientId: string, id: string): Promise<ToolRow | null> {
  const { aiHttpTools } = app.db.t;
  const [row] = await tx
    .select()
    .from(aiHttpTools)
    .where(and(eq(aiHttpTools.id, id), eq(aiHttpTools.clientId, clientId)));
  return row ?? null;
}

async function sealHeaders(app: AppContext, tx: Tx, clientId: string, input: HttpToolInput, previous: StoredHeader[]): Promise<StoredHeader[]> {
  const kept = new Map(previous.map((header) => [header.name.toLowerCase(), header]));
  const sealed: StoredHeader[] = [];
  for (const header of input.headers) {
    const before = kept.get(header.name.toLowerCase());
    kept.delete(header.name.toLowerCase());
    if (header.value === '') {
      if (!before) throw new TRPCError({ code: 'BAD_REQUEST', message: `the header "${header.name}" needs a value` });
      sealed.push({ name: header.name, secretId: before.secretId });
      continue;
    }
    const secretId = await app.vault.upsert(tx, before?.secretId ?? null, { clientId, name: `ai tool ${input.name}: ${header.name}`, value: header.value });
    sealed.push({ name: header.name, secretId });
  }
  for (const dropped of kept.values()) await app.vault.remove(tx, dropped.secretId);
  return sealed;
}
