// The verify token Meta sends back in the webhook handshake (GET hub.verify_token). Unlike the
// other Meta secrets it is shown to the client's administrators: they paste it into Meta's console.
// We generate it, so it is long and random, and a client never has to invent one.
import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';

export const VERIFY_TOKEN_SECRET_NAME = 'meta_verify_token';

export function newVerifyToken(): string {
  return `uzz-${randomBytes(24).toString('base64url')}`;
}

/**
 * The client's verify token, stored first when it has none. Two requests at once store one token
 * between them: the column is set only while still empty, and the loser drops its own secret and
 * reads the winner's.
 */
export async function ensureVerifyToken(app: AppContext, tx: Tx, clientId: string): Promise<string> {
  const { clients } = app.db.t;
  const current = async () =>
    (await tx.select({ secretId: clients.metaVerifyTokenSecretId }).from(clients).where(eq(clients.id, clientId)))[0]?.secretId ?? null;
  const existing = await current();
  if (existing) return app.vault.read(tx, existing);
  const value = newVerifyToken();
  const secretId = await app.vault.store(tx, { clientId, name: VERIFY_TOKEN_SECRET_NAME, value });
  const claimed = await tx
    .update(clients)
    .set({ metaVerifyTokenSecretId: secretId })
    .where(and(eq(clients.id, clientId), isNull(clients.metaVerifyTokenSecretId)))
    .returning({ id: clients.id });
  if (claimed.length > 0) return value;
  await app.vault.remove(tx, secretId);
  const winner = await current();
  if (!winner) throw new Error('the verify token disappeared while it was being created');
  return app.vault.read(tx, winner);
}
