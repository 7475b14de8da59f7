// Replaces (or, with null, removes) a client's secrets in the vault. Values are never returned.
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { CLIENT_SECRETS, type ClientSecretField } from './clientSecrets.js';

export type SecretChanges = Partial<Record<ClientSecretField, string | null>>;

export async function replaceClientSecrets(app: AppContext, clientId: string, input: SecretChanges) {
  const given = CLIENT_SECRETS.filter((secret) => input[secret.field] !== undefined);
  if (given.length === 0) throw new TRPCError({ code: 'BAD_REQUEST', message: 'give at least one secret to replace or null to remove it' });
  const { clients } = app.db.t;
  return app.db.tenant(clientId, async (tx) => {
    const [row] = await tx.select().from(clients).where(eq(clients.id, clientId));
    if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'no client with this id' });
    const columns: Partial<Record<(typeof CLIENT_SECRETS)[number]['column'], string | null>> = {};
    for (const secret of given) {
      const value = input[secret.field];
      const existing = row[secret.column];
      if (value === null) {
        columns[secret.column] = null;
        if (existing) await app.vault.remove(tx, existing);
      } else {
        columns[secret.column] = await app.vault.upsert(tx, existing, { clientId, name: secret.name, value: value! });
      }
    }
    // The column is cleared before its secret row would matter: remove() ran above, and the
    // foreign key is ON DELETE SET NULL, so the order inside the transaction is safe either way.
    await tx.update(clients).set(columns).where(eq(clients.id, clientId));
    return {
      replaced: given.filter((secret) => input[secret.field] !== null).map((secret) => secret.field),
      removed: given.filter((secret) => input[secret.field] === null).map((secret) => secret.field),
    };
  });
}
