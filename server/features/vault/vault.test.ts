import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '#server/testing/testDatabases.js';
import { loadMasterKey, MASTER_KEY_FILE } from './masterKey.js';
import { createVault, VaultError } from './vault.js';

describe.each(DATABASE_KINDS)('secrets vault on %s', (kind) => {
  let test: TestDatabase;
  let clientA: string;
  let clientB: string;
  const key = randomBytes(32);
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const { db } = test;
    [clientA, clientB] = (await db.system(async (tx) => {
      const rows = await tx
        .insert(db.t.clients)
        .values([
          { name: 'A', slug: 'a' },
          { name: 'B', slug: 'b' },
        ])
        .returning();
      return rows.map((row) => row.id);
    })) as [string, string];
  });
  afterAll(() => test?.dispose());

  it('stores secrets encrypted and reads them back', async () => {
    const { db } = test;
    const vault = createVault(key, db);
    const id = await db.tenant(clientA, (tx) => vault.store(tx, { clientId: clientA, name: 'meta_access_token', value: 'EAAG-sêcret-token' }));
    const [row] = await db.system((tx) => tx.select().from(db.t.secrets).where(eq(db.t.secrets.id, id)));
    expect(row!.ciphertext).not.toContain('EAAG');
    expect(Buffer.from(row!.ciphertext, 'base64').toString('utf8')).not.toContain('EAAG');
    expect(await db.tenant(clientA, (tx) => vault.read(tx, id))).toBe('EAAG-sêcret-token');
    await db.tenant(clientA, (tx) => vault.upsert(tx, id, { clientId: clientA, name: 'meta_access_token', value: 'rotated' }));
    expect(await db.tenant(clientA, (tx) => vault.read(tx, id))).toBe('rotated');
  });

  it('refuses to decrypt with another master key, with a clear message', async () => {
    const { db } = test;
    const id = await db.system((tx) => createVault(key, db).store(tx, { clientId: null, name: 'openai_api_key', value: 'sk-abc' }));
    const other = createVault(randomBytes(32), db);
    await expect(db.system((tx) => other.read(tx, id))).rejects.toThrow(VaultError);
    await expect(db.system((tx) => other.read(tx, id))).rejects.toThrow(/encrypted with master key .* but the current master key is/);
  });

  it('detects a tampered secret and a ciphertext moved to another tenant', async () => {
    const { db } = test;
    const vault = createVault(key, db);
    const { secrets } = db.t;
    const id = await db.system((tx) => vault.store(tx, { clientId: clientA, name: 'app_secret', value: 'abcdef123456' }));
    const [row] = await db.system((tx) => tx.select().from(secrets).where(eq(secrets.id, id)));
    const flipped = Buffer.from(row!.ciphertext, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    await db.system((tx) =>
      tx
        .update(secrets)
        .set({ ciphertext: flipped.toString('base64') })
        .where(eq(secrets.id, id)),
    );
    await expect(db.system((tx) => vault.read(tx, id))).rejects.toThrow(/failed its integrity check/);

    const moved = await db.system((tx) => vault.store(tx, { clientId: clientA, name: 'app_secret', value: 'abcdef123456' }));
    await db.system((tx) => tx.update(secrets).set({ clientId: clientB }).where(eq(secrets.id, moved)));
    await expect(db.system((tx) => vault.read(tx, moved))).rejects.toThrow(/failed its integrity check/);
  });
});

describe('master key', () => {
  const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-key-'));

  it('generates an owner-only key file once and reuses it', () => {
    const dir = dataDir();
    const first = loadMasterKey({ dataDir: dir });
    const second = loadMasterKey({ dataDir: dir });
    expect(first.equals(second)).toBe(true);
    expect(first).toHaveLength(32);
    expect(fs.statSync(path.join(dir, MASTER_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('accepts MASTER_KEY as hex or base64 and rejects anything else', () => {
    const raw = randomBytes(32);
    expect(loadMasterKey({ masterKey: raw.toString('hex'), dataDir: dataDir() }).equals(raw)).toBe(true);
    expect(loadMasterKey({ masterKey: raw.toString('base64'), dataDir: dataDir() }).equals(raw)).toBe(true);
    expect(() => loadMasterKey({ masterKey: 'too-short', dataDir: dataDir() })).toThrow(/MASTER_KEY must be a 32-byte key/);
    expect(() => loadMasterKey({ masterKey: randomBytes(16).toString('hex'), dataDir: dataDir() })).toThrow(/32-byte/);
  });

  it('refuses a key file other users can read', () => {
    const dir = dataDir();
    loadMasterKey({ dataDir: dir });
    fs.chmodSync(path.join(dir, MASTER_KEY_FILE), 0o644);
    expect(() => loadMasterKey({ dataDir: dir })).toThrow(/readable by other users/);
  });
});
