// The GET handshake's hub.verify_token is accepted when it is some client's verify token or the
// platform's WHATSAPP_VERIFY_TOKEN. The handshake carries no phone number id, so every client's
// token is a candidate; compared in constant time.
import { timingSafeEqual } from 'node:crypto';
import { isNotNull } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';

const same = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

export async function verifyTokenMatches(app: AppContext, token: string): Promise<boolean> {
  if (token === '') return false;
  const platform = app.config.whatsapp.verifyToken;
  if (platform && same(platform, token)) return true;
  const { clients } = app.db.t;
  return app.db.system(async (tx) => {
    const rows = await tx.select({ secretId: clients.metaVerifyTokenSecretId }).from(clients).where(isNotNull(clients.metaVerifyTokenSecretId));
    let match = false;
    for (const row of rows) {
      if (same(await app.vault.read(tx, row.secretId!), token)) match = true;
    }
    return match;
  });
}
