// An image, audio, video or document in the chat, loaded through the same short-lived signed /media
// link the inbox uses (whatsapp.mediaLink); a message whose media is not stored shows its kind.
import { useQuery } from '@tanstack/react-query';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import type { PhoneMessage } from '../testPhoneApi';
import type { PhoneContent } from './readPhoneMessage';

const LINK_FRESH_MS = 8 * 60_000;
const ICONS = { image: '🖼', sticker: '🖼', audio: '🎤', video: '🎬', document: '📄' } as const;
const LABELS = {
  image: 'inbox.media.image',
  sticker: 'inbox.media.sticker',
  audio: 'inbox.media.audio',
  video: 'inbox.media.video',
  document: 'inbox.media.document',
} as const;

/** Media the server stored (the customer's uploads, media the business uploaded) has a file in metadata. */
function hasStoredMedia(metadata: unknown): boolean {
  const media = typeof metadata === 'object' && metadata !== null ? (metadata as { media?: unknown }).media : null;
  return typeof media === 'object' && media !== null && typeof (media as { file?: unknown }).file === 'string';
}

type Props = { message: Pick<PhoneMessage, 'id' | 'metadata' | 'mediaUrl'>; content: Extract<PhoneContent, { kind: 'media' }> };

export function PhoneMedia({ message, content }: Props) {
  const t = useT();
  const stored = hasStoredMedia(message.metadata);
  const link = useQuery({
    queryKey: ['testPhone', 'mediaLink', message.id],
    queryFn: () => api().whatsapp.mediaLink.query({ messageId: message.id }),
    enabled: stored,
    staleTime: LINK_FRESH_MS,
    gcTime: LINK_FRESH_MS,
    refetchOnWindowFocus: false,
    retry: false,
  });
  // Stored media through a signed link; a business message sent with a public link shows that link.
  const src = stored ? (link.data?.url ?? null) : message.mediaUrl && /^https?:\/\//i.test(message.mediaUrl) ? message.mediaUrl : null;
  const label = t(LABELS[content.mediaType]);
  const caption = content.caption ? <p className="bubble-text">{content.caption}</p> : null;
  if (!src) {
    return (
      <>
        <p className="muted" title={link.isError ? t('testPhone.media.unavailable') : undefined}>
          {ICONS[content.mediaType]} {content.filename ?? label}
        </p>
        {caption}
      </>
    );
  }
  switch (content.mediaType) {
    case 'image':
    case 'sticker':
      return (
        <>
          <img src={src} alt={content.caption ?? label} loading="lazy" />
          {caption}
        </>
      );
    case 'audio':
      return (
        <>
          <audio src={src} controls preload="metadata" aria-label={label} />
          {caption}
        </>
      );
    case 'video':
      return (
        <>
          <video src={src} controls preload="metadata" aria-label={label} />
          {caption}
        </>
      );
    case 'document': {
      const name = content.filename ?? label;
      return (
        <>
          <a href={src} download={name} className="document-link">
            📄 {t('inbox.media.download', { name })}
          </a>
          {caption}
        </>
      );
    }
  }
}
