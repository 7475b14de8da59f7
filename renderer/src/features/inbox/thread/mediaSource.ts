import { useQuery } from '@tanstack/react-query';
import { api } from '#renderer/api/api';
import { inboxKeys } from '../inboxKeys';
import type { MessageView } from '../types';

/** A signed media link lives ten minutes on the server; refetch it (on the next mount) well before. */
const LINK_FRESH_MS = 8 * 60_000;

function hasStoredMedia(message: MessageView): boolean {
  const media = message.metadata.media;
  return typeof media === 'object' && media !== null && !Array.isArray(media) && typeof media.file === 'string';
}

/**
 * Where to load a message's media from: stored media through a short-lived signed /media link
 * (whatsapp.mediaLink: <img> cannot send headers, and the session token never goes into a URL),
 * or the link an outbound message was sent with.
 */
export function useMediaSource(message: MessageView): string | null {
  const stored = hasStoredMedia(message);
  const link = useQuery({
    queryKey: inboxKeys.mediaLink(message.id),
    queryFn: () => api().whatsapp.mediaLink.query({ messageId: message.id }),
    enabled: stored,
    staleTime: LINK_FRESH_MS,
    gcTime: LINK_FRESH_MS,
    // A new URL would reload a playing video: only a later mount asks again.
    refetchOnWindowFocus: false,
  });
  if (stored) return link.data?.url ?? null;
  if (message.mediaUrl && /^https?:\/\//i.test(message.mediaUrl)) return message.mediaUrl;
  return null;
}

export function mediaFilename(message: MessageView): string {
  const media = message.metadata.media;
  if (typeof media === 'object' && media !== null && !Array.isArray(media) && typeof media.filename === 'string') return media.filename;
  return message.content ?? message.type;
}
