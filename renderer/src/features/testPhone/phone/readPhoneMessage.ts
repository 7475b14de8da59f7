// What a thread message shows on the phone, read from the stored message: `content` is the stored
// text summary and `metadata` (when the server sends it) holds the type's data (buttons, list rows,
// a location...). Older or partial rows fall back to text: the phone never fails to draw a bubble.
import type { ListSection, ReplyButton } from '#shared/whatsapp/outboundContent.js';

type Json = unknown;
type Obj = Record<string, Json>;

export type PhoneContent =
  | { kind: 'text'; text: string }
  | { kind: 'buttons'; body: string; header: string | null; footer: string | null; buttons: ReplyButton[] }
  | { kind: 'list'; body: string; header: string | null; footer: string | null; buttonText: string; sections: ListSection[] }
  | { kind: 'reply'; title: string; description: string | null }
  | { kind: 'media'; mediaType: 'image' | 'audio' | 'video' | 'document' | 'sticker'; caption: string | null; filename: string | null }
  | { kind: 'location'; latitude: number | null; longitude: number | null; name: string | null; address: string | null }
  | { kind: 'other'; text: string };

const obj = (value: Json): Obj | null => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : null);
const str = (value: Json): string | null => (typeof value === 'string' ? value : null);
const num = (value: Json): number | null =>
  typeof value === 'number' && Number.isFinite(value)
    ? value
    : typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))
      ? Number(value)
      : null;
const MEDIA = ['image', 'audio', 'video', 'document', 'sticker'] as const;

function buttonsOf(value: Json): ReplyButton[] {
  if (!Array.isArray(value)) return [];
  return value
    .map(obj)
    .filter((button): button is Obj => button !== null && str(button.title) !== null)
    .map((button) => ({ id: str(button.id) ?? str(button.title)!, title: str(button.title)! }));
}

function sectionsOf(value: Json): ListSection[] {
  if (!Array.isArray(value)) return [];
  return value
    .map(obj)
    .filter((section): section is Obj => section !== null)
    .map((section) => ({
      title: str(section.title) ?? undefined,
      rows: (Array.isArray(section.rows) ? section.rows : [])
        .map(obj)
        .filter((row): row is Obj => row !== null && str(row.title) !== null)
        .map((row) => ({ id: str(row.id) ?? str(row.title)!, title: str(row.title)!, description: str(row.description) ?? undefined })),
    }));
}

/**
 * The message's data object: `metadata` as the inbox gets it, or `content` itself when the server
 * sends the stored content as an object (both shapes are read the same way).
 */
function dataOf(message: { content: Json; metadata?: Json }): { text: string; data: Obj } {
  const fromContent = obj(message.content);
  const data = { ...(fromContent ?? {}), ...(obj(message.metadata) ?? {}) };
  const text = str(message.content) ?? str(fromContent?.text) ?? str(fromContent?.body) ?? str(fromContent?.content) ?? '';
  return { text, data };
}

export function readPhoneMessage(message: { type: string; content: Json; metadata?: Json }): PhoneContent {
  const { text, data } = dataOf(message);
  // The outbound content as describeOutbound stores it, or the content object itself.
  const outbound = obj(data.outbound) ?? (typeof data.kind === 'string' ? data : null);
  const interactive = obj(data.interactive) ?? (outbound && (outbound.kind === 'buttons' || outbound.kind === 'list') ? outbound : null);
  switch (message.type) {
    case 'text':
      return { kind: 'text', text };
    case 'interactive': {
      const type = str(interactive?.type) ?? str(interactive?.kind);
      const header = str(interactive?.header);
      const footer = str(interactive?.footer);
      const body = str(interactive?.body) ?? text;
      if (type === 'button' || type === 'buttons') return { kind: 'buttons', body, header, footer, buttons: buttonsOf(interactive?.buttons) };
      if (type === 'list')
        return { kind: 'list', body, header, footer, buttonText: str(interactive?.buttonText) ?? '☰', sections: sectionsOf(interactive?.sections) };
      if (type === 'button_reply' || type === 'list_reply' || type === 'nfm_reply') {
        return { kind: 'reply', title: str(interactive?.title) ?? text, description: str(interactive?.description) };
      }
      return { kind: 'other', text };
    }
    case 'button':
      return { kind: 'reply', title: text, description: null };
    case 'location': {
      const location = obj(data.location) ?? data;
      return {
        kind: 'location',
        latitude: num(location.latitude),
        longitude: num(location.longitude),
        name: str(location.name),
        address: str(location.address),
      };
    }
    default: {
      const mediaType = MEDIA.find((kind) => kind === message.type);
      if (mediaType) {
        const media = obj(data.media);
        const filename = str(media?.filename) ?? str(outbound?.filename);
        const caption = str(data.caption) ?? str(outbound?.caption) ?? (text && text !== filename ? text : null);
        return { kind: 'media', mediaType, caption, filename };
      }
      return { kind: 'other', text };
    }
  }
}
