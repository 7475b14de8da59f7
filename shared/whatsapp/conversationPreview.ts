// What the inbox list shows as a conversation's last message. Media, locations and contact cards
// get WhatsApp's own kind of marker in front (📷, 📍…), so a photo sent without a caption is not an
// empty line; emoji instead of words keep the stored preview the same in every language.
import type { MessageType } from '../domain/statuses.js';

const MARKERS: Partial<Record<MessageType, string>> = {
  image: '📷',
  video: '🎥',
  audio: '🎤',
  document: '📄',
  sticker: '🖼️',
  location: '📍',
  contacts: '👤',
};

export function conversationPreview(type: MessageType, content: string | null): string | null {
  const marker = MARKERS[type];
  if (!marker) return content;
  const text = content?.trim();
  return text ? `${marker} ${text}` : marker;
}
