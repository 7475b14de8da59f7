import type { MessageView } from '../types';

/**
 * Where to load a message's media from: stored inbound media through the server's authorised
 * /media route (the session token as a query parameter, since <img> cannot send headers), or the
 * link an outbound message was sent with.
 */
export function mediaSource(message: MessageView, sessionToken: string | null): string | null {
  const media = message.metadata.media;
  const stored = typeof media === 'object' && media !== null && !Array.isArray(media) && typeof media.file === 'string';
  if (stored && sessionToken) return `/media/${encodeURIComponent(message.id)}?token=${encodeURIComponent(sessionToken)}`;
  if (message.mediaUrl && /^https?:\/\//i.test(message.mediaUrl)) return message.mediaUrl;
  return null;
}

export function mediaFilename(message: MessageView): string {
  const media = message.metadata.media;
  if (typeof media === 'object' && media !== null && !Array.isArray(media) && typeof media.filename === 'string') return media.filename;
  return message.content ?? message.type;
}
