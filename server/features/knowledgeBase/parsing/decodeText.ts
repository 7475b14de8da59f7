// Text files arrive in whatever encoding the customer's editor used. UTF-8 (with or without a BOM)
// and UTF-16 (with a BOM) are read as such; bytes that are not valid UTF-8 are read as
// Windows-1252, the usual encoding of Portuguese and Spanish files saved by older Windows tools.
// Binary files (NUL bytes outside UTF-16) are refused rather than stored as garbage.
import { invalidDocument } from './invalidDocument.js';

export function decodeText(bytes: Uint8Array, fileName: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (looksLikeBomlessUtf16Le(bytes)) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes.includes(0)) throw invalidDocument(fileName, 'this looks like a binary file, not text (upload PDF, DOCX, HTML, CSV, Markdown or plain text)');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** ASCII text saved as UTF-16LE without a BOM: every second byte is zero. */
function looksLikeBomlessUtf16Le(bytes: Uint8Array): boolean {
  const sample = Math.min(bytes.length, 512) & ~1;
  if (sample < 8) return false;
  let zeroOdd = 0;
  let zeroEven = 0;
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  return zeroOdd > (sample / 2) * 0.9 && zeroEven === 0;
}
