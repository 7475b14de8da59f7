// A file the test customer picked (image or audio): checked before anything is sent, with the same
// type rules WhatsApp applies and the test phone's 5 MB limit, then read as base64 for testPhone.send.
import { OUTBOUND_MEDIA_TYPES, formatBytes, outboundMediaType } from '../../../../../shared/whatsapp/outboundMediaRules';
import type { Translate } from '../../../i18n/useI18n';

export type PhoneMediaKind = 'image' | 'audio';
export type PickedMedia = { kind: PhoneMediaKind; file: File; mimeType: string; previewUrl: string };

/** The most the test phone sends (the server refuses more). */
export const PHONE_MEDIA_MAX_BYTES = 5 * 1024 * 1024;

/** The picker's `accept` for a kind: its MIME types and their extensions. */
export const acceptFor = (kind: PhoneMediaKind) => Object.entries(OUTBOUND_MEDIA_TYPES)
  .filter(([, rule]) => rule.kind === kind)
  .flatMap(([mime, rule]) => [mime, ...rule.extensions.map((extension) => `.${extension}`)]).join(',');

export function checkPickedFile(t: Translate, kind: PhoneMediaKind, file: File): { error: string } | { mimeType: string } {
  const mimeType = outboundMediaType(file.type, file.name);
  if (!mimeType || OUTBOUND_MEDIA_TYPES[mimeType]?.kind !== kind) {
    return { error: t('testPhone.file.type', { name: file.name, type: file.type || file.name.split('.').pop() || '?', kind: t(`testPhone.file.kind.${kind}`) }) };
  }
  if (file.size === 0) return { error: t('testPhone.file.empty', { name: file.name }) };
  if (file.size > PHONE_MEDIA_MAX_BYTES) return { error: t('testPhone.file.size', { name: file.name, size: formatBytes(file.size), max: formatBytes(PHONE_MEDIA_MAX_BYTES) }) };
  return { mimeType };
}

/** The file's bytes as base64 (without the data-URL prefix). */
export function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error(`could not read ${file.name}`));
    reader.readAsDataURL(file);
  });
}
