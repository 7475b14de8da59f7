// Disconnects one provider: its key leaves the vault, its columns are cleared, and when it was the
// AI reply's provider another connected one takes its place (or none: the reply then sends the
// client's fallback message, see botReply).
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { AI_PROVIDER_KINDS, type AiProviderKind } from '#shared/domain/aiProviders.js';
import type { AppContext } from '#server/app/appContext.js';
import { connectionColumns, connectionUpdate, isConnected, readClientRowForUpdate } from './providerConnections.js';

export async function removeProviderConnection(app: AppContext, clientId: string, kind: AiProviderKind): Promise<{ ok: true; primary: AiProviderKind | null }> {
  const { clients } = app.db.t;
  return app.db.tenant(clientId, async (tx) => {
    const client = await readClientRowForUpdate(app, tx, clientId);
    if (!client) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such client' });
    const current = connectionColumns(client, kind);
    if (!isConnected(kind, current)) throw new TRPCError({ code: 'NOT_FOUND', message: `${kind} is not connected` });
    let primary = client.primaryModelProvider as AiProviderKind | null;
    if (primary === kind) primary = AI_PROVIDER_KINDS.find((other) => other !== kind && isConnected(other, connectionColumns(client, other))) ?? null;
    // The column first: the secret may not go while a row still points at it.
    await tx
      .update(clients)
      .set({ ...connectionUpdate(kind, { keyId: null, model: null, baseUrl: null }), primaryModelProvider: primary })
      .where(eq(clients.id, clientId));
    if (current.keyId) await app.vault.remove(tx, current.keyId);
    return { ok: true, primary };
  });
}
