// Splits a parsed document into chunks for embedding. A heading always starts a new chunk (a chunk
// never mixes two sections) and its path ("Policies › Refunds") heads the chunk, so a chunk read
// alone still says what it is about. Inside a section paragraphs are packed up to `maxChars`; the
// next chunk repeats the end of the previous one (whole paragraphs when they fit in
// `overlapChars`, otherwise its last sentences or words) so an answer that straddles the cut is
// still found. Paragraphs longer than a chunk are cut at sentences, then words, then characters.
// Linear in the document's size.
import type { Block, ParsedDocument } from '../parsing/parsedDocument.js';

export type ChunkOptions = { maxChars: number; overlapChars: number };
export const DEFAULT_CHUNKING: ChunkOptions = { maxChars: 1200, overlapChars: 200 };

export type Chunk = {
  /** What is stored and embedded: the heading path, a blank line, the text. */
  content: string;
  headingPath: string[];
  position: number;
  pages: [number, number] | null;
  rows: [number, number] | null;
};

type Piece = { text: string; page?: number; rows?: [number, number] };

export function chunkDocument(document: ParsedDocument, options: ChunkOptions = DEFAULT_CHUNKING): Chunk[] {
  if (options.maxChars < 50) throw new Error('chunks must allow at least 50 characters');
  const overlapChars = Math.max(0, Math.min(options.overlapChars, Math.floor(options.maxChars / 2)));
  const chunks: Chunk[] = [];
  let path: string[] = [];
  let current: Piece[] = [];
  let currentLength = 0;
  let hasNewText = false;

  const header = () => (path.length ? `${path.join(' › ')}\n\n` : '');
  // The heading path may be long; the body always keeps at least half a chunk.
  const bodyMax = () => Math.max(Math.floor(options.maxChars / 2), options.maxChars - header().length);

  const emit = () => {
    if (!hasNewText) return;
    const pages = range(current.map((piece) => piece.page));
    const rows = range(current.flatMap((piece) => piece.rows ?? []));
    chunks.push({ content: header() + current.map((piece) => piece.text).join('\n\n'), headingPath: [...path], position: chunks.length, pages, rows });
  };

  const startNext = (withOverlap: boolean, room: number) => {
    const carried = withOverlap ? overlapTail(current, Math.min(overlapChars, room)) : [];
    current = carried;
    currentLength = carried.reduce((sum, piece, index) => sum + piece.text.length + (index ? 2 : 0), 0);
    hasNewText = false;
  };

  const add = (piece: Piece) => {
    const limit = bodyMax();
    const needed = piece.text.length + (current.length ? 2 : 0);
    if (hasNewText && currentLength + needed > limit) {
      emit();
      // The overlap is shortened so that it and the new piece fit in one chunk.
      startNext(true, limit - piece.text.length - 2);
    }
    currentLength += piece.text.length + (current.length ? 2 : 0);
    current.push(piece);
    hasNewText = true;
  };

  for (const block of document.blocks) {
    if (block.kind === 'heading') {
      emit();
      startNext(false, 0);
      path = [...path.slice(0, block.level - 1).filter(Boolean), block.text];
      continue;
    }
    for (const text of splitToFit(block.text, bodyMax())) add(pieceOf(block, text));
  }
  emit();
  return chunks;
}

const pieceOf = (block: Extract<Block, { kind: 'paragraph' }>, text: string): Piece => ({ text, page: block.page, rows: block.rows });

function range(values: Array<number | undefined>): [number, number] | null {
  const known = values.filter((value): value is number => value !== undefined);
  return known.length ? [Math.min(...known), Math.max(...known)] : null;
}

/** The end of the previous chunk to repeat: whole trailing pieces when they fit, else the last words. */
function overlapTail(pieces: Piece[], budget: number): Piece[] {
  if (budget <= 20 || pieces.length === 0) return [];
  const kept: Piece[] = [];
  let used = 0;
  for (let i = pieces.length - 1; i >= 0; i--) {
    const piece = pieces[i]!;
    const cost = piece.text.length + (kept.length ? 2 : 0);
    if (used + cost > budget) {
      if (kept.length === 0) {
        const tail = tailText(piece.text, budget);
        if (tail) kept.unshift({ ...piece, text: tail });
      }
      break;
    }
    kept.unshift(piece);
    used += cost;
  }
  return kept;
}

/** At most `budget` characters from the end of `text`, starting at a sentence or else a word. */
function tailText(text: string, budget: number): string {
  const tail = text.slice(-budget);
  const sentenceEnd = /[.!?…]\s+/.exec(tail);
  const best = sentenceEnd ? sentenceEnd.index + sentenceEnd[0].length : -1;
  if (best > 0 && best < tail.length - 10) return tail.slice(best).trim();
  const space = tail.indexOf(' ');
  return (space >= 0 && space < tail.length - 10 ? tail.slice(space + 1) : tail).trim();
}

/** Cuts text longer than `limit` at sentence ends, then at spaces, then anywhere. */
export function splitToFit(text: string, limit: number): string[] {
  if (text.length <= limit) return [text];
  const parts: string[] = [];
  let buffer = '';
  const push = (unit: string) => {
    if (!buffer) buffer = unit;
    else if (buffer.length + 1 + unit.length <= limit) buffer += ` ${unit}`;
    else {
      parts.push(buffer);
      buffer = unit;
    }
  };
  for (const sentence of text.split(/(?<=[.!?…])\s+|\n+/)) {
    if (!sentence) continue;
    if (sentence.length <= limit) {
      push(sentence);
      continue;
    }
    for (const word of sentence.split(/\s+/)) {
      if (!word) continue;
      if (word.length <= limit) push(word);
      else for (let i = 0; i < word.length; i += limit) push(word.slice(i, i + limit));
    }
  }
  if (buffer) parts.push(buffer);
  return parts;
}
