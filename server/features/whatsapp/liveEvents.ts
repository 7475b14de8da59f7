// The live events this feature publishes (app.events) and the shapes the desktop receives: rows
// with dates as ISO strings, so an event can cross processes (PostgreSQL NOTIFY) unchanged.
import { isSandboxPhoneNumberId } from './sandboxNumber.js';
import type { AppContext } from '#server/app/appContext.js';
import type { Tables } from '#server/db/tables.js';

export const LIVE = {
  messageCreated: 'message.created',
  messageUpdated: 'message.updated',
  conversationUpdated: 'conversation.updated',
} as const;

type MessageRow = Tables['messages']['$inferSelect'];
type ConversationRow = Tables['conversations']['$inferSelect'];

const iso = (value: Date | null | undefined) => (value ? value.toISOString() : null);

export function messageView(row: MessageRow) {
  return {
    id: row.id,
    conversationId: row.conversationId,
    phone: row.phone,
    name: row.name,
    content: row.content,
    type: row.type,
    direction: row.direction,
    status: row.status,
    timestamp: iso(row.timestamp)!,
    metadata: row.metadata,
    wamid: row.wamid,
    mediaId: row.mediaId,
    /** Stored media is served by GET /media/:messageId (authorised); outbound links are kept as they were sent. */
    mediaUrl: row.mediaUrl,
    mediaType: row.mediaType,
    transcription: row.transcription,
    errorDetails: row.errorDetails,
    sentBy: row.sentBy,
    sendAttempts: row.sendAttempts,
    nextAttemptAt: iso(row.nextAttemptAt),
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}
export type MessageView = ReturnType<typeof messageView>;

export function conversationView(row: ConversationRow) {
  return {
    id: row.id,
    clienteWhatsappId: row.clienteWhatsappId,
    phone: row.phone,
    name: row.name,
    status: row.status,
    assignedTo: row.assignedTo,
    lastMessage: row.lastMessage,
    lastUpdate: iso(row.lastUpdate)!,
    lastInboundAt: iso(row.lastInboundAt),
    unreadCount: row.unreadCount,
    /** `snoozed` until then; null while snoozed: until the customer writes. */
    snoozedUntil: iso(row.snoozedUntil),
    priority: row.priority,
    createdAt: iso(row.createdAt)!,
    /** On the sandbox number: a test customer played on the test phone. */
    isTest: isSandboxPhoneNumberId(row.phoneNumberId),
    /** The business number it is on (filter by number), its team, and since when it waits for a person. */
    phoneNumberId: row.phoneNumberId,
    teamId: row.teamId,
    queuedAt: iso(row.queuedAt),
  };
}
export type ConversationView = ReturnType<typeof conversationView>;

export function publishMessage(app: AppContext, row: MessageRow, created: boolean): void {
  app.events.publish(row.clientId, created ? LIVE.messageCreated : LIVE.messageUpdated, messageView(row));
}

export function publishConversation(app: AppContext, row: ConversationRow): void {
  app.events.publish(row.clientId, LIVE.conversationUpdated, conversationView(row));
}
