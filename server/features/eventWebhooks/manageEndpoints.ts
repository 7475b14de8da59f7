// Endpoints, managed by the client's admins: register (the secret is returned once), edit, enable
// again, delete, rotate the secret (the old one keeps signing beside the new one for a while).
import { TRPCError } from '@trpc/server';
import { and, desc, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tables } from '#server/db/tables.js';
import { outboundUrlProblem } from '#server/net/outboundUrlProblem.js';
import { newWebhookSecret } from './signWebhook.js';
import { forgetEndpoints } from './subscribedEndpoints.js';
import { webhookSettings } from './webhookSettings.js';

type EndpointRow = Tables['webhookEndpoints']['$inferSelect'];
const MAX_ENDPOINTS = 20;

export function endpointView(row: EndpointRow) {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events,
    isActive: row.isActive,
    disabledAt: row.disabledAt,
    disabledReason: row.disabledReason,
    failingSince: row.failingSince,
    previousSecretUntil: row.previousSecretUntil && row.previousSecretUntil > new Date() ? row.previousSecretUntil : null,
    createdAt: row.createdAt,
  };
}

const notFound = () => new TRPCError({ code: 'NOT_FOUND', message: 'no such webhook endpoint' });

async function assertUrlAllowed(app: AppContext, url: string) {
  const problem = await outboundUrlProblem(url, app.config.allowPrivateNetwork);
  if (problem) throw new TRPCError({ code: 'BAD_REQUEST', message: `the webhook URL cannot be used: ${problem}` });
}

export async function listEndpoints(app: AppContext, clientId: string) {
  const { webhookEndpoints: w } = app.db.t;
  const rows = await app.db.tenant(clientId, (tx) => tx.select().from(w).where(eq(w.clientId, clientId)).orderBy(desc(w.createdAt)));
  return rows.map(endpointView);
}

export async function createEndpoint(app: AppContext, clientId: string, input: { url: string; events: string[]; description: string | null }) {
  await assertUrlAllowed(app, input.url);
  const { webhookEndpoints: w } = app.db.t;
  const secret = newWebhookSecret();
  const row = await app.db.tenant(clientId, async (tx) => {
    const existing = await tx.select({ id: w.id }).from(w).where(eq(w.clientId, clientId));
    if (existing.length >= MAX_ENDPOINTS) throw new TRPCError({ code: 'BAD_REQUEST', message: `a client may have at most ${MAX_ENDPOINTS} webhook endpoints` });
    const secretId = await app.vault.store(tx, { clientId, name: 'webhook signing secret', value: secret });
    const [created] = await tx
      .insert(w)
      .values({ clientId, url: input.url, events: [...new Set(input.events)], description: input.description, secretId })
      .returning();
    return created!;
  });
  forgetEndpoints(app, clientId);
  return { endpoint: endpointView(row), secret };
}

export async function updateEndpoint(
  app: AppContext,
  clientId: string,
  input: { id: string; url?: string; events?: string[]; description?: string | null; isActive?: boolean },
) {
  if (input.url !== undefined) await assertUrlAllowed(app, input.url);
  const { webhookEndpoints: w } = app.db.t;
  const [row] = await app.db.tenant(clientId, (tx) =>
    tx
      .update(w)
      .set({
        ...(input.url !== undefined ? { url: input.url } : {}),
        ...(input.events !== undefined ? { events: [...new Set(input.events)] } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        // Enabling again starts afresh: a new day before it can be disabled for failing.
        ...(input.isActive === true ? { isActive: true, disabledAt: null, disabledReason: null, failingSince: null } : {}),
        ...(input.isActive === false ? { isActive: false, disabledAt: new Date(), disabledReason: 'disabled by an admin' } : {}),
      })
      .where(and(eq(w.id, input.id), eq(w.clientId, clientId)))
      .returning(),
  );
  if (!row) throw notFound();
  forgetEndpoints(app, clientId);
  return endpointView(row);
}

export async function deleteEndpoint(app: AppContext, clientId: string, id: string) {
  const { webhookEndpoints: w } = app.db.t;
  await app.db.tenant(clientId, async (tx) => {
    const [row] = await tx
      .delete(w)
      .where(and(eq(w.id, id), eq(w.clientId, clientId)))
      .returning();
    if (!row) throw notFound();
    await app.vault.remove(tx, row.secretId);
    if (row.previousSecretId) await app.vault.remove(tx, row.previousSecretId);
  });
  forgetEndpoints(app, clientId);
  return { ok: true };
}

/** A new secret, returned once; the previous one keeps signing (a second signature) for the overlap. */
export async function rotateSecret(app: AppContext, clientId: string, id: string) {
  const { webhookEndpoints: w } = app.db.t;
  const secret = newWebhookSecret();
  const until = new Date(Date.now() + webhookSettings(app).rotationOverlapMs);
  await app.db.tenant(clientId, async (tx) => {
    const [row] = await tx
      .select()
      .from(w)
      .where(and(eq(w.id, id), eq(w.clientId, clientId)));
    if (!row) throw notFound();
    // The secret before the previous one (a second rotation within the overlap) stops now.
    if (row.previousSecretId) await app.vault.remove(tx, row.previousSecretId);
    const secretId = await app.vault.store(tx, { clientId, name: 'webhook signing secret', value: secret });
    await tx
      .update(w)
      .set({ secretId, previousSecretId: row.secretId, previousSecretUntil: until })
      .where(and(eq(w.id, id), eq(w.clientId, clientId)));
  });
  return { secret, previousSecretValidUntil: until };
}
