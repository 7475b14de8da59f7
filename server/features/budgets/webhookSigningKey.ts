// The key a client's notification webhook uses to verify our POSTs: made on first use and kept in
// the vault (named per client), so it survives restarts and can be shown to the client's admin.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';

export const WEBHOOK_SIGNING_SECRET_NAME = 'notification_webhook_signing_key';

export async function webhookSigningKey(app: AppContext, tx: Tx, clientId: string): Promise<string> {
  const { secrets } = app.db.t;
  const [existing] = await tx
    .select({ id: secrets.id })
    .from(secrets)
    .where(and(eq(secrets.clientId, clientId), eq(secrets.name, WEBHOOK_SIGNING_SECRET_NAME)));
  if (existing) return app.vault.read(tx, existing.id);
  const key = `whsec_${randomBytes(24).toString('base64url')}`;
  await app.vault.store(tx, { clientId, name: WEBHOOK_SIGNING_SECRET_NAME, value: key });
  return key;
}
