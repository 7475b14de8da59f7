// Compression bombs shaped like a DOCX, built cheaply: a deflate segment of 1 MB of text repeated
// (raw deflate segments ending in a sync flush can be concatenated), so a 1 GB entry costs ~1 MB
// to build. The ZIP is written by hand so a test can also make it lie about sizes.
import { constants, deflateRawSync } from 'node:zlib';

const SEGMENT_BYTES = 1024 * 1024;
const segment = deflateRawSync(Buffer.alloc(SEGMENT_BYTES, 'a'), { finishFlush: constants.Z_SYNC_FLUSH });
const FINAL = deflateRawSync(Buffer.alloc(0));

/** word/document.xml inflates to `megabytes` MB; its declared size is `declaredBytes` (default: the truth). */
export function docxBomb(megabytes: number, declaredBytes = megabytes * SEGMENT_BYTES): Buffer {
  const data = Buffer.concat([...Array.from({ length: megabytes }, () => segment), FINAL]);
  return zip([{ name: 'word/document.xml', data, size: declaredBytes }]);
}

function zip(entries: Array<{ name: string; data: Buffer; size: number }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
