import { formatBytes } from '#shared/whatsapp/outboundMediaRules.js';
import { useT } from '#renderer/i18n/useI18n';
import type { AttachmentUpload } from './useAttachmentUpload';

const ICONS = { image: '🖼️', video: '🎬', audio: '🎵', document: '📄', sticker: '🏷️' } as const;

/** The chosen file before it goes: thumbnail or icon, name and size, caption, progress, send and cancel; or why it cannot go. */
export function AttachmentPreview({ upload }: { upload: AttachmentUpload }) {
  const t = useT();
  const { chosen, progress, error } = upload;
  if (!chosen && !error) return null;
  const uploading = progress !== null;
  const captioned = chosen && chosen.kind !== 'audio' && chosen.kind !== 'sticker';
  return (
    <div role="group" aria-label={t('inbox.attach.preview')} data-testid="attachment-preview" style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
      {chosen && (
        <div style={{ display: 'flex', gap: 10, alignItems: 'center' }}>
          {chosen.previewUrl ? (
            <img src={chosen.previewUrl} alt={chosen.file.name} style={{ maxWidth: 72, maxHeight: 72, borderRadius: 6, objectFit: 'cover' }} />
          ) : (
            <span aria-hidden="true" style={{ fontSize: 32 }}>
              {ICONS[chosen.kind]}
            </span>
          )}
          <div className="grow" style={{ minWidth: 0 }}>
            <p className="small" style={{ margin: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={chosen.file.name}>
              <strong>{t('inbox.composer.attachment', { name: chosen.file.name })}</strong>
            </p>
            <p className="small muted" style={{ margin: 0 }}>
              {t(`inbox.attach.kind.${chosen.kind}`)} · {formatBytes(chosen.file.size)}
            </p>
            {uploading && (
              <div style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
                <progress value={progress} max={1} aria-label={t('inbox.attach.progressLabel')} style={{ flex: 1 }} />
                <span className="small muted" role="status">
                  {t('inbox.attach.progress', { percent: Math.round(progress * 100) })}
                </span>
              </div>
            )}
          </div>
        </div>
      )}
      {chosen && (
        <div className="composer-row">
          {captioned && (
            <input
              type="text"
              className="grow"
              value={upload.caption}
              onChange={(event) => upload.setCaption(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
                  event.preventDefault();
                  upload.send();
                }
              }}
              placeholder={t('inbox.composer.caption')}
              aria-label={t('inbox.composer.caption')}
              maxLength={1024}
              disabled={uploading}
            />
          )}
          <button type="button" className="button-secondary" onClick={upload.cancel}>
            {uploading ? t('inbox.attach.cancel') : t('inbox.composer.removeAttachment')}
          </button>
          <button type="button" className="button-primary" onClick={upload.send} disabled={uploading}>
            {t('inbox.attach.send')}
          </button>
        </div>
      )}
      {error && (
        <div className="notice notice-error" role="alert">
          <span>{error}</span>
          {!chosen && (
            <button type="button" className="button-link" onClick={upload.cancel}>
              {t('common.close')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
