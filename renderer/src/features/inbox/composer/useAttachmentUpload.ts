// One attachment on its way: chosen (checked against WhatsApp's types and sizes before anything is
// uploaded), captioned, uploaded with progress to POST /conversations/:id/attachments (the file as
// the raw body, so XMLHttpRequest can report progress), cancellable. The server queues the message;
// the thread shows it through the live stream like any reply.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MediaKind } from '#shared/whatsapp/outboundContent.js';
import { checkOutboundMedia, formatBytes } from '#shared/whatsapp/outboundMediaRules.js';
import { launchToken } from '#renderer/desktop/desktopBridge';
import { useT, type Translate } from '#renderer/i18n/useI18n';

export type ChosenAttachment = { file: File; kind: MediaKind; mimeType: string; previewUrl: string | null };

export type AttachmentUpload = {
  chosen: ChosenAttachment | null;
  caption: string;
  setCaption(caption: string): void;
  /** Bytes sent so far as a fraction (0–1) while uploading, null otherwise. */
  progress: number | null;
  error: string | null;
  choose(file: File): void;
  send(): void;
  /** Aborts an upload in flight, or drops the chosen file. */
  cancel(): void;
};

function problemMessage(t: Translate, file: File): { message: string } | ChosenAttachment {
  const check = checkOutboundMedia(file.type, file.name, file.size);
  if (check.ok) {
    const preview = check.kind === 'image' || check.kind === 'sticker';
    return { file, kind: check.kind, mimeType: check.mimeType, previewUrl: preview ? URL.createObjectURL(file) : null };
  }
  if (check.problem === 'empty') return { message: t('inbox.attach.error.empty', { name: file.name }) };
  if (check.problem === 'type') return { message: t('inbox.attach.error.type', { name: file.name, type: file.type || file.name.split('.').pop() || '?' }) };
  return {
    message: t('inbox.attach.error.size', {
      name: file.name,
      size: formatBytes(check.size),
      max: formatBytes(check.maxBytes),
      kind: t(`inbox.attach.kind.${check.kind}`).toLowerCase(),
    }),
  };
}

export function useAttachmentUpload(conversationId: string): AttachmentUpload {
  const t = useT();
  const [chosen, setChosen] = useState<ChosenAttachment | null>(null);
  const [caption, setCaption] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const request = useRef<XMLHttpRequest | null>(null);

  // The preview's object URL lives as long as its file is chosen.
  useEffect(
    () => () => {
      if (chosen?.previewUrl) URL.revokeObjectURL(chosen.previewUrl);
    },
    [chosen],
  );
  // Leaving the conversation abandons an upload in flight.
  useEffect(() => () => request.current?.abort(), []);

  const choose = useCallback(
    (file: File) => {
      if (request.current) return; // one upload at a time
      const result = problemMessage(t, file);
      if ('message' in result) {
        setChosen(null);
        setError(result.message);
        return;
      }
      setChosen(result);
      setError(null);
    },
    [t],
  );

  const send = useCallback(() => {
    if (!chosen || request.current) return;
    const xhr = new XMLHttpRequest();
    request.current = xhr;
    xhr.open('POST', `/conversations/${encodeURIComponent(conversationId)}/attachments`);
    // Same-origin XHR sends the session cookie; the header is its CSRF proof.
    xhr.setRequestHeader('x-uzz-csrf', '1');
    const launch = launchToken();
    if (launch) xhr.setRequestHeader('x-uzz-launch-token', launch);
    xhr.setRequestHeader('content-type', chosen.mimeType);
    xhr.setRequestHeader('x-filename', encodeURIComponent(chosen.file.name));
    const text = caption.trim();
    if (text && chosen.kind !== 'audio' && chosen.kind !== 'sticker') xhr.setRequestHeader('x-caption', encodeURIComponent(text));
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) setProgress(event.loaded / event.total);
    };
    const finish = () => {
      request.current = null;
      setProgress(null);
    };
    xhr.onload = () => {
      finish();
      if (xhr.status === 201) {
        setChosen(null);
        setCaption('');
        setError(null);
        return;
      }
      let reason = `HTTP ${xhr.status}`;
      try {
        const body = JSON.parse(xhr.responseText) as { error?: unknown };
        if (typeof body.error === 'string') reason = body.error;
      } catch {
        // Not JSON (a proxy's page): the status says enough.
      }
      setError(t('inbox.attach.error.refused', { reason }));
    };
    xhr.onerror = () => {
      finish();
      setError(t('inbox.attach.error.network'));
    };
    xhr.onabort = finish;
    setError(null);
    setProgress(0);
    xhr.send(chosen.file);
  }, [chosen, caption, conversationId, t]);

  const cancel = useCallback(() => {
    if (request.current) {
      request.current.abort();
      return;
    }
    setChosen(null);
    setCaption('');
    setError(null);
  }, []);

  return { chosen, caption, setCaption, progress, error, choose, send, cancel };
}
