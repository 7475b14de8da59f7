// Streams an upload's body to a temporary file next to its final place, hashing and counting as it
// goes: nothing larger than the limit is ever held in memory or kept on disk.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AttachmentRefused } from './attachmentRefused.js';
import { SNIFF_BYTES } from './sniffMediaType.js';

export type ReceivedFile = { temporary: string; size: number; sha256: string; head: Buffer };

export async function receiveUploadedFile(body: Readable, directory: string, maxBytes: number, tooLarge: () => string): Promise<ReceivedFile> {
  await fs.promises.mkdir(directory, { recursive: true });
  const temporary = path.join(directory, `.upload-${randomBytes(8).toString('hex')}.part`);
  const hash = createHash('sha256');
  let size = 0;
  let head = Buffer.alloc(0);
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new AttachmentRefused(413, tooLarge()));
      if (head.length < SNIFF_BYTES) head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, counter, fs.createWriteStream(temporary, { mode: 0o600 }));
  } catch (error) {
    await fs.promises.rm(temporary, { force: true });
    if (error instanceof AttachmentRefused) throw error;
    throw new AttachmentRefused(400, `the upload did not arrive whole: ${(error as Error).message}`);
  }
  return { temporary, size, sha256: hash.digest('hex'), head };
}
