// The customer's keyboard: a text (Enter sends, Shift+Enter a new line), an image or an audio from a
// file (previewed before sending) and a location. The text stays when sending fails.
import { useRef, useState, type KeyboardEvent } from 'react';
import { useT } from '#renderer/i18n/useI18n';
import { LocationSheet } from './LocationSheet';
import { MediaPreviewSheet } from './MediaPreviewSheet';
import { acceptFor, checkPickedFile, type PhoneMediaKind, type PickedMedia } from './pickedMedia';
import type { SendAsCustomer } from './useSendAsCustomer';

/** WhatsApp's limit for a text message. */
export const TEXT_MAX = 4096;

export function PhoneComposer({ send }: { send: SendAsCustomer }) {
  const t = useT();
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<PickedMedia | null>(null);
  const [locating, setLocating] = useState(false);
  const imageInput = useRef<HTMLInputElement>(null);
  const audioInput = useRef<HTMLInputElement>(null);
  const field = useRef<HTMLTextAreaElement>(null);

  const sendText = async () => {
    const body = text.trim();
    if (!body || send.sending) return;
    if (body.length > TEXT_MAX) {
      send.setError(t('testPhone.composer.tooLong', { max: TEXT_MAX }));
      return;
    }
    if (await send.send({ type: 'text', text: body })) setText('');
    field.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void sendText();
    }
  };
  const pick = (kind: PhoneMediaKind, file: File | undefined) => {
    if (!file) return;
    const checked = checkPickedFile(t, kind, file);
    if ('error' in checked) {
      send.setError(checked.error);
      return;
    }
    setPicked(checked.picked);
  };
  const closePreview = () => {
    if (picked) URL.revokeObjectURL(picked.previewUrl);
    setPicked(null);
  };
  const fileInput = (kind: PhoneMediaKind, ref: React.RefObject<HTMLInputElement | null>) => (
    <input
      ref={ref}
      type="file"
      hidden
      accept={acceptFor(kind)}
      data-testid={`phone-${kind}-input`}
      onChange={(event) => {
        const file = event.target.files?.[0];
        event.target.value = '';
        pick(kind, file);
      }}
    />
  );

  return (
    <div className="phone-composer">
      <button
        type="button"
        className="phone-icon"
        onClick={() => imageInput.current?.click()}
        aria-label={t('testPhone.composer.image')}
        title={t('testPhone.composer.image')}
        disabled={send.sending}>
        🖼
      </button>
      <button
        type="button"
        className="phone-icon"
        onClick={() => audioInput.current?.click()}
        aria-label={t('testPhone.composer.audio')}
        title={t('testPhone.composer.audio')}
        disabled={send.sending}>
        🎤
      </button>
      <button
        type="button"
        className="phone-icon"
        onClick={() => setLocating(true)}
        aria-label={t('testPhone.composer.location')}
        title={t('testPhone.composer.location')}
        disabled={send.sending}
        aria-haspopup="dialog">
        📍
      </button>
      {fileInput('image', imageInput)}
      {fileInput('audio', audioInput)}
      <textarea
        ref={field}
        rows={1}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        aria-label={t('testPhone.composer.label')}
        placeholder={t('testPhone.composer.placeholder')}
        maxLength={TEXT_MAX}
      />
      <button
        type="button"
        className="phone-send"
        onClick={() => void sendText()}
        disabled={send.sending || !text.trim()}
        aria-label={t('testPhone.composer.send')}
        title={t('testPhone.composer.send')}>
        ➤
      </button>
      {picked && <MediaPreviewSheet picked={picked} send={send} onClose={closePreview} />}
      {locating && <LocationSheet send={send} onClose={() => setLocating(false)} />}
    </div>
  );
}
