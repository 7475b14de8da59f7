import { describe, expect, it } from 'vitest';
import type { ParsedDocument } from '../parsing/parsedDocument.js';
import { chunkDocument, splitToFit } from './chunkDocument.js';

const options = { maxChars: 300, overlapChars: 80 };

describe('chunkDocument', () => {
  it('gives no chunks for a document without paragraphs (headings alone are not knowledge)', () => {
    expect(chunkDocument({ title: null, blocks: [] })).toEqual([]);
    expect(chunkDocument({ title: null, blocks: [{ kind: 'heading', level: 1, text: 'Only a title' }] })).toEqual([]);
  });

  it('starts a chunk at every heading and heads it with the heading path', () => {
    const document: ParsedDocument = {
      title: 'Store',
      blocks: [
        { kind: 'heading', level: 1, text: 'Store' },
        { kind: 'paragraph', text: 'We sell cakes.' },
        { kind: 'heading', level: 2, text: 'Refunds' },
        { kind: 'paragraph', text: 'Within 30 days.' },
        { kind: 'heading', level: 3, text: 'Exceptions' },
        { kind: 'paragraph', text: 'Custom cakes cannot be refunded.' },
        { kind: 'heading', level: 2, text: 'Delivery' },
        { kind: 'paragraph', text: 'Everywhere in town.' },
      ],
    };
    const chunks = chunkDocument(document, options);
    expect(chunks.map((chunk) => chunk.content)).toEqual([
      'Store\n\nWe sell cakes.',
      'Store › Refunds\n\nWithin 30 days.',
      'Store › Refunds › Exceptions\n\nCustom cakes cannot be refunded.',
      'Store › Delivery\n\nEverywhere in town.',
    ]);
    expect(chunks.map((chunk) => chunk.position)).toEqual([0, 1, 2, 3]);
    expect(chunks[2]!.headingPath).toEqual(['Store', 'Refunds', 'Exceptions']);
  });

  it('packs paragraphs up to the limit and repeats the end of the previous chunk (overlap)', () => {
    const paragraphsText = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} says something useful about topic ${i}.`);
    const chunks = chunkDocument({ title: null, blocks: paragraphsText.map((text) => ({ kind: 'paragraph' as const, text })) }, options);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(chunk.content.length).toBeLessThanOrEqual(options.maxChars);
    for (let i = 1; i < chunks.length; i++) {
      const previousLast = chunks[i - 1]!.content.split('\n\n').at(-1)!;
      expect(chunks[i]!.content.startsWith(previousLast)).toBe(true);
    }
    // Nothing is lost: every paragraph is in some chunk.
    for (const text of paragraphsText) expect(chunks.some((chunk) => chunk.content.includes(text))).toBe(true);
  });

  it('cuts a huge document (over 3 MB) into bounded chunks, losing no word', () => {
    const words = Array.from({ length: 400_000 }, (_, i) => `w${i}`);
    const sentences: string[] = [];
    for (let i = 0; i < words.length; i += 12) sentences.push(`${words.slice(i, i + 12).join(' ')}.`);
    const paragraphsText: string[] = [];
    for (let i = 0; i < sentences.length; i += 40) paragraphsText.push(sentences.slice(i, i + 40).join(' '));
    const document: ParsedDocument = { title: null, blocks: paragraphsText.map((text) => ({ kind: 'paragraph' as const, text })) };
    expect(paragraphsText.join('').length).toBeGreaterThan(3_000_000);
    const chunks = chunkDocument(document, { maxChars: 1200, overlapChars: 200 });
    expect(chunks.length).toBeGreaterThan(2500);
    const seen = new Set<string>();
    for (const chunk of chunks) {
      expect(chunk.content.length).toBeLessThanOrEqual(1200);
      for (const word of chunk.content.split(/[\s.]+/)) if (word) seen.add(word);
    }
    expect(seen.size).toBe(words.length);
  });

  it('cuts a paragraph with no sentence ends or spaces (a pasted hash) by characters', () => {
    const blob = 'x'.repeat(1000);
    const chunks = chunkDocument({ title: null, blocks: [{ kind: 'paragraph', text: blob }] }, options);
    expect(chunks.every((chunk) => chunk.content.length <= options.maxChars)).toBe(true);
    expect(
      chunks
        .map((chunk) => chunk.content)
        .join('')
        .replace(/\n/g, ''),
    ).toContain('x'.repeat(300));
    expect(splitToFit('a'.repeat(10), 4)).toEqual(['aaaa', 'aaaa', 'aa']);
  });

  it('keeps the page and row ranges of what a chunk holds', () => {
    const chunks = chunkDocument(
      {
        title: null,
        blocks: [
          { kind: 'paragraph', text: 'First page text.', page: 1 },
          { kind: 'paragraph', text: 'Second page text.', page: 2 },
        ],
      },
      options,
    );
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.pages).toEqual([1, 2]);
    expect(chunks[0]!.content).toBe('First page text.\n\nSecond page text.');
  });
});
