// Stores one inbound message: the customer (clientes_whatsapp, by canonical phone or BSUID), the
// conversation, and the `messages` row (once per wamid, whatever happens before or after).
import { and, eq, or, sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { Tables, Tx } from '#server/db/tables.js';
import { canonicalPhone } from '../phone/canonicalPhone.js';
import { parseInboundMessage, type ParsedInbound } from './parseInboundMessage.js';
import { conversationPreview } from '#shared/whatsapp/conversationPreview.js';
import { greatestOf } from '#server/db/dialect.js';
import { reopenedHandedOffSql, reopenedOpenedAtSql, reopenedSnoozeSql, reopenedStatusSql } from './reopenOnCustomerMessage.js';
import { emitDomainEvent } from '#server/app/domainEvents.js';
import { conversationView, messageView } from '../liveEvents.js';
import { optOutSettingsFor } from '../consent/optOutSettingsFor.js';
import type { OptOutSettings } from '#shared/domain/optOut.js';

type Row<T extends keyof Tables> = Tables[T]['$inferSelect'];
export type AppliedInbound = {
  message: Row<'messages'>;
  conversation: Row<'conversations'>;
  parsed: ParsedInbound;
  /** False when this wamid was already stored (a re-run after a crash). */
  created: boolean;
  /**
   * The client's opt-out settings as the storing transaction read them; undefined when the message
   * cannot be a keyword or they were not read (the keyword check then reads them itself).
   */
  optOutSettings?: OptOutSettings;
};

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export class UnroutableMessageError extends Error {}

export type PreparedInbound = {
  key: string;
  phone: string | null;
  waId: string | null;
  userId: string | null;
  profileName: string | null;
  parsed: ParsedInbound;
  wamid: string | null;
  /** The business number the customer wrote to (webhook metadata.phone_number_id). */
  phoneNumberId: string | null;
};

/** Who wrote and what, from one stored webhook message event (no database access). */
export function prepareInbound(payload: JsonObject): PreparedInbound {
  const message = isObject(payload.message) ? payload.message : {};
  const contact = isObject(payload.contact) ? payload.contact : {};
  const profile = isObject(contact.profile) ? contact.profile : {};
  const waId = str(contact.wa_id) ?? str(message.from);
  const userId = str(message.from_user_id) ?? str(contact.user_id);
  const phone = canonicalPhone(waId);
  const key = phone ?? userId;
  if (!key) throw new UnroutableMessageError('message without a sender (no from, wa_id or user_id)');
  const metadata = isObject(payload.metadata) ? payload.metadata : {};
  return {
    key,
    phone,
    waId,
    userId,
    profileName: str(profile.name) ?? str(profile.username),
    parsed: parseInboundMessage(message),
    wamid: str(message.id),
    phoneNumberId: str(metadata.phone_number_id),
  };
}

/**
 * `inBatch`: called inside an outer transaction holding several events (the processor's batch); an
 * already stored message then throws AlreadyStoredError so the whole batch is rolled back and each
 * event is redone on its own.
 */
export async function applyInboundMessage(
  app: AppContext,
  clientId: string,
  payload: JsonObject,
  options: { inBatch?: boolean } = {},
): Promise<AppliedInbound> {
  const { key, phone, waId, userId, profileName, parsed, wamid, phoneNumberId } = prepareInbound(payload);
  const { clientesWhatsapp, conversations, messages } = app.db.t;

  const db = app.db;
  // Rows created now carry exactly this created_at: how the events below tell "created" from "updated".
  const now = new Date();
  try {
    return await db.tenant(clientId, async (tx) => {
      const customer = userId ? await findOrCreateUsernameCustomer(tx) : await upsertPhoneCustomer(tx);
      // One statement creates the conversation or bumps it (last message, unread, window start).
      const latestInbound = greatestOf(db, conversations.lastInboundAt, sql`excluded.last_inbound_at`);
      const [conversation] = await tx
        .insert(conversations)
        .values({
          clientId,
          phone: customer.telefone,
          name: profileName ?? customer.nome,
          clienteWhatsappId: customer.id,
          status: 'bot',
          createdAt: now,
          lastMessage: conversationPreview(parsed.type, parsed.content),
          lastUpdate: new Date(),
          lastInboundAt: parsed.timestamp,
          unreadCount: 1,
          phoneNumberId,
          openedAt: new Date(),
        })
        .onConflictDoUpdate({
          // One conversation per customer and business number (number_key: phone_number_id, '' for none).
          target: [conversations.clientId, conversations.phone, conversations.numberKey],
          set: {
            lastMessage: sql`excluded.last_message`,
            lastUpdate: sql`excluded.last_update`,
            lastInboundAt: latestInbound,
            unreadCount: sql`${conversations.unreadCount} + 1`,
            name: sql`coalesce(excluded.name, ${conversations.name})`,
            clienteWhatsappId: sql`excluded.cliente_whatsapp_id`,
            // Reopens a resolved or snoozed conversation (both expressions read the row as it was).
            snoozedUntil: reopenedSnoozeSql(conversations),
            openedAt: reopenedOpenedAtSql(conversations),
            handedOffAt: reopenedHandedOffSql(conversations),
            status: reopenedStatusSql(conversations),
          },
        })
        .returning();
      const [inserted] = await tx
        .insert(messages)
        .values({
          clientId,
          conversationId: conversation!.id,
          phone: customer.telefone,
          name: profileName ?? customer.nome,
          content: parsed.content,
          type: parsed.type,
          direction: 'incoming',
          status: 'received',
          timestamp: parsed.timestamp,
          metadata: parsed.metadata,
          wamid,
          mediaId: parsed.media?.id ?? null,
          mediaType: parsed.media?.mimeType ?? parsed.media?.kind ?? null,
        })
        .onConflictDoNothing()
        .returning();
      // Already stored (a re-run after a crash): undo the bump above.
      if (!inserted) throw new AlreadyStoredError('message already stored');
      await emitInboundEvents(app, tx, now, customer, conversation!, inserted);
      const optOutSettings = await optOutSettingsFor(app, tx, clientId, [parsed]);
      return { message: inserted, conversation: conversation!, parsed, created: true, optOutSettings };
    });
  } catch (error) {
    if (!(error instanceof AlreadyStoredError) || options.inBatch) throw error;
    return db.tenant(clientId, async (tx) => {
      const [existing] = await tx
        .select()
        .from(messages)
        .where(and(eq(messages.clientId, clientId), eq(messages.wamid, wamid!)));
      const [conversation] = await tx.select().from(conversations).where(eq(conversations.id, existing!.conversationId));
      return { message: existing!, conversation: conversation!, parsed, created: false };
    });
  }

  async function upsertPhoneCustomer(tx: Tx) {
    const [row] = await tx
      .insert(clientesWhatsapp)
      .values({ clientId, telefone: key!, nome: profileName, waId, createdAt: now })
      .onConflictDoUpdate({
        target: [clientesWhatsapp.clientId, clientesWhatsapp.telefone],
        set: { nome: sql`coalesce(excluded.nome, ${clientesWhatsapp.nome})`, waId: sql`coalesce(excluded.wa_id, ${clientesWhatsapp.waId})` },
      })
      .returning();
    return row!;
  }

  // Username users: by BSUID first (they may lose the phone in later webhooks), then by phone.
  async function findOrCreateUsernameCustomer(tx: Tx) {
    const matches = await tx
      .select()
      .from(clientesWhatsapp)
      .where(
        and(
          eq(clientesWhatsapp.clientId, clientId),
          phone
            ? or(eq(clientesWhatsapp.userId, userId!), eq(clientesWhatsapp.telefone, phone))
            : or(eq(clientesWhatsapp.userId, userId!), eq(clientesWhatsapp.telefone, userId!)),
        ),
      );
    const found = matches.find((row) => row.userId === userId) ?? matches[0];
    if (found) {
      const changes = {
        ...(profileName && profileName !== found.nome ? { nome: profileName } : {}),
        ...(waId && waId !== found.waId ? { waId } : {}),
        ...(userId !== found.userId ? { userId } : {}),
      };
      if (Object.keys(changes).length === 0) return found;
      const [updated] = await tx.update(clientesWhatsapp).set(changes).where(eq(clientesWhatsapp.id, found.id)).returning();
      return updated!;
    }
    const [created] = await tx
      .insert(clientesWhatsapp)
      .values({ clientId, telefone: key!, nome: profileName, waId, userId, createdAt: now })
      .onConflictDoUpdate({ target: [clientesWhatsapp.clientId, clientesWhatsapp.telefone], set: { userId } })
      .returning();
    return created!;
  }
}

export class AlreadyStoredError extends Error {}

/**
 * For event webhooks (domainEvents.ts), in the transaction that stored the message: committed with
 * it or not at all. Rows created by this store carry exactly `now` as created_at: how "created" is
 * told from "updated" without another query.
 */
export async function emitInboundEvents(
  app: AppContext,
  tx: Tx,
  now: Date,
  customer: Row<'clientesWhatsapp'>,
  conversation: Row<'conversations'>,
  message: Row<'messages'>,
): Promise<void> {
  const clientId = message.clientId;
  const orderingKey = conversation.id;
  if (customer.createdAt.getTime() === now.getTime()) {
    await emitDomainEvent(app, tx, {
      clientId,
      type: 'contact.created',
      data: { contact: { id: customer.id, phone: customer.telefone, name: customer.nome } },
      orderingKey,
    });
  }
  if (conversation.createdAt.getTime() === now.getTime()) {
    await emitDomainEvent(app, tx, { clientId, type: 'conversation.created', data: { conversation: conversationView(conversation) }, orderingKey });
  }
  await emitDomainEvent(app, tx, { clientId, type: 'message.received', data: { message: messageView(message) }, orderingKey });
}
