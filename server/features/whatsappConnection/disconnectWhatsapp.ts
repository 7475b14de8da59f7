// Removes the client's real WhatsApp number: the ids and what Meta said about it are cleared and
// the access token, app secret and verify token are deleted from the vault. Webhooks for the old
// phone number id are no longer routed to the client, and sends stop (no credentials).
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { forgetGraphCredentials } from '../whatsapp/index.js';
import { forgetWebhookClients } from '../whatsapp/index.js';

export async function disconnectWhatsapp(app: AppContext, clientId: string): Promise<{ disconnected: boolean }> {
  const { clients } = app.db.t;
  const disconnected = await app.db.tenant(clientId, async (tx) => {
    const [row] = await tx.select().from(clients).where(eq(clients.id, clientId));
    if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'no client with this id' });
    const secretIds = [row.metaAccessTokenSecretId, row.metaAppSecretSecretId, row.metaVerifyTokenSecretId].filter((id): id is string => id !== null);
    // A verify token alone is no connection (viewing the wizard creates one).
    const had = row.metaPhoneNumberId !== null || row.metaAccessTokenSecretId !== null || row.metaAppSecretSecretId !== null;
    await tx
      .update(clients)
      .set({
        metaPhoneNumberId: null,
        metaWabaId: null,
        metaDisplayPhone: null,
        metaVerifiedName: null,
        metaQualityRating: null,
        metaVerifiedAt: null,
        metaAccessTokenSecretId: null,
        metaAppSecretSecretId: null,
        metaVerifyTokenSecretId: null,
      })
      .where(eq(clients.id, clientId));
    for (const id of secretIds) await app.vault.remove(tx, id);
    return had;
  });
  forgetGraphCredentials(app, clientId);
  forgetWebhookClients(app);
  return { disconnected };
}
