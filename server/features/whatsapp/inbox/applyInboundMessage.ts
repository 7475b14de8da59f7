// Stores one inbound message: the customer (clientes_whatsapp, by canonical phone or BSUID), the
// conversation, and the `messages` row (once per wamid, whatever happens before or after).
import { and, eq, or } from 'drizzle-orm';
import type { AppContext } from '../../../app/appContext.js';
import type { JsonObject } from '../../../db/json-types.js';
import type { Tables } from '../../../db/tables.js';
import { canonicalPhone } from '../phone/canonicalPhone.js';
import { parseInboundMessage, type ParsedInbound } from './parseInboundMessage.js';

type Row<T extends keyof Tables> = Tables[T]['$inferSelect'];
export type AppliedInbound = {
  message: Row<'messages'>;
  conversation: Row<'conversations'>;
  parsed: ParsedInbound;
  /** False when this wamid was already stored (a re-run after a crash). */
  created: boolean;
};

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export class UnroutableMessageError extends Error {}

export async function applyInboundMessage(app: AppContext, clientId: string, payload: JsonObject): Promise<AppliedInbound> {
  const message = isObject(payload.message) ? payload.message : {};
  const contact = isObject(payload.contact) ? payload.contact : {};
  const profile = isObject(contact.profile) ? contact.profile : {};
  const waId = str(contact.wa_id) ?? str(message.from);
  const userId = str(message.from_user_id) ?? str(contact.user_id);
  const phone = canonicalPhone(waId);
  const key = phone ?? userId;
  if (!key) throw new UnroutableMessageError('message without a sender (no from, wa_id or user_id)');
  const profileName = str(profile.name) ?? str(profile.username);
  const parsed = parseInboundMessage(message);
  const wamid = str(message.id);
  const { clientesWhatsapp, conversations, messages } = app.db.t;

  return app.db.tenant(clientId, async (tx) => {
    // The customer: by BSUID first (a username user may lose the phone in later webhooks), then phone.
    const matches = await tx.select().from(clientesWhatsapp).where(and(
      eq(clientesWhatsapp.clientId, clientId),
      userId && phone ? or(eq(clientesWhatsapp.userId, userId), eq(clientesWhatsapp.telefone, phone))
        : userId ? or(eq(clientesWhatsapp.userId, userId), eq(clientesWhatsapp.telefone, userId)) : eq(clientesWhatsapp.telefone, key),
    ));
    let customer = matches.find((row) => userId && row.userId === userId) ?? matches[0];
    if (customer) {
      const changes = {
        ...(profileName && profileName !== customer.nome ? { nome: profileName } : {}),
        ...(waId && waId !== customer.waId ? { waId } : {}),
        ...(userId && userId !== customer.userId ? { userId } : {}),
      };
      if (Object.keys(changes).length > 0) {
        [customer] = await tx.update(clientesWhatsapp).set(changes).where(eq(clientesWhatsapp.id, customer.id)).returning();
      }
    } else {
      [customer] = await tx.insert(clientesWhatsapp)
        .values({ clientId, telefone: key, nome: profileName, waId, userId })
        .onConflictDoUpdate({ target: [clientesWhatsapp.clientId, clientesWhatsapp.telefone], set: { waId, userId } })
        .returning();
    }
    const customerRow = customer!;

    await tx.insert(conversations)
      .values({ clientId, phone: customerRow.telefone, name: customerRow.nome, clienteWhatsappId: customerRow.id, status: 'bot', lastUpdate: parsed.timestamp })
      .onConflictDoNothing();
    const [conversation] = await tx.select().from(conversations)
      .where(and(eq(conversations.clientId, clientId), eq(conversations.phone, customerRow.telefone)));

    const values = {
      clientId, conversationId: conversation!.id, phone: customerRow.telefone, name: profileName ?? customerRow.nome,
      content: parsed.content, type: parsed.type, direction: 'incoming' as const, status: 'received' as const,
      timestamp: parsed.timestamp, metadata: parsed.metadata, wamid,
      mediaId: parsed.media?.id ?? null, mediaType: parsed.media?.mimeType ?? parsed.media?.kind ?? null,
    };
    const [inserted] = wamid
      ? await tx.insert(messages).values(values).onConflictDoNothing().returning()
      : await tx.insert(messages).values(values).returning();
    if (!inserted) {
      const [existing] = await tx.select().from(messages).where(and(eq(messages.clientId, clientId), eq(messages.wamid, wamid!)));
      return { message: existing!, conversation: conversation!, parsed, created: false };
    }

    const previous = conversation!.lastInboundAt;
    const [updated] = await tx.update(conversations).set({
      lastMessage: parsed.content,
      lastUpdate: new Date(),
      lastInboundAt: previous && previous > parsed.timestamp ? previous : parsed.timestamp,
      unreadCount: conversation!.unreadCount + 1,
      name: profileName ?? conversation!.name,
      clienteWhatsappId: customerRow.id,
    }).where(eq(conversations.id, conversation!.id)).returning();
    return { message: inserted, conversation: updated!, parsed, created: true };
  });
}
