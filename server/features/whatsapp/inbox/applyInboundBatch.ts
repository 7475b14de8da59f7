// Stores several inbound messages (heads of different conversations, claimed together) with three
// multi-row statements in one transaction (customers, conversations, messages) instead of three
// statements and a transaction per message: on PostgreSQL every round trip and commit counts.
// Anything unusual (a username user, a message already stored, two events of one customer) makes
// it return null, and the processor handles each event on its own.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonObject } from '#server/db/json-types.js';
import { emitInboundEvents, prepareInbound, type AppliedInbound, type PreparedInbound } from './applyInboundMessage.js';
import { insertReturning, valuesOf } from './insertRows.js';
import { conversationPreview } from '#shared/whatsapp/conversationPreview.js';
import { reopenedHandedOffSql, reopenedOpenedAtSql, reopenedSnoozeSql, reopenedStatusSql } from './reopenOnCustomerMessage.js';
import { greatestOf } from '#server/db/dialect.js';
import { optOutSettingsFor } from '../consent/optOutSettingsFor.js';

export async function applyInboundBatch(app: AppContext, clientId: string, payloads: JsonObject[]): Promise<AppliedInbound[] | null> {
  let prepared: PreparedInbound[];
  try {
    prepared = payloads.map(prepareInbound);
  } catch {
    return null;
  }
  const keys = new Set(prepared.map((item) => item.key));
  if (prepared.some((item) => item.userId || !item.wamid) || keys.size !== prepared.length) return null;
  const db = app.db;
  const { clientesWhatsapp, conversations, messages } = db.t;
  const now = new Date();
  try {
    return await db.tenant(clientId, async (tx) => {
      // Multi-row statements written with insertRows (the insert builder's SQL costs most of the CPU here).
      const customers = await insertReturning(
        db,
        tx,
        clientesWhatsapp,
        sql`insert into ${clientesWhatsapp} ${valuesOf(
          clientesWhatsapp,
          ['id', 'clientId', 'telefone', 'nome', 'waId', 'createdAt'],
          prepared.map((item) => ({ id: randomUUID(), clientId, telefone: item.key, nome: item.profileName, waId: item.waId, createdAt: now })),
        )}
        on conflict (client_id, telefone) do update
        set nome = coalesce(excluded.nome, ${clientesWhatsapp.nome}), wa_id = coalesce(excluded.wa_id, ${clientesWhatsapp.waId})`,
      );
      const customerByPhone = new Map(customers.map((row) => [row.telefone, row]));
      const latestInbound = greatestOf(db, conversations.lastInboundAt, sql`excluded.last_inbound_at`);
      const conversationRows = await insertReturning(
        db,
        tx,
        conversations,
        sql`insert into ${conversations} ${valuesOf(
          conversations,
          [
            'id',
            'clientId',
            'phone',
            'name',
            'clienteWhatsappId',
            'status',
            'lastMessage',
            'lastUpdate',
            'lastInboundAt',
            'unreadCount',
            'phoneNumberId',
            'createdAt',
            'openedAt',
          ],
          prepared.map((item) => {
            const customer = customerByPhone.get(item.key)!;
            return {
              id: randomUUID(),
              clientId,
              phone: item.key,
              name: item.profileName ?? customer.nome,
              clienteWhatsappId: customer.id,
              status: 'bot' as const,
              lastMessage: conversationPreview(item.parsed.type, item.parsed.content),
              lastUpdate: now,
              lastInboundAt: item.parsed.timestamp,
              unreadCount: 1,
              phoneNumberId: item.phoneNumberId,
              createdAt: now,
              openedAt: now,
            };
          }),
        )}
        on conflict (client_id, phone, number_key) do update
        set last_message = excluded.last_message, last_update = excluded.last_update, last_inbound_at = ${latestInbound},
          unread_count = ${conversations.unreadCount} + 1, name = coalesce(excluded.name, ${conversations.name}),
          cliente_whatsapp_id = excluded.cliente_whatsapp_id,
          snoozed_until = ${reopenedSnoozeSql(conversations)}, opened_at = ${reopenedOpenedAtSql(conversations)},
          handed_off_at = ${reopenedHandedOffSql(conversations)}, status = ${reopenedStatusSql(conversations)}`,
      );
      const conversationByPhone = new Map(conversationRows.map((row) => [row.phone, row]));
      const inserted = await insertReturning(
        db,
        tx,
        messages,
        sql`insert into ${messages} ${valuesOf(
          messages,
          [
            'id',
            'clientId',
            'conversationId',
            'phone',
            'name',
            'content',
            'type',
            'direction',
            'status',
            'timestamp',
            'metadata',
            'wamid',
            'mediaId',
            'mediaType',
          ],
          prepared.map((item) => ({
            id: randomUUID(),
            clientId,
            conversationId: conversationByPhone.get(item.key)!.id,
            phone: item.key,
            name: item.profileName ?? customerByPhone.get(item.key)!.nome,
            content: item.parsed.content,
            type: item.parsed.type,
            direction: 'incoming' as const,
            status: 'received' as const,
            timestamp: item.parsed.timestamp,
            metadata: item.parsed.metadata,
            wamid: item.wamid,
            mediaId: item.parsed.media?.id ?? null,
            mediaType: item.parsed.media?.mimeType ?? item.parsed.media?.kind ?? null,
          })),
        )}
        on conflict do nothing`,
      );
      // A message already stored would have bumped its conversation twice: undo it all.
      if (inserted.length !== prepared.length) throw new BatchRejected();
      const messageByWamid = new Map(inserted.map((row) => [row.wamid, row]));
      for (const item of prepared) {
        await emitInboundEvents(app, tx, now, customerByPhone.get(item.key)!, conversationByPhone.get(item.key)!, messageByWamid.get(item.wamid)!);
      }
      // One read for the batch instead of a transaction per message in the keyword check.
      const optOutSettings = await optOutSettingsFor(
        app,
        tx,
        clientId,
        prepared.map((item) => item.parsed),
      );
      return prepared.map((item) => ({
        message: messageByWamid.get(item.wamid)!,
        conversation: conversationByPhone.get(item.key)!,
        parsed: item.parsed,
        created: true,
        optOutSettings,
      }));
    });
  } catch (error) {
    if (!(error instanceof BatchRejected)) app.log.warn({ err: error }, 'inbox batch rolled back; events are stored one by one');
    return null;
  }
}

class BatchRejected extends Error {}
