// The sandbox WhatsApp number every client has: an id in the same place as Meta's phone number id
// (webhook metadata, conversations.phone_number_id) and an app secret in the vault that signs its
// webhooks. Created with the client (createClient); clients created before the sandbox existed get
// theirs on first use, race-safe (the first writer wins, the others read its row).
import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import type { Tx } from '#server/db/tables.js';

/** Never numeric, so it cannot collide with a Meta phone number id; within what scanPhoneNumberIds reads. */
export const SANDBOX_PREFIX = 'sandbox-';
/** What the sandbox's webhooks and the test phone show as the business's number (a fictional 555 number). */
export const SANDBOX_DISPLAY_PHONE = '15550100001';

export type SandboxNumber = { clientId: string; phoneNumberId: string; appSecret: string };

export function isSandboxPhoneNumberId(id: string | null | undefined): id is string {
  return typeof id === 'string' && id.startsWith(SANDBOX_PREFIX);
}

const newSandboxId = () => `${SANDBOX_PREFIX}${randomBytes(10).toString('hex')}`;

/** Gives `clientId` its sandbox number inside the caller's (platform) transaction, unless it has one. */
export async function provisionSandboxNumber(app: AppContext, tx: Tx, clientId: string): Promise<string | null> {
  const { clients } = app.db.t;
  const secretId = await app.vault.store(tx, { clientId, name: 'sandbox_app_secret', value: randomBytes(32).toString('hex') });
  const phoneNumberId = newSandboxId();
  const updated = await tx
    .update(clients)
    .set({ sandboxPhoneNumberId: phoneNumberId, sandboxAppSecretSecretId: secretId })
    .where(and(eq(clients.id, clientId), isNull(clients.sandboxPhoneNumberId)))
    .returning({ id: clients.id });
  return updated.length > 0 ? phoneNumberId : null;
}

class LostRace extends Error {}

const cache = perApp<AppContext, Map<string, SandboxNumber>>(() => new Map());

/** The client's sandbox number and secret (created now if the client predates the sandbox). */
export async function sandboxNumberOf(app: AppContext, clientId: string): Promise<SandboxNumber> {
  const hit = cache(app).get(clientId);
  if (hit) return hit;
  const { clients } = app.db.t;
  for (let attempt = 1; ; attempt++) {
    try {
      const value = await app.db.system(async (tx) => {
        const [row] = await tx
          .select({ phoneNumberId: clients.sandboxPhoneNumberId, secretId: clients.sandboxAppSecretSecretId })
          .from(clients)
          .where(eq(clients.id, clientId));
        if (!row) throw new SandboxUnavailableError('client not found');
        if (row.phoneNumberId && row.secretId) {
          return { clientId, phoneNumberId: row.phoneNumberId, appSecret: await app.vault.read(tx, row.secretId) };
        }
        // Another transaction may provision it meanwhile: then nothing is updated, this one rolls
        // back (with its unused secret) and the next attempt reads the winner's row.
        const phoneNumberId = await provisionSandboxNumber(app, tx, clientId);
        if (!phoneNumberId) throw new LostRace();
        const [fresh] = await tx.select({ secretId: clients.sandboxAppSecretSecretId }).from(clients).where(eq(clients.id, clientId));
        return { clientId, phoneNumberId, appSecret: await app.vault.read(tx, fresh!.secretId!) };
      });
      cache(app).set(clientId, value);
      return value;
    } catch (error) {
      if (!(error instanceof LostRace) || attempt >= 3) throw error;
    }
  }
}

/** Which client a sandbox number belongs to, with its secret; null when none does. */
export async function sandboxOwner(app: AppContext, phoneNumberId: string): Promise<(SandboxNumber & { status: string }) | null> {
  const { clients } = app.db.t;
  return app.db.system(async (tx) => {
    const [row] = await tx
      .select({ id: clients.id, status: clients.status, secretId: clients.sandboxAppSecretSecretId })
      .from(clients)
      .where(eq(clients.sandboxPhoneNumberId, phoneNumberId));
    if (!row || !row.secretId) return null;
    return { clientId: row.id, phoneNumberId, appSecret: await app.vault.read(tx, row.secretId), status: row.status };
  });
}

export class SandboxUnavailableError extends Error {
  override name = 'SandboxUnavailableError';
}
