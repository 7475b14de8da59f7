// What a push says, per event. Written in Portuguese like the other messages the server sends by
// itself (budget alert e-mails): the product's members are Brazilian teams. The app opens the
// conversation from `data`.
import type { PushEvent } from '#shared/domain/statuses.js';

export type PushNotice = { title: string; body: string; data: { event: PushEvent; conversationId: string; clientId: string } };

const PREVIEW = 140;

export function pushNotice(input: { event: PushEvent; clientId: string; conversationId: string; customer: string; preview: string | null }): PushNotice {
  const data = { event: input.event, conversationId: input.conversationId, clientId: input.clientId };
  const preview = input.preview ? (input.preview.length > PREVIEW ? `${input.preview.slice(0, PREVIEW - 1)}…` : input.preview) : null;
  switch (input.event) {
    case 'assigned':
      return { title: 'Conversa atribuída a você', body: preview ? `${input.customer}: ${preview}` : input.customer, data };
    case 'transfer':
      return { title: 'Conversa aguardando atendente', body: preview ? `${input.customer}: ${preview}` : input.customer, data };
    case 'message':
      return { title: `Nova mensagem de ${input.customer}`, body: preview ?? 'Nova mensagem', data };
  }
}
