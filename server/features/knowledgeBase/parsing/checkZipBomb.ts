// A DOCX is a ZIP. A 62 KB one whose entries inflate to gigabytes held the server for minutes at
// 2.8 GB RSS. Before mammoth inflates anything, the central directory is read (no inflating) and
// the declared sizes are checked: the total, and the ratio of any large entry. The declared sizes
// are then made true: each entry is inflated with node:zlib's maxOutputLength set to its declared
// size, so an entry that lies stops at that size instead of filling memory. Mammoth (JSZip) inflates
// the same entries afterwards, now known to be bounded.
import { inflateRawSync } from 'node:zlib';
import { invalidDocument } from './invalidDocument.js';

export type ZipLimits = {
  /** The most all entries together may expand to. */
  totalBytes: number;
  /** Expansion ratio allowed for an entry once it is larger than ratioFreeBytes. */
  ratio: number;
  ratioFreeBytes: number;
  entries: number;
};

export const ZIP_LIMITS: ZipLimits = { totalBytes: 50 * 1024 * 1024, ratio: 100, ratioFreeBytes: 1024 * 1024, entries: 10_000 };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MB = 1024 * 1024;

type Entry = { name: string; method: number; compressed: number; uncompressed: number; localOffset: number };

export function checkZipBomb(bytes: Uint8Array, fileName: string, limits: ZipLimits = ZIP_LIMITS): void {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rejected = (reason: string) => invalidDocument(fileName, `document rejected: ${reason}`);
  const entries = readCentralDirectory(data, fileName, limits);
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressed;
    if (total > limits.totalBytes) throw rejected(`its contents would expand to more than ${Math.round(limits.totalBytes / MB)} MB`);
    if (entry.uncompressed > limits.ratioFreeBytes && entry.uncompressed > entry.compressed * limits.ratio) {
      throw rejected(`"${entry.name}" would expand ${Math.round(entry.uncompressed / Math.max(entry.compressed, 1))} times (more than ${limits.ratio}:1)`);
    }
  }
  for (const entry of entries) verifyEntry(data, entry, rejected);
}

function readCentralDirectory(data: Buffer, fileName: string, limits: ZipLimits): Entry[] {
  const unreadable = (why: string) => invalidDocument(fileName, `not a readable DOCX file (${why})`);
  // The end-of-central-directory record is in the last 22 + 65,535 (comment) bytes.
  let end = -1;
  for (let at = data.length - 22; at >= Math.max(0, data.length - 22 - 0xffff); at--) {
    if (data.readUInt32LE(at) === EOCD) {
      end = at;
      break;
    }
  }
  if (end < 0) throw unreadable('no ZIP directory');
  const count = data.readUInt16LE(end + 10);
  const offset = data.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff) throw invalidDocument(fileName, 'document rejected: ZIP64 packages are not supported');
  if (count > limits.entries) throw invalidDocument(fileName, `document rejected: more than ${limits.entries} parts`);
  const entries: Entry[] = [];
  let at = offset;
  for (let index = 0; index < count; index++) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== CENTRAL) throw unreadable('damaged ZIP directory');
    const nameLength = data.readUInt16LE(at + 28);
    const entry = {
      method: data.readUInt16LE(at + 10),
      compressed: data.readUInt32LE(at + 20),
      uncompressed: data.readUInt32LE(at + 24),
      localOffset: data.readUInt32LE(at + 42),
      name: data.toString('utf8', at + 46, Math.min(data.length, at + 46 + nameLength)),
    };
    if (entry.compressed === 0xffffffff || entry.uncompressed === 0xffffffff || entry.localOffset === 0xffffffff) {
      throw invalidDocument(fileName, 'document rejected: ZIP64 packages are not supported');
    }
    entries.push(entry);
    at += 46 + nameLength + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
  }
  return entries;
}

function verifyEntry(data: Buffer, entry: Entry, rejected: (reason: string) => Error): void {
  const at = entry.localOffset;
  if (at + 30 > data.length || data.readUInt32LE(at) !== LOCAL) throw rejected(`"${entry.name}" is damaged`);
  const start = at + 30 + data.readUInt16LE(at + 26) + data.readUInt16LE(at + 28);
  const compressed = data.subarray(start, start + entry.compressed);
  if (entry.method === 0) {
    if (entry.compressed !== entry.uncompressed) throw rejected(`"${entry.name}" is damaged`);
    return;
  }
  if (entry.method !== 8) throw rejected(`"${entry.name}" uses a compression method Word does not (${entry.method})`);
  let inflated: Buffer;
  try {
    // One byte more than declared: an entry that lies about its size fails here, bounded.
    inflated = inflateRawSync(compressed, { maxOutputLength: entry.uncompressed + 1 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw rejected(`"${entry.name}" is larger than its declared size`);
    }
    throw rejected(`"${entry.name}" is damaged`);
  }
  if (inflated.length !== entry.uncompressed) throw rejected(`"${entry.name}" is not the size it declares`);
}
