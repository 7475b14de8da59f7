// A file the test customer picked (image or audio): checked before anything is sent, with the same
// type rules WhatsApp applies and the test phone's 5 MB limit, then read as base64 for testPhone.send.
import { OUTBOUND_MEDIA_TYPES, formatBytes, outboundMediaType } from '#shared/whatsapp/outboundMediaRules.js';
import type { Translate } from '#renderer/i18n/useI18n';
import type { CustomerMessage } from '../testPhoneApi';

export type PhoneMediaKind = 'image' | 'audio';
export type ImageType = Extract<CustomerMessage, { type: 'image' }>['mimeType'];
export type AudioType = Extract<CustomerMessage, { type: 'audio' }>['mimeType'];
export type PickedMedia =
  { kind: 'image'; file: File; mimeType: ImageType; previewUrl: string } | { kind: 'audio'; file: File; mimeType: AudioType; previewUrl: string };

/** What testPhone.send accepts (server/features/sandbox/testPhoneInput.ts). */
const ACCEPTED: { image: readonly ImageType[]; audio: readonly AudioType[] } = {
  image: ['image/jpeg', 'image/png', 'image/webp'],
  audio: ['audio/ogg', 'audio/mpeg', 'audio/mp4', 'audio/aac', 'audio/amr', 'audio/webm'],
};
const EXTENSIONS: Record<string, string[]> = { 'audio/webm': ['webm', 'weba'], 'image/webp': ['webp'] };

/** The most the test phone sends (the server refuses more). */
export const PHONE_MEDIA_MAX_BYTES = 5 * 1024 * 1024;

/** The picker's `accept` for a kind: its MIME types and their extensions. */
export const acceptFor = (kind: PhoneMediaKind) =>
  ACCEPTED[kind].flatMap((mime) => [mime, ...(OUTBOUND_MEDIA_TYPES[mime]?.extensions ?? EXTENSIONS[mime] ?? []).map((extension) => `.${extension}`)]).join(',');

/** The file's type as testPhone.send names it (from the declared type, or the extension when missing). */
function acceptedType(kind: PhoneMediaKind, file: File): string | null {
  const declared = file.type.split(';')[0]!.trim().toLowerCase();
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  const known = ACCEPTED[kind] as readonly string[];
  if (known.includes(declared)) return declared;
  const mapped = outboundMediaType(declared, file.name);
  if (mapped && known.includes(mapped)) return mapped;
  return Object.entries(EXTENSIONS).find(([mime, extensions]) => known.includes(mime) && extensions.includes(extension))?.[0] ?? null;
}

export function checkPickedFile(t: Translate, kind: PhoneMediaKind, file: File): { error: string } | { picked: PickedMedia } {
  const mimeType = acceptedType(kind, file);
  if (!mimeType) {
    return {
      error: t('testPhone.file.type', { name: file.name, type: file.type || file.name.split('.').pop() || '?', kind: t(`testPhone.file.kind.${kind}`) }),
    };
  }
  if (file.size === 0) return { error: t('testPhone.file.empty', { name: file.name }) };
  if (file.size > PHONE_MEDIA_MAX_BYTES)
    return { error: t('testPhone.file.size', { name: file.name, size: formatBytes(file.size), max: formatBytes(PHONE_MEDIA_MAX_BYTES) }) };
  const previewUrl = URL.createObjectURL(file);
  return {
    picked: kind === 'image' ? { kind, file, mimeType: mimeType as ImageType, previewUrl } : { kind, file, mimeType: mimeType as AudioType, previewUrl },
  };
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
