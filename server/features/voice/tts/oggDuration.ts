// Duration of an Ogg Opus file from its last page's granule position (48 kHz samples) minus the
// pre-skip in the OpusHead header; null when the bytes are not Ogg Opus.
export function oggOpusDuration(bytes: Buffer): number | null {
  if (bytes.length < 47 || bytes.toString('latin1', 0, 4) !== 'OggS' || bytes[4] !== 0) return null;
  const headAt = bytes.indexOf('OpusHead', 0, 'latin1');
  if (headAt < 0 || headAt > 200) return null;
  const preSkip = bytes.readUInt16LE(headAt + 10);
  for (let at = bytes.lastIndexOf('OggS', bytes.length - 4, 'latin1'); at >= 0; at = bytes.lastIndexOf('OggS', at - 1, 'latin1')) {
    if (at + 14 > bytes.length || bytes[at + 4] !== 0) continue;
    const granule = bytes.readBigInt64LE(at + 6);
    if (granule < 0n) continue; // -1: no packet ends on this page
    return Math.max(0, Number(granule) - preSkip) / 48_000;
  }
  return null;
}

/** Spoken length when the audio does not say: about 15 characters a second (150 words a minute). */
export const estimateSpeechSeconds = (text: string) => Math.max(1, [...text].length / 15);
