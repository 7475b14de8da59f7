// The picked image (with an optional caption) or audio, shown before it goes.
import { useState, type FormEvent } from 'react';
import { errorMessage } from '#renderer/api/errorMessage';
import { useT } from '#renderer/i18n/useI18n';
import { Field } from '#renderer/ui/Field';
import { PhoneSheet } from './PhoneSheet';
import { readBase64, type PickedMedia } from './pickedMedia';
import type { SendAsCustomer } from './useSendAsCustomer';

export function MediaPreviewSheet({ picked, send, onClose }: { picked: PickedMedia; send: SendAsCustomer; onClose(): void }) {
  const t = useT();
  const [caption, setCaption] = useState('');
  const title = picked.kind === 'image' ? t('testPhone.preview.image') : t('testPhone.preview.audio');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let dataBase64: string;
    try {
      dataBase64 = await readBase64(picked.file);
    } catch (error) {
      send.setError(errorMessage(error));
      return;
    }
    const sent =
      picked.kind === 'image'
        ? await send.send({ type: 'image', dataBase64, mimeType: picked.mimeType, ...(caption.trim() ? { caption: caption.trim() } : {}) })
        : await send.send({ type: 'audio', dataBase64, mimeType: picked.mimeType });
    if (sent) onClose();
  };
  return (
    <PhoneSheet title={title} onClose={onClose} testId="media-preview">
      <form className="stack" onSubmit={(event) => void submit(event)}>
        {picked.kind === 'image' ? (
          <img className="phone-preview-image" src={picked.previewUrl} alt={picked.file.name} />
        ) : (
          <audio src={picked.previewUrl} controls aria-label={picked.file.name} />
        )}
        <p className="small muted">{picked.file.name}</p>
        {picked.kind === 'image' && (
          <Field label={t('testPhone.preview.caption')} value={caption} maxLength={1024} onChange={(event) => setCaption(event.target.value)} />
        )}
        {send.error && (
          <p className="field-error" role="alert">
            {send.error}
          </p>
        )}
        <button type="submit" className="button-primary" disabled={send.sending} data-autofocus>
          {t('testPhone.composer.send')}
        </button>
      </form>
    </PhoneSheet>
  );
}
