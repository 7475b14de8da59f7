// How a stored file is served. Its MIME type came from the customer's phone (or an agent's
// upload), so it cannot be trusted to be inert: an HTML document or an SVG image opened in a tab of
// the app's origin would run its script there. Only types a browser renders without running
// anything are served inline, under their canonical name; everything else (text/html,
// image/svg+xml, XML, JavaScript, unknown) is a download of application/octet-stream. PDFs keep
// their type but download too (PDF viewers run scripts).
const INLINE_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'audio/ogg',
  'audio/mpeg',
  'audio/mp4',
  'audio/aac',
  'audio/amr',
  'video/mp4',
  'video/3gpp',
]);
const DOWNLOAD_TYPES = new Set(['application/pdf']);

export type ServedMediaType = { contentType: string; disposition: 'inline' | 'attachment' };

export function servedMediaType(mimeType: string | null | undefined): ServedMediaType {
  const base = (mimeType ?? '').split(';')[0]!.trim().toLowerCase();
  if (INLINE_TYPES.has(base)) return { contentType: base, disposition: 'inline' };
  if (DOWNLOAD_TYPES.has(base)) return { contentType: base, disposition: 'attachment' };
  return { contentType: 'application/octet-stream', disposition: 'attachment' };
}

/** Headers on every /media answer: nothing in it may run, be framed elsewhere or be sniffed into HTML. */
export const MEDIA_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "sandbox; default-src 'none'",
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
};
