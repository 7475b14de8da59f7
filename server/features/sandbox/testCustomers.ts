// Test customers: clientes_whatsapp rows marked is_test, played on the test phone. Their
// conversations are ordinary conversations on the sandbox number (shown in the inbox as tests).
import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { TRPCError } from '@trpc/server';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import { canonicalPhone, onNumber, phoneDigits, sandboxNumberOf } from '../whatsapp/index.js';
import { MAX_TEST_CUSTOMERS } from './testPhoneInput.js';

export type TestCustomer = { id: string; name: string; phone: string; waId: string };

/** The test customer `id` of the client, or NOT_FOUND (another client's id is not found either). */
export async function findTestCustomer(app: AppContext, clientId: string, id: string): Promise<TestCustomer> {
  const { clientesWhatsapp } = app.db.t;
  const [row] = await app.db.tenant(clientId, (tx) =>
    tx
      .select()
      .from(clientesWhatsapp)
      .where(and(eq(clientesWhatsapp.clientId, clientId), eq(clientesWhatsapp.id, id), eq(clientesWhatsapp.isTest, true))),
  );
  if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'test customer not found' });
  return { id: row.id, name: row.nome ?? row.telefone, phone: row.telefone, waId: row.waId ?? row.telefone };
}

export async function listTestCustomers(app: AppContext, clientId: string) {
  const { clientesWhatsapp, conversations, messages } = app.db.t;
  // Their chats with the sandbox number (the one the test phone writes to).
  const number = await sandboxNumberOf(app, clientId);
  return app.db.tenant(clientId, async (tx) => {
    const rows = await tx
      .select({
        id: clientesWhatsapp.id,
        name: clientesWhatsapp.nome,
        phone: clientesWhatsapp.telefone,
        conversationId: conversations.id,
        lastUpdate: conversations.lastUpdate,
        // Business messages the (simulated) customer has not read yet.
        unread: sql<number>`(select count(*) from ${messages} where ${messages.conversationId} = ${conversations.id}
        and ${messages.clientId} = ${clientId} and ${messages.direction} = 'outgoing' and ${messages.status} in ('sent', 'delivered'))`,
      })
      .from(clientesWhatsapp)
      .leftJoin(
        conversations,
        and(eq(conversations.clientId, clientId), eq(conversations.phone, clientesWhatsapp.telefone), onNumber(conversations, number.phoneNumberId)),
      )
      .where(and(eq(clientesWhatsapp.clientId, clientId), eq(clientesWhatsapp.isTest, true)))
      .orderBy(desc(clientesWhatsapp.createdAt));
    return rows.map((row) => ({
      id: row.id,
      name: row.name ?? row.phone,
      phone: row.phone,
      conversationId: row.conversationId ?? null,
      lastMessageAt: row.conversationId && row.lastUpdate ? row.lastUpdate.toISOString() : null,
      unread: Number(row.unread ?? 0),
    }));
  });
}

export async function createTestCustomer(app: AppContext, clientId: string, input: { name: string; phone: string }) {
  const phone = canonicalPhone(input.phone);
  if (!phone) throw new TRPCError({ code: 'BAD_REQUEST', message: 'phone: 10 to 15 digits, optionally with a leading +' });
  const { clientesWhatsapp } = app.db.t;
  return app.db.tenant(clientId, async (tx) => {
    const [existing] = await tx
      .select({ isTest: clientesWhatsapp.isTest })
      .from(clientesWhatsapp)
      .where(and(eq(clientesWhatsapp.clientId, clientId), eq(clientesWhatsapp.telefone, phone)));
    if (existing) throw conflict(existing.isTest);
    const [{ total } = { total: 0 }] = await tx
      .select({ total: count() })
      .from(clientesWhatsapp)
      .where(and(eq(clientesWhatsapp.clientId, clientId), eq(clientesWhatsapp.isTest, true)));
    if (Number(total) >= MAX_TEST_CUSTOMERS) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: `at most ${MAX_TEST_CUSTOMERS} test customers; remove one first` });
    }
    // A concurrent create of the same number (or the customer writing meanwhile) wins the unique key.
    const [row] = await tx
      .insert(clientesWhatsapp)
      .values({ clientId, telefone: phone, nome: input.name, waId: phoneDigits(input.phone), isTest: true })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      const [winner] = await tx
        .select({ isTest: clientesWhatsapp.isTest })
        .from(clientesWhatsapp)
        .where(and(eq(clientesWhatsapp.clientId, clientId), eq(clientesWhatsapp.telefone, phone)));
      throw conflict(winner?.isTest ?? true);
    }
    return { id: row.id, name: row.nome ?? phone, phone: row.telefone };
  });
}

function conflict(isTest: boolean): TRPCError {
  return new TRPCError({
    code: 'CONFLICT',
    message: isTest
      ? 'there is already a test customer with this number'
      : 'this number is a real customer of yours; pick another number for the test customer',
  });
}

/** Removes test customers with their conversations (messages cascade) and the sandbox media they used. */
async function removeWhere(app: AppContext, tx: Tx, clientId: string, customerIds: string[] | 'all'): Promise<number> {
  const { clientesWhatsapp, conversations, messages, sandboxMedia } = app.db.t;
  const customers = await tx
    .select({ id: clientesWhatsapp.id, phone: clientesWhatsapp.telefone })
    .from(clientesWhatsapp)
    .where(
      and(
        eq(clientesWhatsapp.clientId, clientId),
        eq(clientesWhatsapp.isTest, true),
        customerIds === 'all' ? undefined : inArray(clientesWhatsapp.id, customerIds),
      ),
    );
  if (customers.length === 0) return 0;
  const phones = customers.map((row) => row.phone);
  const conversationIds = (
    await tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.clientId, clientId), inArray(conversations.phone, phones)))
  ).map((row) => row.id);
  if (customerIds === 'all') {
    // Everything in sandbox_media came through the sandbox number, which only test customers use.
    await tx.delete(sandboxMedia).where(eq(sandboxMedia.clientId, clientId));
  } else if (conversationIds.length > 0) {
    const mediaIds = (
      await tx
        .select({ mediaId: messages.mediaId })
        .from(messages)
        .where(and(eq(messages.clientId, clientId), inArray(messages.conversationId, conversationIds)))
    )
      .map((row) => row.mediaId)
      .filter((value): value is string => typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value));
    if (mediaIds.length > 0) await tx.delete(sandboxMedia).where(and(eq(sandboxMedia.clientId, clientId), inArray(sandboxMedia.id, mediaIds)));
  }
  if (conversationIds.length > 0) await tx.delete(conversations).where(and(eq(conversations.clientId, clientId), inArray(conversations.id, conversationIds)));
  await tx.delete(clientesWhatsapp).where(
    and(
      eq(clientesWhatsapp.clientId, clientId),
      inArray(
        clientesWhatsapp.id,
        customers.map((row) => row.id),
      ),
    ),
  );
  return customers.length;
}

export async function removeTestCustomer(app: AppContext, clientId: string, id: string) {
  const removed = await app.db.tenant(clientId, (tx) => removeWhere(app, tx, clientId, [id]));
  if (removed === 0) throw new TRPCError({ code: 'NOT_FOUND', message: 'test customer not found' });
  return { removed };
}

export async function clearTestPhone(app: AppContext, clientId: string) {
  return { removed: await app.db.tenant(clientId, (tx) => removeWhere(app, tx, clientId, 'all')) };
}
