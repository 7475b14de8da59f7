// The encrypted secrets vault (in place of Supabase Vault): AES-256-GCM, a fresh IV per secret,
// the secret's id and tenant bound in as associated data so a ciphertext cannot be moved to
// another row. A wrong key or a modified secret is an error, never garbage.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { UserFacingError } from '#server/app/userFacingError.js';
import type { Database } from '#server/db/openDatabase.js';
import type { Tx } from '#server/db/tables.js';

export class VaultError extends UserFacingError {
  override name = 'VaultError';
}

export type Vault = ReturnType<typeof createVault>;

export function createVault(masterKey: Buffer, db: Database) {
  const keyId = createHash('sha256').update(masterKey).digest('hex').slice(0, 12);
  const associatedData = (id: string, clientId: string | null) => Buffer.from(`uzz-secret:${id}:${clientId ?? 'platform'}`);

  function seal(id: string, clientId: string | null, value: string) {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
    cipher.setAAD(associatedData(id, clientId));
    const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return { ciphertext: ciphertext.toString('base64'), iv: iv.toString('base64'), authTag: cipher.getAuthTag().toString('base64'), keyId };
  }

  function open(row: { id: string; clientId: string | null; name: string; ciphertext: string; iv: string; authTag: string; keyId: string }): string {
    if (row.keyId !== keyId) {
      throw new VaultError(
        `secret "${row.name}" was encrypted with master key ${row.keyId}, but the current master key is ` +
          `${keyId}: set MASTER_KEY (or the data folder's master.key) to the key it was stored with`,
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', masterKey, Buffer.from(row.iv, 'base64'));
      decipher.setAAD(associatedData(row.id, row.clientId));
      decipher.setAuthTag(Buffer.from(row.authTag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(row.ciphertext, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new VaultError(`secret "${row.name}" failed its integrity check: it was modified or corrupted in the database`);
    }
  }

  return {
    keyId,
    /**
     * A 32-byte key for another purpose (e.g. signing media URLs), derived from the master key with
     * HKDF: every instance that can read the vault derives the same key, and it never leaves memory.
     */
    deriveKey(purpose: string): Buffer {
      return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `uzz:${purpose}`, 32));
    },
    /** Stores a new secret and returns its id (what the *_secret_id columns hold). */
    async store(tx: Tx, input: { clientId: string | null; name: string; value: string }): Promise<string> {
      const id = randomUUID();
      await tx.insert(db.t.secrets).values({ id, clientId: input.clientId, name: input.name, ...seal(id, input.clientId, input.value) });
      return id;
    },
    /** Replaces a secret's value in place, or stores a new one when there is none yet. */
    async upsert(tx: Tx, existingId: string | null, input: { clientId: string | null; name: string; value: string }): Promise<string> {
      if (!existingId) return this.store(tx, input);
      await tx
        .update(db.t.secrets)
        .set({ ...seal(existingId, input.clientId, input.value), name: input.name })
        .where(eq(db.t.secrets.id, existingId));
      return existingId;
    },
    async read(tx: Tx, id: string): Promise<string> {
      const [row] = await tx.select().from(db.t.secrets).where(eq(db.t.secrets.id, id));
      if (!row) throw new VaultError(`secret ${id} does not exist`);
      return open(row);
    },
    async remove(tx: Tx, id: string): Promise<void> {
      await tx.delete(db.t.secrets).where(eq(db.t.secrets.id, id));
    },
  };
}
