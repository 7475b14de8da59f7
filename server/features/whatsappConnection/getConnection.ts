// What the WhatsApp connection wizard shows: the real number's ids, what Meta last said about it,
// whether the write-only secrets are set (never their values), and what to paste into Meta's
// console: the webhook URL and the verify token (created on first view when there is none).
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { WEBHOOK_PATH } from '../whatsapp/index.js';
import { ensureVerifyToken } from './verifyToken.js';

export type WhatsappConnection = Awaited<ReturnType<typeof getConnection>>;

/** `origin`: how the administrator reaches this server (scheme://host[:port]); the wizard lets them change it when a proxy stands in front. */
export async function getConnection(app: AppContext, clientId: string, origin: string | null) {
  const { clients } = app.db.t;
  return app.db.tenant(clientId, async (tx) => {
    const verifyToken = await ensureVerifyToken(app, tx, clientId);
    const [row] = await tx.select().from(clients).where(eq(clients.id, clientId));
    if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'no client with this id' });
    return {
      configured: row.metaPhoneNumberId !== null && row.metaAccessTokenSecretId !== null,
      phoneNumberId: row.metaPhoneNumberId,
      wabaId: row.metaWabaId,
      displayPhone: row.metaDisplayPhone,
      verifiedName: row.metaVerifiedName,
      qualityRating: row.metaQualityRating,
      verifiedAt: row.metaVerifiedAt,
      tokenSet: row.metaAccessTokenSecretId !== null,
      appSecretSet: row.metaAppSecretSecretId !== null,
      /** The platform's WHATSAPP_APP_SECRET checks webhooks when the client has none of its own. */
      platformAppSecret: Boolean(app.config.whatsapp.appSecret),
      verifyToken,
      webhookPath: WEBHOOK_PATH,
      webhookUrl: origin ? `${origin}${WEBHOOK_PATH}` : null,
    };
  });
}
