// An image, audio, video or document in the chat, loaded through the same short-lived signed /media
// link the inbox uses (whatsapp.mediaLink); a message whose media is not stored shows its kind.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/api';
import { useT } from '../../../i18n/useI18n';
import type { PhoneContent } from './readPhoneMessage';

const LINK_FRESH_MS = 8 * 60_000;
const ICONS = { image: '🖼', sticker: '🖼', audio: '🎤', video: '🎬', document: '📄' } as const;
const LABELS = { image: 'inbox.media.image', sticker: 'inbox.media.sticker', audio: 'inbox.media.audio', video: 'inbox.media.video', document: 'inbox.media.document' } as const;

export function PhoneMedia({ messageId, content }: { messageId: string; content: Extract<PhoneContent, { kind: 'media' }> }) {
  const t = useT();
  const link = useQuery({
    queryKey: ['testPhone', 'mediaLink', messageId],
    queryFn: () => api().whatsapp.mediaLink.query({ messageId }),
    staleTime: LINK_FRESH_MS,
    gcTime: LINK_FRESH_MS,
    refetchOnWindowFocus: false,
    retry: false,
  });
  const src = link.data?.url ?? null;
  const label = t(LABELS[content.mediaType]);
  const caption = content.caption ? <p className="bubble-text">{content.caption}</p> : null;
  if (!src) {
    return (
      <>
        <p className="muted" title={link.isError ? t('testPhone.media.unavailable') : undefined}>{ICONS[content.mediaType]} {content.filename ?? label}</p>
        {caption}
      </>
    );
  }
  switch (content.mediaType) {
    case 'image':
    case 'sticker':
      return <><img src={src} alt={content.caption ?? label} loading="lazy" />{caption}</>;
    case 'audio':
      return <><audio src={src} controls preload="metadata" aria-label={label} />{caption}</>;
    case 'video':
      return <><video src={src} controls preload="metadata" aria-label={label} />{caption}</>;
    case 'document': {
      const name = content.filename ?? label;
      return <><a href={src} download={name} className="document-link">📄 {t('inbox.media.download', { name })}</a>{caption}</>;
    }
  }
}
