// Duration of an Ogg Opus file (RFC 7845): the granule position of the stream's last complete page
// counts 48 kHz samples whatever the input rate, minus the pre-skip from the OpusHead packet.
// null when the bytes are not Ogg Opus or hold no audio page, so the caller falls back to an
// estimate.
// Hand-written on purpose: music-metadata, the usual library, needs Node >= 22 (we support 20.19);
// codec-parser is LGPL-3.0 and walks every frame; the Opus decoders are WebAssembly. Reading one
// field of two pages is not worth any of them. Pages are checked whole (header, lacing table, body
// within the file, same stream serial), so a truncated tail or "OggS" bytes inside audio data are
// never read as a page.
const PAGE_HEADER_BYTES = 27;
const OPUS_HEAD_BYTES = 19;
const OPUS_RATE = 48_000;

type OggPage = { granule: bigint; serial: number; bodyAt: number; bodyEnd: number };

export function oggOpusDuration(bytes: Buffer): number | null {
  const first = pageAt(bytes, 0);
  if (!first || first.bodyEnd - first.bodyAt < OPUS_HEAD_BYTES || bytes.toString('latin1', first.bodyAt, first.bodyAt + 8) !== 'OpusHead') return null;
  const preSkip = BigInt(bytes.readUInt16LE(first.bodyAt + 10));
  for (let at = bytes.lastIndexOf('OggS', bytes.length - 4, 'latin1'); at > 0; at = bytes.lastIndexOf('OggS', at - 1, 'latin1')) {
    const page = pageAt(bytes, at);
    // -1: no packet ends on this page; 0: header pages, nothing decoded yet.
    if (!page || page.serial !== first.serial || page.granule <= 0n) continue;
    return Number(page.granule > preSkip ? page.granule - preSkip : 0n) / OPUS_RATE;
  }
  return null;
}

/** The Ogg page starting at `at` if its header, lacing table and body all lie within the bytes. */
function pageAt(bytes: Buffer, at: number): OggPage | null {
  if (at + PAGE_HEADER_BYTES > bytes.length || bytes.toString('latin1', at, at + 4) !== 'OggS' || bytes[at + 4] !== 0) return null;
  const segments = bytes[at + 26]!;
  const bodyAt = at + PAGE_HEADER_BYTES + segments;
  if (bodyAt > bytes.length) return null;
  let bodyLength = 0;
  for (let i = 0; i < segments; i++) bodyLength += bytes[at + PAGE_HEADER_BYTES + i]!;
  if (bodyAt + bodyLength > bytes.length) return null;
  return { granule: bytes.readBigInt64LE(at + 6), serial: bytes.readUInt32LE(at + 14), bodyAt, bodyEnd: bodyAt + bodyLength };
}

/** Spoken length when the audio does not say: about 15 characters a second (150 words a minute). */
export const estimateSpeechSeconds = (text: string) => Math.max(1, [...text].length / 15);
