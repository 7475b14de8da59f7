// The data layer's contract, run identically on SQLite and PostgreSQL: the same code must give the
// same results, constraints must hold, and transactions must be atomic and isolated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../testing/testDatabases.js';
import { openDatabase } from './openDatabase.js';
import { DatabaseNewerThanCodeError } from './errors.js';
import type { DatabaseTarget } from './databaseUrl.js';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { sqliteNativeBinding } from './sqliteNativeBinding.js';

describe.each(DATABASE_KINDS)('data layer contract on %s', (kind) => {
  let test: TestDatabase;
  let clientId: string;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const { db } = test;
    clientId = await db.system(
      async (tx) =>
        (
          await tx
            .insert(db.t.clients)
            .values({ name: 'Acme', slug: `acme-${kind}` })
            .returning()
        )[0]!.id,
    );
  });
  afterAll(() => test?.dispose());

  it('decodes dates, booleans, JSON, arrays, money and vectors the same way', async () => {
    const { db } = test;
    const row = await db.tenant(clientId, async (tx) => {
      await tx.insert(db.t.interactiveFlows).values({
        clientId,
        name: 'Boas-vindas',
        isActive: true,
        triggerKeywords: ['oi', 'olá', 'menu'],
        blocks: [{ id: 'start', type: 'message', text: 'Olá {{nome}}' }],
        edges: [],
      });
      return (await tx.select().from(db.t.interactiveFlows).where(eq(db.t.interactiveFlows.clientId, clientId)))[0]!;
    });
    expect(row.createdAt).toBeInstanceOf(Date);
    expect(Math.abs(row.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(row.isActive).toBe(true);
    expect(row.triggerKeywords).toEqual(['oi', 'olá', 'menu']);
    expect(row.blocks).toEqual([{ id: 'start', type: 'message', text: 'Olá {{nome}}' }]);
    expect(row.settings).toEqual({});

    const usage = await db.tenant(
      clientId,
      async (tx) =>
        (
          await tx
            .insert(db.t.gatewayUsageLogs)
            .values({
              clientId,
              requestId: 'req-1',
              provider: 'openai',
              modelName: 'gpt-4o-mini',
              costUsd: '0.0000012345',
              costBrl: '123456789.0123456789',
            })
            .returning()
        )[0]!,
    );
    // Exact decimals survive the round trip on both databases (never floats).
    expect(Number(usage.costUsd)).toBe(0.0000012345);
    expect(usage.costBrl).toMatch(/^123456789\.0123456789/);

    const doc = await db.tenant(
      clientId,
      async (tx) =>
        (
          await tx
            .insert(db.t.documents)
            .values({
              clientId,
              content: 'Horário: 9h às 18h',
              embedding: [0.25, -0.5, 1],
              metadata: { source: 'faq.md' },
            })
            .returning()
        )[0]!,
    );
    expect(doc.embedding).toEqual([0.25, -0.5, 1]);
    expect(typeof doc.id).toBe('number');
  });

  it('keeps one conversation per client and phone, and one message per WhatsApp id', async () => {
    const { db } = test;
    const { conversations, messages } = db.t;
    const conversation = await db.tenant(clientId, async (tx) => (await tx.insert(conversations).values({ clientId, phone: '5511999990001' }).returning())[0]!);
    await expect(db.tenant(clientId, (tx) => tx.insert(conversations).values({ clientId, phone: '5511999990001' }))).rejects.toThrow();
    const message = {
      clientId,
      conversationId: conversation.id,
      phone: '5511999990001',
      direction: 'incoming' as const,
      status: 'received' as const,
      wamid: 'wamid.ABC',
    };
    await db.tenant(clientId, (tx) => tx.insert(messages).values(message));
    // A re-delivered message is ignored, not duplicated.
    const again = await db.tenant(clientId, (tx) => tx.insert(messages).values(message).onConflictDoNothing().returning());
    expect(again).toEqual([]);
    const count = await db.tenant(clientId, (tx) => tx.select().from(messages).where(eq(messages.wamid, 'wamid.ABC')));
    expect(count).toHaveLength(1);
  });

  it('rejects values outside the closed vocabularies and rows pointing at nothing', async () => {
    const { db } = test;
    await expect(
      db.tenant(clientId, (tx) => tx.insert(db.t.conversations).values({ clientId, phone: '5511999990002', status: 'sleeping' as never })),
    ).rejects.toThrow();
    await expect(
      db.tenant(clientId, (tx) =>
        tx.insert(db.t.messages).values({
          clientId,
          conversationId: randomUUID(),
          phone: 'x',
          direction: 'incoming',
          status: 'received',
        }),
      ),
    ).rejects.toThrow();
  });

  it('upserts with onConflictDoUpdate', async () => {
    const { db } = test;
    const { botConfigurations: configs } = db.t;
    const upsert = (value: string) =>
      db.tenant(clientId, (tx) =>
        tx
          .insert(configs)
          .values({ clientId, configKey: 'greeting', configValue: value })
          .onConflictDoUpdate({ target: [configs.clientId, configs.configKey], set: { configValue: value } })
          .returning(),
      );
    await upsert('Olá!');
    const [row] = await upsert('Bom dia!');
    expect(row!.configValue).toBe('Bom dia!');
  });

  it('keeps updated_at current, also for raw SQL updates', async () => {
    const { db } = test;
    const { clients } = db.t;
    const [before] = await db.system((tx) => tx.select().from(clients).where(eq(clients.id, clientId)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await db.system((tx) => db.exec(tx, sql`update clients set name = 'Acme Ltda' where id = ${clientId}`));
    const [after] = await db.system((tx) => tx.select().from(clients).where(eq(clients.id, clientId)));
    expect(after!.name).toBe('Acme Ltda');
    expect(after!.updatedAt.getTime()).toBeGreaterThan(before!.updatedAt.getTime());
  });

  it('rolls a transaction back entirely when it throws', async () => {
    const { db } = test;
    const { conversations } = db.t;
    await expect(
      db.tenant(clientId, async (tx) => {
        await tx.insert(conversations).values({ clientId, phone: '5511999990003' });
        await new Promise((resolve) => setTimeout(resolve, 5)); // an await inside the transaction
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const rows = await db.tenant(clientId, (tx) => tx.select().from(conversations).where(eq(conversations.phone, '5511999990003')));
    expect(rows).toEqual([]);
  });

  it('isolates concurrent read-modify-write transactions (no lost updates)', async () => {
    const { db } = test;
    const { conversations } = db.t;
    const [conversation] = await db.tenant(clientId, (tx) => tx.insert(conversations).values({ clientId, phone: '5511999990004' }).returning());
    await Promise.all(
      Array.from({ length: 25 }, () =>
        db.tenant(clientId, async (tx) => {
          await tx
            .update(conversations)
            .set({ unreadCount: sql`${conversations.unreadCount} + 1` })
            .where(eq(conversations.id, conversation!.id));
        }),
      ),
    );
    const [row] = await db.tenant(clientId, (tx) => tx.select().from(conversations).where(eq(conversations.id, conversation!.id)));
    expect(row!.unreadCount).toBe(25);
  });

  it('lets nested calls in the same context join the open transaction', async () => {
    const { db } = test;
    const { conversations } = db.t;
    await expect(
      db.tenant(clientId, async (tx) => {
        await tx.insert(conversations).values({ clientId, phone: '5511999990005' });
        await db.tenant(clientId, (inner) => inner.insert(conversations).values({ clientId, phone: '5511999990006' }));
        throw new Error('undo both');
      }),
    ).rejects.toThrow('undo both');
    const rows = await db.tenant(clientId, (tx) =>
      tx
        .select()
        .from(conversations)
        .where(and(eq(conversations.clientId, clientId), sql`${conversations.phone} in ('5511999990005', '5511999990006')`)),
    );
    expect(rows).toEqual([]);
  });

  it('reports its migration level and re-opens without re-applying', async () => {
    expect(test.db.migration.applied).toBe(test.db.migration.known);
    const again = await openDatabase(test.target);
    expect(again.migration).toEqual(test.db.migration);
    await again.close();
  });

  it('refuses a database migrated by a newer version of the code', async () => {
    const { target } = test;
    const future = Date.UTC(2099, 0, 1);
    // As the owner: the runtime role may not touch the migration journal.
    const journal = await ownerConnection(target);
    await journal.run(`insert into ${journal.table} (hash, created_at) values ('future', ${future})`);
    try {
      await expect(openDatabase(target)).rejects.toThrow(DatabaseNewerThanCodeError);
      await expect(openDatabase(target)).rejects.toThrow(/newer version of UZZ.AI/);
    } finally {
      await journal.run(`delete from ${journal.table} where hash = 'future'`);
      await journal.close();
    }
  });
});

async function ownerConnection(target: DatabaseTarget) {
  if (target.kind === 'sqlite') {
    const connection = new BetterSqlite3(target.file, { nativeBinding: sqliteNativeBinding() });
    return { table: '__drizzle_migrations', run: async (statement: string) => void connection.exec(statement), close: async () => void connection.close() };
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  return { table: 'drizzle.__drizzle_migrations', run: async (statement: string) => void (await client.query(statement)), close: () => client.end() };
}
