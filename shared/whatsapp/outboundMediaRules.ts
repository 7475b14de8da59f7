// What an agent may attach to a WhatsApp reply: the file types Meta accepts for each media kind and
// its size limits (Meta's media reference). The desktop checks a file with these before uploading;
// the server checks the same rules again (and the bytes) before storing it.
import type { MediaKind } from './outboundContent.js';

const MB = 1024 * 1024;

/** Largest file Meta accepts per kind (stickers: animated; a static sticker is at most 100 KB). */
export const OUTBOUND_MEDIA_MAX_BYTES: Record<MediaKind, number> = {
  image: 5 * MB,
  video: 16 * MB,
  audio: 16 * MB,
  document: 100 * MB,
  sticker: 500 * 1024,
};
export const STATIC_STICKER_MAX_BYTES = 100 * 1024;

/** Accepted MIME types → kind and the extensions that identify them when a browser gives no type. */
export const OUTBOUND_MEDIA_TYPES: Record<string, { kind: MediaKind; extensions: string[] }> = {
  'image/jpeg': { kind: 'image', extensions: ['jpg', 'jpeg'] },
  'image/png': { kind: 'image', extensions: ['png'] },
  'image/webp': { kind: 'sticker', extensions: ['webp'] },
  'video/mp4': { kind: 'video', extensions: ['mp4'] },
  'video/3gpp': { kind: 'video', extensions: ['3gp'] },
  'audio/aac': { kind: 'audio', extensions: ['aac'] },
  'audio/amr': { kind: 'audio', extensions: ['amr'] },
  'audio/mpeg': { kind: 'audio', extensions: ['mp3'] },
  'audio/mp4': { kind: 'audio', extensions: ['m4a'] },
  'audio/ogg': { kind: 'audio', extensions: ['ogg', 'opus'] },
  'text/plain': { kind: 'document', extensions: ['txt'] },
  'application/pdf': { kind: 'document', extensions: ['pdf'] },
  'application/msword': { kind: 'document', extensions: ['doc'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { kind: 'document', extensions: ['docx'] },
  'application/vnd.ms-excel': { kind: 'document', extensions: ['xls'] },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { kind: 'document', extensions: ['xlsx'] },
  'application/vnd.ms-powerpoint': { kind: 'document', extensions: ['ppt'] },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': { kind: 'document', extensions: ['pptx'] },
};

/** Names browsers and systems use for the same types. */
const ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'audio/mp3': 'audio/mpeg',
  'audio/x-m4a': 'audio/mp4',
  'audio/m4a': 'audio/mp4',
  'audio/x-aac': 'audio/aac',
  'audio/aacp': 'audio/aac',
  'audio/opus': 'audio/ogg',
  'video/3gp': 'video/3gpp',
};

/** The `accept` attribute of the file picker. */
export const OUTBOUND_MEDIA_ACCEPT = Object.entries(OUTBOUND_MEDIA_TYPES)
  .flatMap(([mime, rule]) => [mime, ...rule.extensions.map((extension) => `.${extension}`)])
  .join(',');

export type OutboundMediaCheck =
  | { ok: true; mimeType: string; kind: MediaKind; maxBytes: number }
  | { ok: false; problem: 'type'; mimeType: string }
  | { ok: false; problem: 'empty' }
  | { ok: false; problem: 'size'; mimeType: string; kind: MediaKind; maxBytes: number; size: number };

/** The accepted MIME type for a file's declared type, or from its extension when the type is missing or generic. */
export function outboundMediaType(declared: string | null | undefined, filename?: string | null): string | null {
  const base = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  const mime = ALIASES[base] ?? base;
  if (OUTBOUND_MEDIA_TYPES[mime]) return mime;
  if (mime && mime !== 'application/octet-stream') return null;
  const extension = (filename ?? '').toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (!extension) return null;
  return Object.entries(OUTBOUND_MEDIA_TYPES).find(([, rule]) => rule.extensions.includes(extension))?.[0] ?? null;
}

/** Checks type and size; `size` null when not known yet (a streamed upload is counted as it arrives). */
export function checkOutboundMedia(declared: string | null | undefined, filename: string | null | undefined, size: number | null): OutboundMediaCheck {
  const mimeType = outboundMediaType(declared, filename);
  if (!mimeType) return { ok: false, problem: 'type', mimeType: (declared ?? '').split(';')[0]!.trim() || 'unknown' };
  const kind = OUTBOUND_MEDIA_TYPES[mimeType]!.kind;
  const maxBytes = OUTBOUND_MEDIA_MAX_BYTES[kind];
  if (size === 0) return { ok: false, problem: 'empty' };
  if (size !== null && size > maxBytes) return { ok: false, problem: 'size', mimeType, kind, maxBytes, size };
  return { ok: true, mimeType, kind, maxBytes };
}

/** "5 MB", "500 KB": how limits are written in messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}
