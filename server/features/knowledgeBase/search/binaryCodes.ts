// Binary quantisation for the SQLite search: one bit per dimension (its sign), so a 1,536-dimension
// embedding is 192 bytes instead of 6 KB and its distance to a question is a popcount of an XOR.
// Hamming distance over sign bits ranks like the angle between the vectors (each differing bit is
// a hyperplane between them), good enough to pick a shortlist that the exact cosine then reranks.

/** 32-bit words per code. */
export const codeWords = (dimensions: number) => Math.ceil(dimensions / 32);

/** Writes the sign bits of `vector` as words `offset … offset + codeWords - 1` of `codes`. */
export function writeCode(codes: Uint32Array, offset: number, vector: ArrayLike<number>): void {
  const words = codeWords(vector.length);
  for (let word = 0; word < words; word++) {
    let bits = 0;
    const base = word * 32;
    const end = Math.min(32, vector.length - base);
    for (let bit = 0; bit < end; bit++) if (vector[base + bit]! > 0) bits |= 1 << bit;
    codes[offset + word] = bits >>> 0;
  }
}

/** Set bits of every 16-bit value: two look-ups per 32-bit word (JavaScript has no popcount). */
const BITS16 = (() => {
  const table = new Uint8Array(65536);
  for (let value = 1; value < 65536; value++) table[value] = (value & 1) + table[value >> 1]!;
  return table;
})();

/**
 * Hamming distance from `query` to each of the first `count` codes, into `out`; rows that
 * `skip` marks get the largest distance so they are never picked.
 */
export function hammingDistances(codes: Uint32Array, words: number, count: number, query: Uint32Array, out: Uint16Array, skip?: Uint8Array): void {
  const excluded = words * 32 + 1; // past any real distance (nearestRows leaves it out)
  for (let row = 0; row < count; row++) {
    if (skip && skip[row]) {
      out[row] = excluded;
      continue;
    }
    let distance = 0;
    const base = row * words;
    for (let word = 0; word < words; word++) {
      const diff = codes[base + word]! ^ query[word]!;
      distance += BITS16[diff & 0xffff]! + BITS16[diff >>> 16]!;
    }
    out[row] = distance;
  }
}

/**
 * The rows of the `wanted` smallest distances (ties at the cut-off included, up to twice `wanted`;
 * skipped rows never), found with a histogram of the distances instead of sorting them all.
 */
export function nearestRows(distances: Uint16Array, count: number, wanted: number, words: number): number[] {
  const largest = words * 32; // a skipped row's distance is one more
  const histogram = new Uint32Array(largest + 2);
  for (let row = 0; row < count; row++) histogram[distances[row]!]!++;
  let cutoff = 0;
  let below = 0;
  while (cutoff < largest && below + histogram[cutoff]! < wanted) below += histogram[cutoff++]!;
  const rows: number[] = [];
  for (let row = 0; row < count; row++) if (distances[row]! < cutoff) rows.push(row);
  const limit = Math.max(wanted * 2, rows.length);
  for (let row = 0; row < count && rows.length < limit; row++) if (distances[row] === cutoff) rows.push(row);
  return rows;
}
