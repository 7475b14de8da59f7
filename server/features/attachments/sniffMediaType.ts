// Does the file's content match the type it was sent as? Meta refuses a mismatch (#131053) only
// when the outbox uploads it, minutes later; checking the first bytes here refuses it at once.
const startsWith = (head: Buffer, bytes: number[] | string, offset = 0) => {
  const expected = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return head.length >= offset + expected.length && head.subarray(offset, offset + expected.length).equals(expected);
};
const mp3Frame = (head: Buffer) => head.length >= 2 && head[0] === 0xff && (head[1]! & 0xe0) === 0xe0;
const adtsFrame = (head: Buffer) => head.length >= 2 && head[0] === 0xff && (head[1]! & 0xf6) === 0xf0;
const isoMedia = (head: Buffer) => startsWith(head, 'ftyp', 4);
const zip = (head: Buffer) => startsWith(head, [0x50, 0x4b, 0x03, 0x04]);
const ole = (head: Buffer) => startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const SIGNATURES: Record<string, (head: Buffer) => boolean> = {
  'image/jpeg': (head) => startsWith(head, [0xff, 0xd8, 0xff]),
  'image/png': (head) => startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/webp': (head) => startsWith(head, 'RIFF') && startsWith(head, 'WEBP', 8),
  'video/mp4': isoMedia,
  'video/3gpp': isoMedia,
  'audio/mp4': isoMedia,
  'audio/ogg': (head) => startsWith(head, 'OggS'),
  'audio/amr': (head) => startsWith(head, '#!AMR'),
  'audio/mpeg': (head) => startsWith(head, 'ID3') || mp3Frame(head),
  'audio/aac': (head) => startsWith(head, 'ID3') || startsWith(head, 'ADIF') || adtsFrame(head),
  'application/pdf': (head) => startsWith(head, '%PDF-'),
  'application/msword': ole,
  'application/vnd.ms-excel': ole,
  'application/vnd.ms-powerpoint': ole,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': zip,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': zip,
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': zip,
  // Text has no signature; a NUL byte says it is binary.
  'text/plain': (head) => !head.includes(0),
};

/** Bytes read from the start of an upload for the checks below. */
export const SNIFF_BYTES = 512;

export function contentMatchesType(head: Buffer, mimeType: string): boolean {
  return SIGNATURES[mimeType]?.(head) ?? false;
}

/** An animated WebP (VP8X chunk with the animation flag) may be 500 KB as a sticker; a static one 100 KB. */
export function isAnimatedWebp(head: Buffer): boolean {
  return startsWith(head, 'VP8X', 12) && head.length > 20 && (head[20]! & 0x02) !== 0;
}
