// What the server can send to a WhatsApp customer, independent of Meta's wire format. The flow
// executor, the AI reply, agents and the simulator all produce these; the WhatsApp client turns them
// into Graph API payloads, and the simulator draws them as WhatsApp would.

export type ReplyButton = { id: string; title: string };
export type ListRow = { id: string; title: string; description?: string };
export type ListSection = { title?: string; rows: ListRow[] };
export type MediaKind = 'image' | 'audio' | 'video' | 'document' | 'sticker';

export type OutboundContent =
  | { kind: 'text'; text: string; previewUrl?: boolean }
  | { kind: 'media'; mediaType: MediaKind; link?: string; mediaId?: string; caption?: string; filename?: string; voice?: boolean }
  | { kind: 'buttons'; body: string; header?: string; footer?: string; buttons: ReplyButton[] }
  | { kind: 'list'; body: string; header?: string; footer?: string; buttonText: string; sections: ListSection[] }
  | { kind: 'template'; name: string; language: string; components?: unknown[] }
  | { kind: 'reaction'; messageWamid: string; emoji: string };
