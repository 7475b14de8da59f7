import { describe, expect, it } from 'vitest';
import { estimateSpeechSeconds, oggOpusDuration } from './oggDuration.js';

// Ogg pages built to the letter (RFC 3533, CRC included) so the fixtures are files a real player
// would accept.
const CRC_TABLE = Array.from({ length: 256 }, (_, index) => {
  let crc = index << 24;
  for (let bit = 0; bit < 8; bit++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  return crc >>> 0;
});
const oggCrc = (bytes: Buffer) => bytes.reduce((crc, byte) => ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]!) >>> 0, 0);

type PageSpec = { granule: bigint; packet: Buffer; sequence: number; serial?: number; headerType?: number };

function oggPage({ granule, packet, sequence, serial = 0x5eed, headerType = 0 }: PageSpec): Buffer {
  const lacing = [...Array(Math.floor(packet.length / 255)).fill(255), packet.length % 255];
  const header = Buffer.alloc(27 + lacing.length);
  header.write('OggS', 0, 'latin1');
  header[5] = headerType;
  header.writeBigInt64LE(granule, 6);
  header.writeUInt32LE(serial, 14);
  header.writeUInt32LE(sequence, 18);
  header[26] = lacing.length;
  Buffer.from(lacing).copy(header, 27);
  const page = Buffer.concat([header, packet]);
  page.writeUInt32LE(oggCrc(page), 22);
  return page;
}

function opusHead(preSkip: number): Buffer {
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'latin1');
  head[8] = 1; // version
  head[9] = 1; // mono
  head.writeUInt16LE(preSkip, 10);
  head.writeUInt32LE(24_000, 12); // the input's rate, informative only
  return head;
}

const tags = Buffer.concat([Buffer.from('OpusTags', 'latin1'), Buffer.alloc(8)]);
const audio = (bytes: number, fill = 0xfc) => Buffer.alloc(bytes, fill);

/** A mono Ogg Opus file: head, tags, then one audio page per granule given. */
function opusFile(preSkip: number, granules: bigint[], options: { serial?: number } = {}): Buffer {
  return Buffer.concat([
    oggPage({ granule: 0n, packet: opusHead(preSkip), sequence: 0, headerType: 2, ...options }),
    oggPage({ granule: 0n, packet: tags, sequence: 1, ...options }),
    ...granules.map((granule, index) =>
      oggPage({
        granule,
        packet: audio(300),
        sequence: index + 2,
        headerType: index === granules.length - 1 ? 4 : 0,
        ...options,
      }),
    ),
  ]);
}

describe('oggOpusDuration', () => {
  it('reads the last page granule minus the pre-skip, in 48 kHz samples', () => {
    expect(oggOpusDuration(opusFile(312, [48_312n, 96_312n, 120_312n]))).toBe(2.5);
  });

  it('uses the last complete page when the file is cut in a page body or header', () => {
    const whole = opusFile(312, [48_312n, 96_312n, 120_312n]);
    expect(oggOpusDuration(whole.subarray(0, whole.length - 100))).toBe(2);
    expect(oggOpusDuration(whole.subarray(0, whole.length - 300 - 20))).toBe(2); // inside the last header
  });

  it('skips a last page on which no packet ends (granule -1)', () => {
    const file = Buffer.concat([opusFile(0, [72_000n]), oggPage({ granule: -1n, packet: audio(255 * 3), sequence: 3 })]);
    expect(oggOpusDuration(file)).toBe(1.5);
  });

  it('is null when there is no audio page at all', () => {
    expect(oggOpusDuration(opusFile(312, []))).toBeNull();
  });

  it('never reads a duration shorter than zero', () => {
    expect(oggOpusDuration(opusFile(3_840, [960n]))).toBe(0);
  });

  it('is not fooled by "OggS" inside audio data', () => {
    const looksLikeAPage = Buffer.concat([Buffer.from('OggS\0\0', 'latin1'), Buffer.alloc(8, 0x7f), audio(40)]);
    const file = Buffer.concat([
      opusFile(0, [48_000n]),
      oggPage({ granule: 96_000n, packet: Buffer.concat([audio(100), looksLikeAPage, audio(10)]), sequence: 3 }),
    ]);
    expect(oggOpusDuration(file)).toBe(2);
  });

  it('reads only the Opus stream when another stream is multiplexed after it', () => {
    const other = oggPage({ granule: 9_999_999n, packet: audio(50), sequence: 0, serial: 0xbeef });
    expect(oggOpusDuration(Buffer.concat([opusFile(0, [96_000n]), other]))).toBe(2);
  });

  it('is null for Ogg that is not Opus, for non-Ogg bytes and for a cut-off first page', () => {
    const vorbisId = Buffer.concat([Buffer.from('\u0001vorbis', 'latin1'), Buffer.alloc(23)]);
    const vorbis = Buffer.concat([
      oggPage({ granule: 0n, packet: vorbisId, sequence: 0, headerType: 2 }),
      oggPage({ granule: 44_100n, packet: audio(100), sequence: 1 }),
    ]);
    expect(oggOpusDuration(vorbis)).toBeNull();
    expect(oggOpusDuration(Buffer.from('OggS{"voice":"nova","input":"olá"}'))).toBeNull(); // the fake model server's "audio"
    expect(oggOpusDuration(Buffer.from('ID3\u0003 an mp3'))).toBeNull();
    expect(oggOpusDuration(Buffer.alloc(0))).toBeNull();
    expect(oggOpusDuration(opusFile(312, [48_312n]).subarray(0, 40))).toBeNull();
  });

  it('is null when OpusHead is not the first page (RFC 7845 puts it alone there)', () => {
    const file = Buffer.concat([oggPage({ granule: 0n, packet: tags, sequence: 0, headerType: 2 }), opusFile(0, [48_000n]).subarray(47)]);
    expect(oggOpusDuration(file)).toBeNull();
  });
});

describe('estimateSpeechSeconds', () => {
  it('counts about 15 characters a second, at least one second', () => {
    expect(estimateSpeechSeconds('a'.repeat(150))).toBe(10);
    expect(estimateSpeechSeconds('oi')).toBe(1);
  });
});
