import { useRef } from 'react';
import { OUTBOUND_MEDIA_ACCEPT } from '#shared/whatsapp/outboundMediaRules.js';
import { useT } from '#renderer/i18n/useI18n';

/** The paperclip: opens the system's file picker, limited to the types WhatsApp accepts. */
export function AttachmentButton({ onPick, disabled }: { onPick(file: File): void; disabled?: boolean }) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        className="icon-button"
        onClick={() => input.current?.click()}
        aria-label={t('inbox.composer.attach')}
        title={t('inbox.composer.attach')}
        disabled={disabled}>
        📎
      </button>
      <input
        ref={input}
        type="file"
        hidden
        accept={OUTBOUND_MEDIA_ACCEPT}
        data-testid="attachment-input"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = ''; // the same file can be picked again after a removal
          if (file) onPick(file);
        }}
      />
    </>
  );
}
