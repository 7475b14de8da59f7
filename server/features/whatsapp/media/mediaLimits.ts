// Largest file kept per media type (Meta's own limits; inbound media never exceeds 100 MB).
export const MEDIA_LIMITS: Record<'image' | 'audio' | 'video' | 'document' | 'sticker', number> = {
  image: 5 * 1024 * 1024,
  audio: 16 * 1024 * 1024,
  video: 16 * 1024 * 1024,
  document: 100 * 1024 * 1024,
  sticker: 500 * 1024,
};

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'audio/ogg': '.ogg',
  'audio/mpeg': '.mp3',
  'audio/mp4': '.m4a',
  'audio/aac': '.aac',
  'audio/amr': '.amr',
  'video/mp4': '.mp4',
  'video/3gpp': '.3gp',
  'application/pdf': '.pdf',
  'text/plain': '.txt',
};

export function extensionFor(mimeType: string | null): string {
  const base = (mimeType ?? '').split(';')[0]!.trim().toLowerCase();
  return EXTENSIONS[base] ?? '.bin';
}
